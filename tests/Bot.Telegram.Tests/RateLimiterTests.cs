using Bot.Telegram.Sending;
using Microsoft.Extensions.Options;
using Shouldly;

namespace Bot.Telegram.Tests;

public sealed class RateLimiterTests
{
    private static TelegramRateLimiter Limiter(TimeProvider time, TimeSpan? perChat = null) => new(Options.Create(new TelegramOptions
    {
        GlobalMessagesPerSecond = 30,
        PerChatInterval = perChat ?? TimeSpan.FromSeconds(1),
        GroupMessagesPerMinute = 20,
    }), time);

    private static async Task<SendLease> Acquire(TelegramRateLimiter limiter, long chatId, TimeSpan? maxWait = null) =>
        (await limiter.AcquireAsync(chatId, maxWait ?? TimeSpan.FromHours(1), CancellationToken.None)).Lease!;

    [Fact]
    public async Task A_send_beyond_the_global_limit_waits_until_a_second_after_the_first_ones_ended()
    {
        var time = TestSupport.Clock();
        var limiter = Limiter(time);
        var leases = new List<SendLease>();
        for (var chat = 1; chat <= 30; chat++)
        {
            leases.Add(await Acquire(limiter, chat));
        }

        var next = Acquire(limiter, 31);
        leases.ForEach(l => l.Dispose());
        time.Advance(TimeSpan.FromMilliseconds(999));
        next.IsCompleted.ShouldBeFalse();

        time.Advance(TimeSpan.FromMilliseconds(1));
        (await next).ChatId.ShouldBe(31);
    }

    [Fact]
    public async Task Sends_still_in_flight_count_against_the_global_limit_however_long_they_take()
    {
        var time = TestSupport.Clock();
        var limiter = Limiter(time);
        var slow = new List<SendLease>();
        for (var chat = 1; chat <= 30; chat++)
        {
            slow.Add(await Acquire(limiter, chat));
        }

        var next = Acquire(limiter, 31);
        time.Advance(TimeSpan.FromSeconds(10));
        next.IsCompleted.ShouldBeFalse();

        slow[0].Dispose(); // Telegram may have counted it just now: a second must pass
        time.Advance(TimeSpan.FromMilliseconds(999));
        next.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await next).ChatId.ShouldBe(31);
    }

    [Fact]
    public async Task A_chat_waits_its_interval_after_its_last_send_ended_or_is_told_when_to_come_back()
    {
        var time = TestSupport.Clock();
        var limiter = Limiter(time);
        (await Acquire(limiter, 5)).Dispose();

        var refused = await limiter.AcquireAsync(5, TimeSpan.FromMilliseconds(500), CancellationToken.None);
        var waiting = Acquire(limiter, 5, TimeSpan.FromSeconds(3));
        var otherChat = await Acquire(limiter, 6, TimeSpan.Zero);

        refused.Lease.ShouldBeNull();
        refused.Wait.ShouldBe(TimeSpan.FromSeconds(1));
        otherChat.ChatId.ShouldBe(6);
        waiting.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        (await waiting).ChatId.ShouldBe(5);
    }

    [Fact]
    public async Task A_group_gets_at_most_twenty_sends_a_minute()
    {
        var time = TestSupport.Clock();
        var limiter = Limiter(time, perChat: TimeSpan.Zero);
        for (var i = 0; i < 20; i++)
        {
            (await Acquire(limiter, -100, TimeSpan.Zero)).Dispose();
        }

        var refused = await limiter.AcquireAsync(-100, TimeSpan.FromSeconds(5), CancellationToken.None);
        var privateChat = await limiter.AcquireAsync(100, TimeSpan.Zero, CancellationToken.None);

        refused.Lease.ShouldBeNull();
        refused.Wait.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(1));
        privateChat.Lease.ShouldNotBeNull(); // the group limit is for groups and channels only
    }

    [Fact]
    public async Task A_429_holds_only_its_chat()
    {
        var time = TestSupport.Clock();
        var limiter = Limiter(time);

        limiter.Block(7, TimeSpan.FromSeconds(20));
        var blocked = await limiter.AcquireAsync(7, TimeSpan.FromSeconds(3), CancellationToken.None);
        var other = await limiter.AcquireAsync(8, TimeSpan.Zero, CancellationToken.None);

        blocked.Lease.ShouldBeNull();
        blocked.Wait.ShouldBe(TimeSpan.FromSeconds(20));
        other.Lease.ShouldNotBeNull();
        time.Advance(TimeSpan.FromSeconds(20));
        (await limiter.AcquireAsync(7, TimeSpan.Zero, CancellationToken.None)).Lease.ShouldNotBeNull();
    }
}
