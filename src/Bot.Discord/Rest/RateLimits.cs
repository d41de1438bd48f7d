namespace Bot.Discord.Rest;

/// <summary>Discord's global limit: at most N requests in any one-second window, plus any global 429's
/// retry_after shared by every sender. A request holds its slot while in flight and for one window after its
/// answer came back, so that however the requests are delayed on the way, Discord never sees N + 1 of them
/// within a second. Interaction callbacks and follow-ups are not bound to it.</summary>
public sealed class GlobalRateLimiter(TimeProvider time, int requestsPerSecond)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>How often a sender blocked only by in-flight requests looks again.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly Lock _lock = new();
    private readonly List<Lease> _leases = [];
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public int RequestsPerSecond { get; } = requestsPerSecond;

    /// <summary>One request's slot; <see cref="Complete"/> when its answer (or failure) came back.</summary>
    public sealed class Lease
    {
        internal DateTimeOffset? CompletedAt { get; set; }

        internal GlobalRateLimiter? Owner { get; init; }

        public void Complete() => Owner?.Release(this);
    }

    /// <summary>Takes a slot now (returns the lease) or says how long to wait before trying again.</summary>
    public (Lease? Lease, TimeSpan Wait) TryAcquire()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now < _blockedUntil)
            {
                return (null, _blockedUntil - now);
            }

            _leases.RemoveAll(l => l.CompletedAt is { } done && done + Window <= now);
            if (_leases.Count < RequestsPerSecond)
            {
                var lease = new Lease { Owner = this };
                _leases.Add(lease);
                return (lease, TimeSpan.Zero);
            }

            var expiries = _leases.Where(l => l.CompletedAt is not null).Select(l => l.CompletedAt!.Value + Window - now).ToList();
            return (null, expiries.Count > 0 ? expiries.Min() : Poll);
        }
    }

    /// <summary>Waits for a slot; null when the wait would exceed <paramref name="maxWait"/>.</summary>
    public async ValueTask<Lease?> AcquireAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var (lease, wait) = TryAcquire();
            if (lease is not null)
            {
                return lease;
            }

            if (waited + wait > maxWait)
            {
                return null;
            }

            await Task.Delay(wait, time, cancellationToken);
            waited += wait;
        }
    }

    private void Release(Lease lease)
    {
        lock (_lock)
        {
            lease.CompletedAt ??= time.GetUtcNow();
        }
    }

    /// <summary>A global 429: nobody sends until it has passed.</summary>
    public void BlockFor(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }

    public TimeSpan BlockedFor()
    {
        lock (_lock)
        {
            var left = _blockedUntil - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}

/// <summary>One per-route bucket (a bucket hash from <c>X-RateLimit-Bucket</c> plus the top-level resource):
/// requests in it go one at a time, and none is sent while it is exhausted.</summary>
public sealed class RouteBucket
{
    private readonly Lock _lock = new();
    private int? _remaining;
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

    public static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(20);

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>How long until a request may go, zero when it may go now.</summary>
    public TimeSpan WaitTime(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (now >= _resetAt + SafetyMargin)
            {
                return TimeSpan.Zero;
            }

            // a small margin: Discord's reset_after is rounded, and arriving early costs a 429
            return _remaining is 0 ? _resetAt - now + SafetyMargin : TimeSpan.Zero;
        }
    }

    public void Update(int? remaining, TimeSpan? resetAfter, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (remaining is not null)
            {
                _remaining = remaining;
            }

            if (resetAfter is not null)
            {
                _resetAt = now + resetAfter.Value;
            }
        }
    }

    /// <summary>A 429 on this route: exhausted until retry_after has passed, for every sender.</summary>
    public void Exhaust(TimeSpan retryAfter, DateTimeOffset now)
    {
        lock (_lock)
        {
            _remaining = 0;
            var until = now + retryAfter;
            if (until > _resetAt)
            {
                _resetAt = until;
            }
        }
    }
}

/// <summary>How a REST path maps onto Discord's rate limits.</summary>
/// <param name="RouteKey">Method and path with ids replaced ("POST channels/{id}/messages").</param>
/// <param name="MajorKey">The top-level resources in the path (channel, guild, webhook + token) that split a bucket.</param>
/// <param name="Global">Whether the request counts toward the global limit (interaction endpoints do not).</param>
public sealed record RouteInfo(string RouteKey, string MajorKey, bool Global)
{
    public static RouteInfo Describe(HttpMethod method, string path)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/');
        var template = new List<string>(segments.Length);
        var majors = new List<string>();
        var global = true;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var previous = i > 0 ? segments[i - 1] : "";
            if (i == 0 && segment is "interactions" or "webhooks")
            {
                global = false;
            }

            if (previous is "channels" or "guilds" or "webhooks" && i == 1)
            {
                majors.Add(segment);
                template.Add("{" + previous + "}");
            }
            else if (segments[0] is "webhooks" or "interactions" && i == 2)
            {
                // the webhook or interaction token: part of the major resource for webhooks, never logged
                if (segments[0] == "webhooks")
                {
                    majors.Add(segment);
                }
                else
                {
                    majors.Add(segments[1]);
                }

                template.Add("{token}");
            }
            else if (segment.Length > 0 && segment.All(char.IsAsciiDigit))
            {
                template.Add("{id}");
            }
            else
            {
                template.Add(segment);
            }
        }

        // /webhooks/{application.id}/{token}: interaction follow-ups are not bound to the global limit; plain
        // webhook execution without a bot token is limited per webhook only.
        return new RouteInfo(method.Method + " " + string.Join('/', template), string.Join('/', majors), global);
    }
}
