using System.Globalization;

namespace Bot.Discord;

public enum DiscordMode
{
    /// <summary>Interactions arrive over the Gateway WebSocket (needs no public address).</summary>
    Gateway,

    /// <summary>Interactions arrive as signed HTTP POSTs at <c>/discord/interactions</c>.</summary>
    Http,
}

/// <summary>The <c>Discord</c> configuration section. The token is a secret: it is never logged.</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    public const string DefaultApiBaseUrl = "https://discord.com/api/v10";

    /// <summary>Bot token (env <c>Discord__Token</c>); without it the adapter is off.</summary>
    public string? Token { get; set; }

    /// <summary>The application's id (a snowflake); needed for commands and interaction follow-ups.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>The application's Ed25519 public key, 64 hex characters (HTTP mode).</summary>
    public string? PublicKey { get; set; }

    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Overrides the URL from <c>GET /gateway/bot</c> (tests, proxies).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary><c>Gateway</c> (default) or <c>Http</c>.</summary>
    public string Mode { get; set; } = nameof(DiscordMode.Gateway);

    /// <summary>Register the commands in this guild only (instant updates while developing) instead of globally.</summary>
    public string? DevGuildId { get; set; }

    /// <summary>Whether to bulk-overwrite the application commands on start.</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary>This process's shard (0-based) and the total number of shards.</summary>
    public int ShardId { get; set; }

    public int ShardCount { get; set; } = 1;

    /// <summary>Discord's global limit per bot: 50 requests per second unless Discord raised it for this bot.</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>A command not answered after this long is deferred (type 5) and its answer edited in later;
    /// Discord's deadline for the first response is 3 seconds.</summary>
    public TimeSpan DeferAfter { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>A send that would wait longer than this for a rate limit returns "retry later" instead.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First reconnect delay; doubles up to <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Each reconnect delay is varied by up to this fraction either way (never above
    /// <see cref="ReconnectMaxDelay"/>), so that shards dropped together do not reconnect together.</summary>
    public double ReconnectJitter { get; set; } = 0.25;

    /// <summary>Tries of a REST call Discord answers 429 with a wait of at most <see cref="MaxRateLimitWait"/>, the
    /// first one included.</summary>
    public int RateLimitAttempts { get; set; } = 3;

    /// <summary>Per-request timeout of REST calls.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    public DiscordMode ParsedMode =>
        Enum.TryParse<DiscordMode>(Mode, ignoreCase: true, out var mode) ? mode : DiscordMode.Gateway;

    /// <summary>The first problem found, as one line naming the key, or null when the settings are usable.</summary>
    public string? Validate()
    {
        if (!Enabled)
        {
            return null;
        }

        if (Token!.Trim().Length < 20 || Token.Any(char.IsWhiteSpace) || Token.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase))
        {
            return "Discord:Token does not look like a bot token (give the token alone, without \"Bot \" and without spaces).";
        }

        if (!string.IsNullOrWhiteSpace(ApplicationId) && !IsSnowflake(ApplicationId))
        {
            return $"Discord:ApplicationId must be the application's numeric id, not '{Shorten(ApplicationId)}'.";
        }

        if (!Enum.TryParse<DiscordMode>(Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(Mode, out _))
        {
            return $"Discord:Mode must be Gateway or Http, not '{Shorten(Mode)}'.";
        }

        if (mode == DiscordMode.Http)
        {
            if (string.IsNullOrWhiteSpace(PublicKey))
            {
                return "Discord:PublicKey is required when Discord:Mode is Http (the application's public key, 64 hex characters).";
            }

            if (string.IsNullOrWhiteSpace(ApplicationId))
            {
                return "Discord:ApplicationId is required when Discord:Mode is Http.";
            }
        }

        if (!string.IsNullOrWhiteSpace(PublicKey) && (PublicKey.Trim().Length != 64 || !PublicKey.Trim().All(Uri.IsHexDigit)))
        {
            return "Discord:PublicKey must be 64 hex characters (the application's public key from the Developer Portal).";
        }

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            return $"Discord:ApiBaseUrl must be an absolute http(s) URL, not '{Shorten(ApiBaseUrl)}'.";
        }

        if (!string.IsNullOrWhiteSpace(GatewayUrl)
            && (!Uri.TryCreate(GatewayUrl, UriKind.Absolute, out var gateway) || (gateway.Scheme != "wss" && gateway.Scheme != "ws")))
        {
            return $"Discord:GatewayUrl must be an absolute ws(s) URL, not '{Shorten(GatewayUrl)}'.";
        }

        if (!string.IsNullOrWhiteSpace(DevGuildId) && !IsSnowflake(DevGuildId))
        {
            return $"Discord:DevGuildId must be a numeric guild id, not '{Shorten(DevGuildId)}'.";
        }

        if (ShardCount < 1)
        {
            return "Discord:ShardCount must be 1 or more.";
        }

        if (ShardId < 0 || ShardId >= ShardCount)
        {
            return $"Discord:ShardId must be between 0 and Discord:ShardCount - 1 ({ShardCount - 1}).";
        }

        if (GlobalRequestsPerSecond is < 1 or > 10_000)
        {
            return "Discord:GlobalRequestsPerSecond must be between 1 and 10000 (Discord's default is 50).";
        }

        if (DeferAfter <= TimeSpan.Zero || DeferAfter > TimeSpan.FromMilliseconds(2500))
        {
            return "Discord:DeferAfter must be above 0 and at most 00:00:02.5 (Discord's deadline is 3 seconds).";
        }

        if (ReconnectMinDelay < TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay)
        {
            return "Discord:ReconnectMaxDelay must be at least Discord:ReconnectMinDelay, both positive.";
        }

        if (ReconnectJitter is < 0 or >= 1 || double.IsNaN(ReconnectJitter))
        {
            return $"Discord:ReconnectJitter must be a fraction from 0 up to (not including) 1, not {ReconnectJitter.ToString(CultureInfo.InvariantCulture)}.";
        }

        if (RateLimitAttempts is < 1 or > 10)
        {
            return $"Discord:RateLimitAttempts must be between 1 and 10, not {RateLimitAttempts}.";
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            return "Discord:RequestTimeout must be positive.";
        }

        if (MaxRateLimitWait < TimeSpan.Zero)
        {
            return "Discord:MaxRateLimitWait must not be negative.";
        }

        return null;
    }

    public static bool IsSnowflake(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 20 && value.All(char.IsAsciiDigit)
        && ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
