using Microsoft.Extensions.Options;

namespace Bot.Telegram.Sending;

/// <summary>The answer to "when may I send to this chat?": wait <see cref="Wait"/> then send, or (when not
/// <see cref="Allowed"/>) come back after <see cref="Wait"/>.</summary>
public readonly record struct RateDecision(bool Allowed, TimeSpan Wait);

/// <summary>Telegram's send limits as reservations in time: at most <see cref="TelegramOptions.GlobalMessagesPerSecond"/>
/// over all chats (one send per time slot of 1/N s), one message per <see cref="TelegramOptions.PerChatInterval"/> in
/// one chat, <see cref="TelegramOptions.GroupMessagesPerMinute"/> in one group or channel (negative chat ids), and a
/// chat's 429 <c>retry_after</c> for that chat only. A reservation never delays another chat beyond the global slot
/// it takes, so one chat's wait never stalls the others. Time comes from the injected <see cref="TimeProvider"/>.</summary>
public sealed class TelegramRateLimiter
{
    /// <summary>The group window is a minute plus a second of headroom for network jitter.</summary>
    public static readonly TimeSpan GroupWindow = TimeSpan.FromSeconds(61);

    private static readonly TimeSpan IdleChat = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _time;
    private readonly long _slotTicks;
    private readonly TimeSpan _perChat;
    private readonly int _groupPerMinute;
    private readonly Lock _gate = new();
    private readonly HashSet<long> _slots = [];
    private readonly Dictionary<long, ChatState> _chats = [];
    private int _sincePrune;

    public TelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _time = time;
        // Rounded up, so that N + 1 slots never fit in one second.
        var perSecond = Math.Max(1, o.GlobalMessagesPerSecond);
        _slotTicks = Math.Max(1, (TimeSpan.TicksPerSecond + perSecond - 1) / perSecond);
        _perChat = o.PerChatInterval;
        _groupPerMinute = Math.Max(1, o.GroupMessagesPerMinute);
    }

    /// <summary>Reserves the next send to <paramref name="chatId"/> unless its chat may not send within
    /// <paramref name="maxWait"/> (then nothing is reserved).</summary>
    public RateDecision Reserve(long chatId, TimeSpan maxWait)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            PruneNow(now);
            var chat = Chat(chatId);
            var ready = Later(now, chat.BlockedUntil);
            if (chat.Last is { } last)
            {
                ready = Later(ready, last + _perChat);
            }

            if (chatId < 0 && chat.Recent.Count >= _groupPerMinute)
            {
                ready = Later(ready, chat.Recent.ElementAt(chat.Recent.Count - _groupPerMinute) + GroupWindow);
            }

            if (ready - now > maxWait)
            {
                return new RateDecision(false, ready - now);
            }

            var slot = (ready.UtcTicks + _slotTicks - 1) / _slotTicks;
            while (!_slots.Add(slot))
            {
                slot++;
            }

            var at = new DateTimeOffset(slot * _slotTicks, TimeSpan.Zero);
            chat.Last = at;
            chat.Recent.Enqueue(at);
            while (chat.Recent.Count > _groupPerMinute)
            {
                chat.Recent.Dequeue();
            }

            return new RateDecision(true, at > now ? at - now : TimeSpan.Zero);
        }
    }

    /// <summary>Telegram answered 429 for this chat: nothing goes to it before <paramref name="retryAfter"/> passed.</summary>
    public void Block(long chatId, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var chat = Chat(chatId);
            chat.BlockedUntil = Later(chat.BlockedUntil, _time.GetUtcNow() + retryAfter);
        }
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

    private void PruneNow(DateTimeOffset now)
    {
        if (++_sincePrune < 512)
        {
            return;
        }

        _sincePrune = 0;
        var current = now.UtcTicks / _slotTicks;
        _slots.RemoveWhere(s => s < current);
        foreach (var (id, chat) in _chats.Where(c => c.Value.BlockedUntil < now && (c.Value.Last is null || c.Value.Last < now - IdleChat)).ToList())
        {
            _ = chat;
            _chats.Remove(id);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private sealed class ChatState
    {
        public DateTimeOffset? Last { get; set; }

        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

        public Queue<DateTimeOffset> Recent { get; } = new();
    }
}
