using NodaTime;

namespace Bot.Core.Scheduling;

/// <summary>Where a delivery stands in the ledger.</summary>
public enum DeliveryStatus
{
    /// <summary>Claimed by the planner, not yet handed to the platform.</summary>
    Pending,

    /// <summary>Handed to the platform; the outcome is not recorded yet (a crash here is recovered at start).</summary>
    Sending,

    Sent,

    /// <summary>Will be tried again at <see cref="Delivery.NextAttemptUtc"/> (429, 5xx, timeouts).</summary>
    FailedRetryable,

    /// <summary>The platform refused for good (channel gone, bot removed, missing rights) or the window closed.</summary>
    FailedPermanent,

    /// <summary>The platform may or may not have accepted it and offers no idempotency: not repeated.</summary>
    Uncertain,

    /// <summary>Missed: the bot was down beyond the catch-up window.</summary>
    Skipped,
}

/// <summary>One row of the delivery ledger: unique per (subscription, occasion, local date).</summary>
public sealed record Delivery
{
    public long Id { get; init; }
    public long SubscriptionId { get; init; }
    public required string OccasionId { get; init; }
    public LocalDate LocalDate { get; init; }
    public Instant DueUtc { get; init; }
    public Instant DeadlineUtc { get; init; }
    public required string IdempotencyKey { get; init; }
    public DeliveryStatus Status { get; init; }
    public int Attempts { get; init; }
    public Instant? NextAttemptUtc { get; init; }
    public Instant? SentAt { get; init; }
    public string? MessageId { get; init; }
    public string? LastError { get; init; }

    /// <summary>Sent again after a crash left it <see cref="DeliveryStatus.Sending"/> on a platform without
    /// idempotency: it may have been posted twice, and is never sent a third time.</summary>
    public bool ResentAfterCrash { get; init; }
}

/// <summary>What the planner claims for one subscription and date: the ledger rows, and where the subscription's
/// schedule moves next. Both are written in one transaction, so a crash leaves either both or neither.</summary>
public sealed record DeliveryClaim(
    long SubscriptionId,
    Instant ExpectedNextDueUtc,
    IReadOnlyList<Delivery> Rows,
    Instant? NextDueUtc,
    LocalDate? NextLocalDate)
{
    /// <summary>When the planner claimed it.</summary>
    public Instant ClaimedAt { get; init; }
}

/// <summary>The delivery ledger. Rows are claimed before anything is sent; the unique key makes a second claim of
/// the same post a no-op, whichever process or instance makes it.</summary>
public interface IDeliveryLedger
{
    /// <summary>Writes <paramref name="claim"/> if the subscription's next due instant is still the one the planner
    /// read (a compare-and-swap, portable to <c>FOR UPDATE SKIP LOCKED</c>); returns the rows newly inserted
    /// (a row already in the ledger is not returned again). Empty when another claimer was first.</summary>
    Task<IReadOnlyList<Delivery>> ClaimAsync(DeliveryClaim claim, CancellationToken cancellationToken);

    /// <summary>Several claims in one transaction (one planner tick); each is still its own compare-and-swap.</summary>
    Task<IReadOnlyList<Delivery>> ClaimAllAsync(IReadOnlyList<DeliveryClaim> claims, CancellationToken cancellationToken);

    /// <summary>Claims one pending or retryable row for sending (status → Sending, attempts + 1); null if someone else did.</summary>
    Task<Delivery?> BeginSendAsync(long deliveryId, bool allowResend, Instant now, CancellationToken cancellationToken);

    Task<Delivery?> GetAsync(long deliveryId, CancellationToken cancellationToken);

    Task<Delivery?> FindAsync(long subscriptionId, string occasionId, LocalDate localDate, CancellationToken cancellationToken);

    Task MarkSentAsync(long deliveryId, string? messageId, string channelId, Instant at, CancellationToken cancellationToken);

    /// <summary>Schedules another attempt; a delivery already recorded sent stays sent (a late error about it must
    /// never lead to a second post).</summary>
    Task MarkRetryAsync(long deliveryId, Instant nextAttempt, string reason, CancellationToken cancellationToken);

    /// <summary>Records a final failure; a delivery already recorded sent stays sent.</summary>
    Task MarkFailedAsync(long deliveryId, DeliveryStatus status, string reason, Instant at, CancellationToken cancellationToken);

    /// <summary>Retryable rows whose next attempt is due.</summary>
    Task<IReadOnlyList<Delivery>> DueRetriesAsync(Instant now, int limit, CancellationToken cancellationToken);

    /// <summary>Rows a previous process claimed but never confirmed (Pending or Sending).</summary>
    Task<IReadOnlyList<Delivery>> UnconfirmedAsync(int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<Delivery>> ForSubscriptionAsync(long subscriptionId, CancellationToken cancellationToken);
}
