using Bot.Core.Telemetry;

namespace Bot.Scheduling;

/// <summary>What the delivery pipeline did: totals for settings, logs and tests, mirrored into the bot's metrics
/// (<see cref="BotMetrics"/>) by platform.</summary>
public sealed class DeliveryCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<DeliveryOutcome>().Length];

    public long Sent => Read(DeliveryOutcome.Sent);
    public long Retried => Read(DeliveryOutcome.Retried);
    public long Failed => Read(DeliveryOutcome.Failed);
    public long Uncertain => Read(DeliveryOutcome.Uncertain);
    public long Skipped => Read(DeliveryOutcome.Skipped);

    /// <summary>Sends repeated after a crash on a platform without idempotency: each may have been posted twice.</summary>
    public long PossiblyDuplicated => Read(DeliveryOutcome.PossiblyDuplicated);

    /// <summary>Every call to a platform's SendAsync.</summary>
    public long Attempts => Read(DeliveryOutcome.Attempt);

    internal void Count(string platform, DeliveryOutcome outcome)
    {
        Interlocked.Increment(ref _counts[(int)outcome]);
        var tag = BotMetrics.Tag("platform", platform);
        if (outcome == DeliveryOutcome.Planned)
        {
            BotMetrics.PostsPlanned.Add(1, tag);
        }
        else if (LabelOf(outcome) is { } label)
        {
            BotMetrics.Posts.Add(1, tag, BotMetrics.Tag("outcome", label));
        }
    }

    // Attempts have no metric of their own: bot_platform_sends counts the platform calls.
    private static string? LabelOf(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Sent => PostOutcomes.Sent,
        DeliveryOutcome.Retried => PostOutcomes.Retried,
        DeliveryOutcome.Failed => PostOutcomes.Failed,
        DeliveryOutcome.Uncertain => PostOutcomes.Uncertain,
        DeliveryOutcome.Skipped => PostOutcomes.Skipped,
        DeliveryOutcome.PossiblyDuplicated => PostOutcomes.PossiblyDuplicated,
        _ => null,
    };

    private long Read(DeliveryOutcome outcome) => Interlocked.Read(ref _counts[(int)outcome]);
}

internal enum DeliveryOutcome
{
    Sent,
    Retried,
    Failed,
    Uncertain,
    Skipped,
    PossiblyDuplicated,
    Attempt,

    /// <summary>Claimed in the ledger for sending (bot_posts_planned).</summary>
    Planned,
}
