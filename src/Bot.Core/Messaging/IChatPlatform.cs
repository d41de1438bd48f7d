namespace Bot.Core.Messaging;

/// <summary>The outbound side of one chat platform. Each adapter (console, Telegram, Discord) implements it and is
/// responsible for its platform's rate limits inside <see cref="SendAsync"/>: a wait for one channel must not stall
/// sends to other channels.</summary>
public interface IChatPlatform
{
    /// <summary>"console", "telegram" or "discord"; matches <see cref="ChannelAddress.Platform"/>.</summary>
    string Name { get; }

    /// <summary>Whether a repeated send with the same idempotency key is de-duplicated by the platform (Discord's
    /// nonce, for a few minutes). Where not, the delivery pipeline never resends a send whose outcome is unknown.</summary>
    bool DeduplicatesByKey { get; }

    /// <summary>Sends one message. <paramref name="idempotencyKey"/> (at most 25 characters) is stable for one
    /// delivery across retries and restarts; platforms that can de-duplicate on it (Discord's nonce) do so.</summary>
    Task<SendResult> SendAsync(ChannelAddress channel, OutgoingMessage message, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Checks that the bot may post in the channel; says which right is missing when it may not.</summary>
    Task<PostingCheck> CheckCanPostAsync(ChannelAddress channel, CancellationToken cancellationToken);
}

public enum SendOutcome
{
    /// <summary>The platform accepted the message.</summary>
    Sent,

    /// <summary>Try again later (429, 5xx, timeout before the request was sent); <see cref="SendResult.RetryAfter"/> says when if known.</summary>
    Retryable,

    /// <summary>Will never succeed as is: channel gone, bot removed or blocked, missing rights.</summary>
    Permanent,

    /// <summary>The request may have been accepted (after it was sent: a timeout, a dropped connection, a 5xx) and the
    /// platform offers no idempotency.</summary>
    Uncertain,

    /// <summary>The chat moved (Telegram migrate_to_chat_id); <see cref="SendResult.MovedToChannelId"/> names the new id.</summary>
    Moved,
}

public sealed record SendResult(SendOutcome Outcome)
{
    public string? MessageId { get; init; }
    public TimeSpan? RetryAfter { get; init; }
    public string? Reason { get; init; }
    public string? MovedToChannelId { get; init; }

    public static SendResult Sent(string? messageId) => new(SendOutcome.Sent) { MessageId = messageId };
    public static SendResult Retry(string reason, TimeSpan? after = null) => new(SendOutcome.Retryable) { Reason = reason, RetryAfter = after };
    public static SendResult Permanent(string reason) => new(SendOutcome.Permanent) { Reason = reason };
    public static SendResult Uncertain(string reason) => new(SendOutcome.Uncertain) { Reason = reason };
    public static SendResult Moved(string newChannelId) => new(SendOutcome.Moved) { MovedToChannelId = newChannelId, Reason = "chat migrated" };
}

/// <summary>Whether the bot can post in a channel; <see cref="Problem"/> names the missing right when not.</summary>
public sealed record PostingCheck(bool CanPost, string? Problem = null)
{
    public static readonly PostingCheck Ok = new(true);
    public static PostingCheck Missing(string problem) => new(false, problem);
}
