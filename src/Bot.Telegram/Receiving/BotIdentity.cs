using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Receiving;

/// <summary>The bot's own account (getMe): its username tells commands addressed to it (<c>/ask@Name</c>) from
/// those for other bots. Asked once, retried with back-off until Telegram answers, except when Telegram rejects the
/// token (that failure is thrown: retrying cannot fix it).</summary>
public sealed class BotIdentity : IDisposable
{
    private readonly TelegramClient _client;
    private readonly TimeProvider _time;
    private readonly TelegramOptions _options;
    private readonly ILogger<BotIdentity> _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private User? _me;

    public BotIdentity(TelegramClient client, TimeProvider time, IOptions<TelegramOptions> options, ILogger<BotIdentity> log)
    {
        _client = client;
        _time = time;
        _options = options.Value;
        _log = log;
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
            var backoff = _options.BackoffMin;
            while (_me is null)
            {
                try
                {
                    _me = await _client.CallAsync((bot, ct) => bot.GetMe(ct), cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !TelegramClient.IsTokenRejected(ex, onGetMe: true))
                {
                    _log.LogWarning("Telegram getMe failed, retrying in {Seconds} s: {Error}", backoff.TotalSeconds, _client.Redactor.Describe(ex));
                    await Task.Delay(backoff, _time, cancellationToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.BackoffMax.Ticks));
                }
            }

            return _me;
        }
        finally
        {
            _gate.Release();
        }
    }
}
