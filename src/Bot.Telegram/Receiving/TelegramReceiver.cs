using Bot.Core.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Receiving;

/// <summary>Runs the Telegram side of the bot: learns its own name (getMe), registers the command menu
/// (setMyCommands, from the dispatcher's single list of commands), resumes updates stored before a restart, then
/// either long-polls getUpdates or registers the webhook. The poll loop never ends on an error: network failures
/// and Telegram errors are logged and retried with back-off.</summary>
public sealed class TelegramReceiver : BackgroundService
{
    public static readonly UpdateType[] AllowedUpdates =
        [UpdateType.Message, UpdateType.ChannelPost, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    private readonly TelegramClient _client;
    private readonly BotIdentity _identity;
    private readonly UpdateIntake _intake;
    private readonly ITelegramUpdateStore _store;
    private readonly CommandDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly TelegramOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<TelegramReceiver> _log;

    public TelegramReceiver(
        TelegramClient client,
        BotIdentity identity,
        UpdateIntake intake,
        ITelegramUpdateStore store,
        CommandDispatcher dispatcher,
        TimeProvider time,
        IOptions<TelegramOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<TelegramReceiver> log)
    {
        _lifetime = lifetime;
        _client = client;
        _identity = identity;
        _intake = intake;
        _store = store;
        _dispatcher = dispatcher;
        _time = time;
        _options = options.Value;
        _log = log;
    }

    /// <summary>The command menu: every command, moderators' ones marked as such.</summary>
    public static IReadOnlyList<BotCommand> Menu(IEnumerable<IBotCommand> commands) =>
    [
        .. commands
            .Where(c => c.Name.Length is > 0 and <= 32 && c.Name.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            .Take(100)
            .Select(c => new BotCommand(c.Name, MenuDescription(c))),
    ];

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _intake.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            User me;
            try
            {
                me = await _identity.GetAsync(stoppingToken);
            }
            catch (Exception ex) when (TelegramClient.IsTokenRejected(ex, onGetMe: true))
            {
                StopOnRejectedToken(ex);
                return;
            }

            _log.LogInformation("Telegram: connected as @{Username} (id {BotId}), receiving by {Mode}", me.Username, me.Id, _options.ParsedMode);
            await RegisterCommandsAsync(stoppingToken);
            await RetryAsync("resume stored updates", ct => _intake.ResumePendingAsync(ct), stoppingToken);
            if (_options.ParsedMode == TelegramMode.Webhook)
            {
                await RetryAsync("register the webhook", ct => _client.CallAsync((bot, c) => bot.SetWebhook(
                    _options.WebhookUrl!, allowedUpdates: AllowedUpdates, secretToken: _options.WebhookSecret, cancellationToken: c), ct), stoppingToken);
                _log.LogInformation("Telegram webhook registered; updates arrive at {Path}", TelegramOptions.WebhookPath);
                return;
            }

            await PollAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (TelegramClient.IsTokenRejected(ex))
        {
            StopOnRejectedToken(ex);
        }
    }

    /// <summary>A wrong token is a configuration error: say so once and stop, rather than retry forever.</summary>
    private void StopOnRejectedToken(Exception ex)
    {
        _log.LogCritical("Telegram rejected the bot token or the API address ({Error}): check Telegram:Token (env Telegram__Token) and Telegram:ApiBaseUrl. Stopping.",
            _client.Redactor.Describe(ex));
        _lifetime.StopApplication();
    }

    private async Task RegisterCommandsAsync(CancellationToken stoppingToken)
    {
        var menu = Menu(_dispatcher.Commands);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                await _client.CallAsync((bot, ct) => bot.SetMyCommands(menu, cancellationToken: ct), stoppingToken);
                _log.LogInformation("Telegram command menu set: {Count} commands", menu.Count);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _log.LogWarning("setMyCommands failed (attempt {Attempt} of 3): {Error}", attempt, _client.Redactor.Describe(ex));
                if (attempt < 3)
                {
                    await Task.Delay(_options.BackoffMin * attempt, _time, stoppingToken);
                }
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        int? offset = null;
        await RetryAsync("read the stored getUpdates offset", async ct => offset = await _store.LoadOffsetAsync(_client.BotId, ct), stoppingToken);
        var deleteWebhook = true;
        var backoff = _options.BackoffMin;
        var pollTimeout = TimeSpan.FromSeconds(_options.PollTimeoutSeconds) + _options.RequestTimeout;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (deleteWebhook)
                {
                    deleteWebhook = false;
                    await DeleteWebhookAsync(stoppingToken);
                }

                var asked = _time.GetTimestamp();
                var updates = await _client.CallAsync(
                    (bot, ct) => bot.GetUpdates(offset, 100, _options.PollTimeoutSeconds, AllowedUpdates, ct), stoppingToken, pollTimeout);
                backoff = _options.BackoffMin;
                if (updates.Length == 0)
                {
                    // An empty answer well before the long-poll timeout: a server that does not long-poll. Pause
                    // briefly instead of asking again at once in a tight loop.
                    if (_time.GetElapsedTime(asked) < TimeSpan.FromSeconds(Math.Max(1, _options.PollTimeoutSeconds)) / 2)
                    {
                        await Task.Delay(_options.BackoffMin, _time, stoppingToken);
                    }

                    continue;
                }

                // Stored first (with the offset past them); only the next getUpdates tells Telegram they arrived.
                var next = updates.Max(u => u.Id) + 1;
                await _intake.AcceptAsync(updates, next, stoppingToken);
                offset = next;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 409)
            {
                _log.LogWarning("Telegram refused getUpdates ({Reason}): a webhook is set or another instance is polling; retrying in {Seconds} s",
                    ex.Message, backoff.TotalSeconds);
                deleteWebhook = true;
                backoff = await BackOffAsync(backoff, stoppingToken);
            }
            catch (Exception ex) when (TelegramClient.IsTokenRejected(ex))
            {
                throw;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 5));
                _log.LogWarning("Telegram rate-limited getUpdates; waiting {Seconds} s", wait.TotalSeconds);
                await Task.Delay(wait, _time, stoppingToken);
            }
            catch (Exception ex)
            {
                _log.LogWarning("Telegram getUpdates failed; retrying in {Seconds} s: {Error}", backoff.TotalSeconds, _client.Redactor.Describe(ex));
                backoff = await BackOffAsync(backoff, stoppingToken);
            }
        }
    }

    /// <summary>Polling needs the webhook off. A failure here is not fatal: getUpdates answers 409 while a webhook is
    /// set, and then this is tried again.</summary>
    private async Task DeleteWebhookAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _client.CallAsync((bot, ct) => bot.DeleteWebhook(false, ct), stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && !TelegramClient.IsTokenRejected(ex))
        {
            _log.LogWarning("Telegram deleteWebhook failed; polling anyway: {Error}", _client.Redactor.Describe(ex));
        }
    }

    private async Task<TimeSpan> BackOffAsync(TimeSpan backoff, CancellationToken stoppingToken)
    {
        await Task.Delay(backoff, _time, stoppingToken);
        return TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.BackoffMax.Ticks));
    }

    private async Task RetryAsync(string what, Func<CancellationToken, Task> action, CancellationToken stoppingToken)
    {
        var backoff = _options.BackoffMin;
        while (true)
        {
            try
            {
                await action(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && !TelegramClient.IsTokenRejected(ex))
            {
                _log.LogWarning("Telegram: could not {What}; retrying in {Seconds} s: {Error}", what, backoff.TotalSeconds, _client.Redactor.Describe(ex));
                backoff = await BackOffAsync(backoff, stoppingToken);
            }
        }
    }

    private static string MenuDescription(IBotCommand command)
    {
        var description = string.IsNullOrWhiteSpace(command.Description) ? command.Name : command.Description.Trim();
        if (command.Access == CommandAccess.Moderator)
        {
            description += " (moderators)";
        }

        return description.Length <= 256 ? description : description[..255] + "…";
    }
}
