using System.Diagnostics.Metrics;

namespace Bot.Scheduling;

/// <summary>What the delivery pipeline did, as counters (for settings, logs, tests) and as a Meter named
/// <c>AnniversaryBot.Delivery</c> for metrics exporters.</summary>
public sealed class DeliveryCounters : IDisposable
{
    public const string MeterName = "AnniversaryBot.Delivery";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _outcomes;
    private long _sent;
    private long _retried;
    private long _failed;
    private long _uncertain;
    private long _skipped;
    private long _possiblyDuplicated;
    private long _attempts;

    public DeliveryCounters()
    {
        _outcomes = _meter.CreateCounter<long>("bot_posts_total", description: "Scheduled post outcomes by platform and outcome");
    }

    public long Sent => Interlocked.Read(ref _sent);
    public long Retried => Interlocked.Read(ref _retried);
    public long Failed => Interlocked.Read(ref _failed);
    public long Uncertain => Interlocked.Read(ref _uncertain);
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Sends repeated after a crash on a platform without idempotency: each may have been posted twice.</summary>
    public long PossiblyDuplicated => Interlocked.Read(ref _possiblyDuplicated);

    /// <summary>Every call to a platform's SendAsync.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    internal void Count(string platform, string outcome)
    {
        ref var counter = ref _sent;
        switch (outcome)
        {
            case "sent": counter = ref _sent; break;
            case "retried": counter = ref _retried; break;
            case "failed": counter = ref _failed; break;
            case "uncertain": counter = ref _uncertain; break;
            case "skipped": counter = ref _skipped; break;
            case "possibly_duplicated": counter = ref _possiblyDuplicated; break;
            case "attempt": counter = ref _attempts; break;
            default: return;
        }

        Interlocked.Increment(ref counter);
        _outcomes.Add(1, new KeyValuePair<string, object?>("platform", platform), new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Dispose() => _meter.Dispose();
}
