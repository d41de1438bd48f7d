namespace Bot.Core.Resilience;

/// <summary>How one remote (Telegram, Discord, PostgreSQL) is retried: how many tries, and the waits between them.
/// A wait doubles from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/> and is varied by <see cref="Jitter"/>,
/// unless the remote said when to come back (<c>Retry-After</c>): that wait is kept as given.</summary>
public sealed class RetryOptions
{
    /// <summary>Tries in all, the first one included; 0 keeps trying until cancelled (for a receiver that must not
    /// give up on a network outage).</summary>
    public int MaxAttempts { get; set; }

    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Each wait is varied by up to this fraction either way (never above <see cref="MaxDelay"/>), so that
    /// clients failing together do not come back together.</summary>
    public double Jitter { get; set; } = 0.25;

    /// <summary>The wait before retry number <paramref name="retry"/> (0 for the first retry), given a random draw in
    /// [0, 1].</summary>
    public TimeSpan DelayFor(int retry, double random)
    {
        var nominal = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(retry, 0, 30));
        var capped = Math.Min(nominal, MaxDelay.TotalMilliseconds);
        var varied = capped * (1 - Jitter + (2 * Jitter * random));
        return TimeSpan.FromMilliseconds(Math.Min(varied, MaxDelay.TotalMilliseconds));
    }
}
