using System.Collections.Concurrent;

namespace Bot.Testing;

/// <summary>The kinds of failure a fake platform can inject into the sends it receives.</summary>
public enum InjectedFault
{
    /// <summary>429 with a retry-after of <see cref="FaultInjection.RetryAfter"/>.</summary>
    TooManyRequests,

    /// <summary>500 Internal Server Error.</summary>
    ServerError,

    /// <summary>No answer for <see cref="FaultInjection.Hang"/>: longer than the client's request timeout.</summary>
    Timeout,

    /// <summary>The connection is dropped without an answer.</summary>
    ConnectionReset,

    /// <summary>The platform takes the message, then the connection is dropped before its answer: the message was
    /// posted, and the sender cannot tell this from <see cref="ConnectionReset"/>.</summary>
    LostAnswer,
}

/// <summary>Random failures for a fake platform's message sends: each send fails with probability <see cref="Rate"/>,
/// the kind chosen evenly from <see cref="Kinds"/>. Seeded, so a run's sequence of decisions is repeatable. Off
/// unless a test sets it on a fake.</summary>
public sealed class FaultInjection(double rate, int seed = 8)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<InjectedFault, int> _counts = new();
    private int _attempts;

    public double Rate { get; } = rate is >= 0 and <= 1 ? rate : throw new ArgumentOutOfRangeException(nameof(rate));

    public IReadOnlyList<InjectedFault> Kinds { get; init; } = Enum.GetValues<InjectedFault>();

    /// <summary>The retry-after a 429 names.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a timed-out request hangs before the fake gives up on it.</summary>
    public TimeSpan Hang { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Injected failures by kind.</summary>
    public IReadOnlyDictionary<InjectedFault, int> Counts => _counts;

    public int Total => _counts.Values.Sum();

    /// <summary>Sends offered to the injection (failed or let through): the denominator of the injected rate.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The fault to inject into this send, or null to let it through (and counts it).</summary>
    public InjectedFault? Next()
    {
        InjectedFault kind;
        lock (_gate)
        {
            _attempts++;
            if (_random.NextDouble() >= Rate)
            {
                return null;
            }

            kind = Kinds[_random.Next(Kinds.Count)];
        }

        _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        return kind;
    }

    public override string ToString() =>
        string.Join(", ", Kinds.Select(k => $"{k} {(_counts.TryGetValue(k, out var n) ? n : 0)}"));
}
