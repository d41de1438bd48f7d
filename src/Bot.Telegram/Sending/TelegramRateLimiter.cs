using Microsoft.Extensions.Options;

namespace Bot.Telegram.Sending;

/// <summary>Permission to send one message: dispose it when Telegram has answered (or the send failed).</summary>
public sealed class SendLease : IDisposable
{
    private readonly TelegramRateLimiter _limiter;
    private int _released;

    internal SendLease(TelegramRateLimiter limiter, long chatId)
    {
        _limiter = limiter;
        ChatId = chatId;
    }

    public long ChatId { get; }

    internal DateTimeOffset? Ended { get; set; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _limiter.Release(this);
        }
    }
}

/// <summary>Telegram's send limits: about <see cref="TelegramOptions.GlobalMessagesPerSecond"/> over all chats, one
/// message per <see cref="TelegramOptions.PerChatInterval"/> in one chat, <see cref="TelegramOptions.GroupMessagesPerMinute"/>
/// in one group or channel (negative chat ids), and a chat's 429 <c>retry_after</c> for that chat only.
/// <para>Telegram counts messages when they reach it, somewhere between the start and the end of our request, and a
/// slow request (a new connection, a cold start) would otherwise bunch up with later ones. So a send occupies its
/// window from its start until a window's length after it ended: a new send starts only while fewer than the limit
/// are in flight or ended within the window. Whatever the latency, no window at Telegram sees more than the limit.</para>
/// A wait for one chat never holds up another chat beyond the global limit. Time comes from the injected clock.</summary>
public sealed class TelegramRateLimiter
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>The group window is a minute plus a second of headroom.</summary>
    private static readonly TimeSpan GroupWindow = TimeSpan.FromSeconds(61);

    private static readonly TimeSpan IdleChat = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _time;
    private readonly int _perSecond;
    private readonly TimeSpan _perChat;
    private readonly int _groupPerMinute;
    private readonly Lock _gate = new();
    private readonly List<SendLease> _global = [];
    private readonly Dictionary<long, ChatState> _chats = [];
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _time = time;
        _perSecond = Math.Max(1, o.GlobalMessagesPerSecond);
        _perChat = o.PerChatInterval;
        _groupPerMinute = Math.Max(1, o.GroupMessagesPerMinute);
    }

    /// <summary>Waits for the chat's turn and a free place in the global limit. Returns null (and the wait) without
    /// waiting when the chat itself may not send within <paramref name="maxWait"/> (a 429, the per-chat or the group
    /// limit).</summary>
    public async Task<(SendLease? Lease, TimeSpan Wait)> AcquireAsync(long chatId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Task? timer = null;
        var timerAt = DateTimeOffset.MaxValue;
        while (true)
        {
            Task released;
            TimeSpan? retryIn;
            DateTimeOffset now;
            lock (_gate)
            {
                now = _time.GetUtcNow();
                var chat = Chat(chatId);
                var chatWait = ChatWait(chatId, chat, now);
                if (chatWait > maxWait)
                {
                    return (null, chatWait);
                }

                retryIn = chatWait > TimeSpan.Zero ? chatWait : null;
                if (retryIn is null && !chat.InFlight)
                {
                    var globalWait = GlobalWait(now);
                    if (globalWait == TimeSpan.Zero)
                    {
                        var lease = new SendLease(this, chatId);
                        chat.InFlight = true;
                        _global.Add(lease);
                        return (lease, TimeSpan.Zero);
                    }

                    retryIn = globalWait == Timeout.InfiniteTimeSpan ? null : globalWait;
                }

                released = _released.Task;
            }

            // Wake when a send ends (which may free a place) or when the known wait is over; many sends may be
            // waiting, so a timer is only replaced by an earlier one.
            if (retryIn is { } delay)
            {
                if (timer is null || timer.IsCompleted || now + delay < timerAt)
                {
                    timer = Task.Delay(delay, _time, cancellationToken);
                    timerAt = now + delay;
                }

                await Task.WhenAny(released, timer);
            }
            else
            {
                await released.WaitAsync(cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Telegram answered 429 for this chat: nothing goes to it before <paramref name="retryAfter"/> passed.</summary>
    public void Block(long chatId, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var chat = Chat(chatId);
            var until = _time.GetUtcNow() + retryAfter;
            chat.BlockedUntil = chat.BlockedUntil >= until ? chat.BlockedUntil : until;
        }
    }

    internal void Release(SendLease lease)
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            lease.Ended = now;
            var chat = Chat(lease.ChatId);
            chat.InFlight = false;
            chat.LastEnded = now;
            if (lease.ChatId < 0)
            {
                chat.RecentEnds.Enqueue(now);
                while (chat.RecentEnds.Count > _groupPerMinute)
                {
                    chat.RecentEnds.Dequeue();
                }
            }

            Prune(now);
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }

    /// <summary>How long this chat must still wait for reasons of its own (zero when it may send now).</summary>
    private TimeSpan ChatWait(long chatId, ChatState chat, DateTimeOffset now)
    {
        var ready = chat.BlockedUntil;
        if (chat.LastEnded is { } last && last + _perChat > ready)
        {
            ready = last + _perChat;
        }

        // A group's sends: the ones in flight (at most this one chat's) plus those ended within the window.
        if (chatId < 0 && chat.RecentEnds.Count + (chat.InFlight ? 1 : 0) >= _groupPerMinute && chat.RecentEnds.Count > 0)
        {
            var oldest = chat.RecentEnds.ElementAt(chat.RecentEnds.Count + (chat.InFlight ? 1 : 0) - _groupPerMinute);
            if (oldest + GroupWindow > ready)
            {
                ready = oldest + GroupWindow;
            }
        }

        return ready > now ? ready - now : TimeSpan.Zero;
    }

    /// <summary>Zero when a send may start now; the time until the oldest ended send leaves the window; or infinite
    /// when the limit is taken by sends still in flight (then only a release helps).</summary>
    private TimeSpan GlobalWait(DateTimeOffset now)
    {
        _global.RemoveAll(l => l.Ended is { } ended && ended + Second <= now);
        if (_global.Count < _perSecond)
        {
            return TimeSpan.Zero;
        }

        var ends = _global.Where(l => l.Ended is not null).Select(l => l.Ended!.Value).Order().ToList();
        var surplus = _global.Count - _perSecond;
        return surplus < ends.Count ? ends[surplus] + Second - now : Timeout.InfiniteTimeSpan;
    }

    private ChatState Chat(long chatId)
    {
        if (!_chats.TryGetValue(chatId, out var chat))
        {
            chat = new ChatState();
            _chats[chatId] = chat;
        }

        return chat;
    }

    private void Prune(DateTimeOffset now)
    {
        if (_chats.Count < 4096)
        {
            return;
        }

        foreach (var id in _chats.Where(c => !c.Value.InFlight && c.Value.BlockedUntil < now && (c.Value.LastEnded is null || c.Value.LastEnded < now - IdleChat)).Select(c => c.Key).ToList())
        {
            _chats.Remove(id);
        }
    }

    private sealed class ChatState
    {
        public bool InFlight { get; set; }

        public DateTimeOffset? LastEnded { get; set; }

        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

        public Queue<DateTimeOffset> RecentEnds { get; } = new();
    }
}
