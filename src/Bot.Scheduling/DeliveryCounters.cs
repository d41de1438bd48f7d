using Bot.Core.Telemetry;

namespace Bot.Scheduling;

/// <summary>What the delivery pipeline did: totals for settings, logs and tests, mirrored into the bot's metrics
/// (<see cref="BotMetrics"/>) by platform.</summary>
public sealed class DeliveryCounters
{
    private long _sent;
    private long _retried;
    private long _failed;
    private long _uncertain;
    private long _skipped;
    private long _possiblyDuplicated;
    private long _attempts;

    public long Sent => Interlocked.Read(ref _sent);
    public long Retried => Interlocked.Read(ref _retried);
    public long Failed => Interlocked.Read(ref _failed);
    public long Uncertain => Interlocked.Read(ref _uncertain);
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Sends repeated after a crash on a platform without idempotency: each may have been posted twice.</summary>
    public long PossiblyDuplicated => Interlocked.Read(ref _possiblyDuplicated);

    /// <summary>Every call to a platform's SendAsync.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    internal void Count(string platform, DeliveryOutcome outcome)
    {
        var tag = new KeyValuePair<string, object?>("platform", platform);
        switch (outcome)
        {
            case DeliveryOutcome.Sent:
                Interlocked.Increment(ref _sent);
                BotMetrics.PostsDelivered.Add(1, tag);
                break;
            case DeliveryOutcome.Retried:
                Interlocked.Increment(ref _retried);
                BotMetrics.PostsRetried.Add(1, tag);
                break;
            case DeliveryOutcome.Failed:
                Interlocked.Increment(ref _failed);
                BotMetrics.PostsFailed.Add(1, tag);
                break;
            case DeliveryOutcome.Uncertain:
                Interlocked.Increment(ref _uncertain);
                BotMetrics.PostsUncertain.Add(1, tag);
                break;
            case DeliveryOutcome.Skipped:
                Interlocked.Increment(ref _skipped);
                BotMetrics.PostsSkipped.Add(1, tag);
                break;
            case DeliveryOutcome.PossiblyDuplicated:
                Interlocked.Increment(ref _possiblyDuplicated);
                BotMetrics.PostsPossiblyDuplicated.Add(1, tag);
                break;
            case DeliveryOutcome.Attempt:
                Interlocked.Increment(ref _attempts);
                break;
        }
    }
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
}
