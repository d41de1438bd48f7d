using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Receiving;

/// <summary>The bot's own account (getMe): its username tells commands addressed to it (<c>/ask@Name</c>) from
/// those for other bots. Asked once, retried with back-off until Telegram answers, except when Telegram rejects the
/// token (that failure is thrown: retrying cannot fix it).</summary>
public sealed class BotIdentity : IDisposable
{
    private readonly TelegramClient _client;
    private readonly TelegramRetries _retries;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private User? _me;

    public BotIdentity(TelegramClient client, TelegramRetries retries)
    {
        _client = client;
        _retries = retries;
    }

    public void Dispose() => _gate.Dispose();

    public async Task<User> GetAsync(CancellationToken cancellationToken)
    {
        if (_me is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            _me ??= await _retries.IdentityAsync(async ct => await _client.CallAsync((bot, c) => bot.GetMe(c), ct), cancellationToken);
            return _me;
        }
        finally
        {
            _gate.Release();
        }
    }
}
