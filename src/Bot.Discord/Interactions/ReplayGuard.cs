using System.Globalization;

namespace Bot.Discord.Interactions;

/// <summary>A valid signature proves that Discord made a request, not that Discord is the one sending it now: a copy
/// captured on the way would verify forever. Discord signs the timestamp with the body, so a request signed more than
/// <see cref="Window"/> away from the bot's clock is refused as stale, and an interaction id already accepted is
/// refused the second time. An id is remembered only until its signed timestamp leaves the window; from then on a
/// copy is refused as stale, so the memory holds a few minutes of traffic at most.</summary>
public sealed class ReplayGuard(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _forgetAt = new();

    /// <summary>When <paramref name="timestamp"/> (Unix seconds, as in <c>X-Signature-Timestamp</c>) was signed, if it
    /// is within <see cref="Window"/> of now either way (clocks differ a little in both directions).</summary>
    public bool IsFresh(string timestamp, out DateTimeOffset signedAt)
    {
        signedAt = default;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return (time.GetUtcNow() - signedAt).Duration() <= Window;
    }

    /// <summary>True the first time <paramref name="interactionId"/> is offered, false for every copy after it.</summary>
    public bool FirstTime(string interactionId, DateTimeOffset signedAt)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_forgetAt.TryPeek(out var id, out var at) && at < now)
            {
                _forgetAt.Dequeue();
                _seen.Remove(id);
            }

            if (!_seen.Add(interactionId))
            {
                return false;
            }

            _forgetAt.Enqueue(interactionId, signedAt + Window);
            return true;
        }
    }
}
