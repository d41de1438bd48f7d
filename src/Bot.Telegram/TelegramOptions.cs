using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bot.Telegram;

/// <summary>How updates reach the bot.</summary>
public enum TelegramMode
{
    /// <summary>The bot asks Telegram for updates (getUpdates); needs no public address.</summary>
    Polling,

    /// <summary>Telegram posts updates to <see cref="TelegramOptions.WebhookUrl"/> (served at <c>/telegram/webhook</c>).</summary>
    Webhook,
}

/// <summary>The <c>Telegram</c> configuration section. The token is a secret: it is never logged and never part of
/// a validation message.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    public const string DefaultApiBaseUrl = "https://api.telegram.org";

    public const string WebhookPath = "/telegram/webhook";

    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>The bot token from BotFather (env <c>Telegram__Token</c>). Without it the adapter is off.</summary>
    public string? Token { get; set; }

    /// <summary>The Bot API server: Telegram's by default, or a local Bot API server / a test fake.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary><c>Polling</c> (default) or <c>Webhook</c>.</summary>
    public string Mode { get; set; } = nameof(TelegramMode.Polling);

    /// <summary>The public https URL Telegram posts updates to in Webhook mode (ends in <c>/telegram/webhook</c>).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The secret Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c> with every webhook request.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Long-polling wait in seconds for getUpdates.</summary>
    public int PollTimeoutSeconds { get; set; } = 25;

    /// <summary>First wait after a failed Telegram call (getUpdates, getMe, a command's answer); doubles up to
    /// <see cref="BackoffMax"/> (a 429's retry_after is used instead when Telegram gives one).</summary>
    public TimeSpan BackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Each back-off wait is varied by up to this fraction either way, so that chats failing together are
    /// not retried together.</summary>
    public double BackoffJitter { get; set; } = 0.25;

    /// <summary>Tries of a command's answer (or of a later part of a long message) that Telegram asks to send again
    /// later, the first one included.</summary>
    public int SendAttempts { get; set; } = 4;

    /// <summary>How long one Bot API call (other than getUpdates) may take before it counts as timed out.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Updates handled at the same time (one chat's updates always in order).</summary>
    public int MaxConcurrentUpdates { get; set; } = 16;

    /// <summary>Received but unhandled updates kept in memory before the poller waits.</summary>
    public int MaxPendingUpdates { get; set; } = 1000;

    /// <summary>How long a getChatMember answer (administrator or not) is trusted.</summary>
    public TimeSpan ModeratorCacheDuration { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Messages per second over all chats (Telegram: about 30). Counted so that no one-second window at
    /// Telegram's end sees more, whatever the network latency (see <see cref="Sending.TelegramRateLimiter"/>).</summary>
    public int GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>Minimum time between two messages to one chat (Telegram: about one per second).</summary>
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages per minute to one group, supergroup or channel (Telegram: 20).</summary>
    public int GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>A scheduled send waits at most this long for its chat's turn; longer waits come back as
    /// <c>Retryable</c> with the time to retry, so the delivery pipeline reschedules instead of holding a worker.</summary>
    public TimeSpan MaxInlineWait { get; set; } = TimeSpan.FromSeconds(3);

    public TelegramMode ParsedMode =>
        Enum.TryParse<TelegramMode>(Mode, ignoreCase: true, out var mode) ? mode : TelegramMode.Polling;
}

/// <summary>Checks the options at start. Each failure is one line naming the key; the token's value never appears.</summary>
public sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IEnumerable<string> Check(TelegramOptions o)
    {
        const string s = TelegramOptions.Section;
        if (string.IsNullOrWhiteSpace(o.Token))
        {
            yield return $"{s}:Token is empty (set env Telegram__Token to the token BotFather gave you).";
        }
        else if (!TokenPattern().IsMatch(o.Token))
        {
            yield return $"{s}:Token does not look like a bot token (expected digits, a colon, then letters, digits, '_' or '-').";
        }

        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{s}:ApiBaseUrl must be an absolute http(s) URL such as {TelegramOptions.DefaultApiBaseUrl} (got '{o.ApiBaseUrl}').";
        }

        if (!Enum.TryParse<TelegramMode>(o.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(o.Mode, CultureInfo.InvariantCulture, out _))
        {
            yield return $"{s}:Mode must be Polling or Webhook (got '{o.Mode}').";
        }
        else if (mode == TelegramMode.Webhook)
        {
            if (!Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var hook) || (hook.Scheme != Uri.UriSchemeHttps && hook.Scheme != Uri.UriSchemeHttp))
            {
                yield return $"{s}:WebhookUrl must be the public https URL of {TelegramOptions.WebhookPath} in Webhook mode (got '{o.WebhookUrl}').";
            }

            if (string.IsNullOrEmpty(o.WebhookSecret) || !SecretPattern().IsMatch(o.WebhookSecret))
            {
                yield return $"{s}:WebhookSecret is required in Webhook mode: 1-256 characters of A-Z, a-z, 0-9, '_' or '-'.";
            }
        }

        if (o.PollTimeoutSeconds is < 0 or > 50)
        {
            yield return $"{s}:PollTimeoutSeconds must be between 0 and 50 (got {o.PollTimeoutSeconds}).";
        }

        if (o.BackoffMin <= TimeSpan.Zero || o.BackoffMax < o.BackoffMin)
        {
            yield return $"{s}:BackoffMin must be positive and not above {s}:BackoffMax.";
        }

        if (o.BackoffJitter is < 0 or >= 1 || double.IsNaN(o.BackoffJitter))
        {
            yield return $"{s}:BackoffJitter must be a fraction from 0 up to (not including) 1 (got {o.BackoffJitter}).";
        }

        if (o.SendAttempts is < 1 or > 10)
        {
            yield return $"{s}:SendAttempts must be between 1 and 10 (got {o.SendAttempts}).";
        }

        if (o.RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"{s}:RequestTimeout must be positive (got {o.RequestTimeout}).";
        }

        if (o.MaxConcurrentUpdates < 1 || o.MaxPendingUpdates < 1)
        {
            yield return $"{s}:MaxConcurrentUpdates and {s}:MaxPendingUpdates must be at least 1.";
        }

        if (o.ModeratorCacheDuration < TimeSpan.Zero)
        {
            yield return $"{s}:ModeratorCacheDuration must not be negative.";
        }

        if (o.GlobalMessagesPerSecond < 1 || o.GroupMessagesPerMinute < 1)
        {
            yield return $"{s}:GlobalMessagesPerSecond and {s}:GroupMessagesPerMinute must be at least 1.";
        }

        if (o.PerChatInterval < TimeSpan.Zero || o.MaxInlineWait < TimeSpan.Zero)
        {
            yield return $"{s}:PerChatInterval and {s}:MaxInlineWait must not be negative.";
        }
    }

    [GeneratedRegex(@"^[0-9]{1,16}:[A-Za-z0-9_-]{1,}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();
}
