namespace Bot.Discord.Rest;

/// <summary>Discord's global limit: at most N requests in any one-second window (sliding), plus any global 429's
/// retry_after shared by every sender. Interaction callbacks and follow-ups are not bound to it.</summary>
public sealed class GlobalRateLimiter(TimeProvider time, int requestsPerSecond)
{
    /// <summary>The window, with a small margin so that network jitter cannot squeeze N + 1 requests into a second
    /// as Discord measures it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1050);

    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _sent = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public int RequestsPerSecond { get; } = requestsPerSecond;

    /// <summary>Takes a slot now (returns zero) or says how long to wait for one.</summary>
    public TimeSpan TryAcquire()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now < _blockedUntil)
            {
                return _blockedUntil - now;
            }

            while (_sent.Count > 0 && _sent.Peek() + Window <= now)
            {
                _sent.Dequeue();
            }

            if (_sent.Count < RequestsPerSecond)
            {
                _sent.Enqueue(now);
                return TimeSpan.Zero;
            }

            return _sent.Peek() + Window - now;
        }
    }

    /// <summary>Waits for a slot; false when the wait would exceed <paramref name="maxWait"/>.</summary>
    public async ValueTask<bool> AcquireAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryAcquire();
            if (wait <= TimeSpan.Zero)
            {
                return true;
            }

            if (wait > maxWait)
            {
                return false;
            }

            await Task.Delay(wait, time, cancellationToken);
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

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>How long until a request may go, zero when it may go now.</summary>
    public TimeSpan WaitTime(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (now >= _resetAt)
            {
                return TimeSpan.Zero;
            }

            return _remaining is 0 ? _resetAt - now : TimeSpan.Zero;
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
