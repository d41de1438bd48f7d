using Bot.Telegram.Sending;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Telegram.Tests;

public sealed class RateLimiterTests
{
    private static TelegramRateLimiter Limiter(FakeTimeProvider time) => new(Options.Create(new TelegramOptions
    {
        GlobalMessagesPerSecond = 30,
        PerChatInterval = TimeSpan.FromSeconds(1),
        GroupMessagesPerMinute = 20,
    }), time);

    [Fact]
    public void Reservations_keep_the_global_per_chat_and_per_group_limits()
    {
        var time = new FakeTimeProvider();
        var limiter = Limiter(time);
        var start = time.GetUtcNow();
        var sends = new List<(long Chat, DateTimeOffset At)>();
        for (var round = 0; round < 30; round++)
        {
            foreach (var chat in new long[] { 1, 2, 3, -10, -20, -30 }.Concat(Enumerable.Range(100, 20).Select(i => (long)i)))
            {
                var decision = limiter.Reserve(chat, TimeSpan.FromHours(1));
                decision.Allowed.ShouldBeTrue();
                sends.Add((chat, start + decision.Wait));
            }
        }

        var times = sends.Select(s => s.At).Order().ToList();
        for (var i = 30; i < times.Count; i++)
        {
            (times[i] - times[i - 30]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), "31 sends within one second");
        }

        foreach (var chat in sends.GroupBy(s => s.Chat))
        {
            var at = chat.Select(s => s.At).Order().ToList();
            at.Zip(at.Skip(1)).ShouldAllBe(p => p.Second - p.First >= TimeSpan.FromSeconds(1));
            if (chat.Key < 0)
            {
                for (var i = 20; i < at.Count; i++)
                {
                    (at[i] - at[i - 20]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(1), "21 group sends within a minute");
                }
            }
        }
    }

    [Fact]
    public void A_wait_longer_than_allowed_is_refused_without_reserving()
    {
        var time = new FakeTimeProvider();
        var limiter = Limiter(time);
        limiter.Reserve(5, TimeSpan.Zero).Allowed.ShouldBeTrue();

        var refused = limiter.Reserve(5, TimeSpan.FromMilliseconds(500));

        refused.Allowed.ShouldBeFalse();
        refused.Wait.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.04)); // the first send sits on the next 1/30 s slot
        limiter.Reserve(5, TimeSpan.FromSeconds(2)).Wait.ShouldBe(refused.Wait, TimeSpan.FromMilliseconds(34));
    }

    [Fact]
    public void A_429_blocks_only_its_chat()
    {
        var time = new FakeTimeProvider();
        var limiter = Limiter(time);

        limiter.Block(7, TimeSpan.FromSeconds(20));

        limiter.Reserve(7, TimeSpan.FromSeconds(3)).ShouldBe(new RateDecision(false, TimeSpan.FromSeconds(20)));
        limiter.Reserve(8, TimeSpan.FromSeconds(3)).Allowed.ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(20));
        limiter.Reserve(7, TimeSpan.FromSeconds(3)).Allowed.ShouldBeTrue();
    }
}
