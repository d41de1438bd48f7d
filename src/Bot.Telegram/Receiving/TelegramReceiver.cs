using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Telegram.Sending;
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
    private readonly IInboundJournal _journal;
    private readonly CommandDispatcher _dispatcher;
    private readonly TelegramRetries _retries;
    private readonly TimeProvider _time;
    private readonly TelegramOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<TelegramReceiver> _log;

    public TelegramReceiver(
        TelegramClient client,
        BotIdentity identity,
        UpdateIntake intake,
        IInboundJournal journal,
        CommandDispatcher dispatcher,
        TelegramRetries retries,
        TimeProvider time,
        IOptions<TelegramOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<TelegramReceiver> log)
    {
        _lifetime = lifetime;
        _client = client;
        _identity = identity;
        _intake = intake;
        _journal = journal;
        _dispatcher = dispatcher;
        _retries = retries;
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
            await _retries.KeepTryingAsync("resume stored updates", async ct => await _intake.ResumePendingAsync(ct), stoppingToken);
            if (_options.ParsedMode == TelegramMode.Webhook)
            {
                await _retries.KeepTryingAsync("register the webhook", async ct => await _client.CallAsync((bot, c) => bot.SetWebhook(
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
        try
        {
            await _retries.MenuAsync(async ct => await _client.CallAsync((bot, c) => bot.SetMyCommands(menu, cancellationToken: c), ct), stoppingToken);
            _log.LogInformation("Telegram command menu set: {Count} commands", menu.Count);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            _log.LogWarning("setMyCommands failed {Attempts} times, going on without the command menu: {Error}", TelegramRetries.MenuAttempts, _client.Redactor.Describe(ex));
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        int? offset = null;
        await _retries.KeepTryingAsync("read the stored getUpdates offset", async ct => offset = (int?)await _journal.LoadCursorAsync(TelegramPlatform.PlatformName, _client.BotId, ct), stoppingToken);
        var deleteWebhook = true;
        var pollTimeout = TimeSpan.FromSeconds(_options.PollTimeoutSeconds) + _options.RequestTimeout;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _retries.KeepTryingAsync("poll for updates (getUpdates)", async ct =>
                {
                    if (deleteWebhook)
                    {
                        deleteWebhook = false;
                        await DeleteWebhookAsync(ct);
                    }

                    var asked = _time.GetTimestamp();
                    Update[] updates;
                    try
                    {
                        updates = await _client.CallAsync(
                            (bot, c) => bot.GetUpdates(offset, 100, _options.PollTimeoutSeconds, AllowedUpdates, c), ct, pollTimeout);
                    }
                    catch (ApiRequestException ex) when (ex.ErrorCode == 409)
                    {
                        _log.LogWarning("Telegram refused getUpdates ({Reason}): a webhook is set or another instance is polling", ex.Message);
                        deleteWebhook = true;
                        throw;
                    }

                    if (updates.Length == 0)
                    {
                        // An empty answer well before the long-poll timeout: a server that does not long-poll. Pause
                        // briefly instead of asking again at once in a tight loop.
                        if (_time.GetElapsedTime(asked) < TimeSpan.FromSeconds(Math.Max(1, _options.PollTimeoutSeconds)) / 2)
                        {
                            await Task.Delay(_options.BackoffMin, _time, ct);
                        }

                        return;
                    }

                    // Stored first (with the offset past them); only the next getUpdates tells Telegram they arrived.
                    var next = updates.Max(u => u.Id) + 1;
                    await _intake.AcceptAsync(updates, next, ct);
                    offset = next;
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
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
