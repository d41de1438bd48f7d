using System.Diagnostics;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests;

[Trait("Category", "Slow")]
public sealed class PlannerScaleTests
{
    [Fact]
    public async Task A_tick_costs_the_number_due_not_the_number_of_subscriptions()
    {
        await using var h = new Harness(Instant.FromUtc(2027, 1, 6, 0, 0), options: new SchedulingOptions { MaxConcurrency = 32, PreflightBeforeSend = false });
        var zones = new[] { "Asia/Phnom_Penh", "America/New_York", "Europe/London", "Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu" };
        var all = await h.Catalog.AllAsync(CancellationToken.None);
        var now = h.Now;

        // 100,000 subscriptions across six zones and all post times, each with its real next due instant.
        await h.Store.BulkInsertAsync(Enumerable.Range(0, 100_000).Select(i =>
        {
            var subscription = new Subscription
            {
                Platform = "telegram",
                ChannelId = $"c{i}",
                TimeZone = zones[i % zones.Length],
                PostTime = new LocalTime(i / 60 % 24, i % 60),
                ChangedBy = "load",
                ChangedAt = now,
            };
            var next = PostCalendar.NextAfter(now, subscription, all)!;
            return subscription with { NextDueUtc = next.DueUtc, NextLocalDate = next.Date };
        }), CancellationToken.None);
        await h.StartAsync();

        // Nothing due yet: the tick is an empty index range scan. (Times are reported, not asserted: CI machines are
        // noisy. Here: about 0.3 ms idle and 25 ms for 140 due posts.)
        await h.Planner.TickAsync(CancellationToken.None);
        var idle = Stopwatch.StartNew();
        var empty = await h.Planner.TickAsync(CancellationToken.None);
        idle.Stop();
        empty.Due.ShouldBe(0);

        // The first ten minutes of January 7 in Kiritimati (UTC+14): only the subscriptions due in them are touched.
        h.SetNow(Instant.FromUtc(2027, 1, 6, 10, 10));
        var busy = await h.Planner.TickAsync(CancellationToken.None);
        await h.Pipeline.WhenIdleAsync(TestContext.Current.CancellationToken);
        busy.Due.ShouldBeGreaterThan(0);
        busy.Due.ShouldBeLessThan(1000);
        busy.Claimed.ShouldBe(busy.Due);
        h.Platform.Server.Posts.Count.ShouldBe(busy.Claimed);
        TestContext.Current.TestOutputHelper?.WriteLine($"idle tick {idle.Elapsed.TotalMilliseconds:0.0} ms; {busy.Due} due claimed in {busy.Elapsed.TotalMilliseconds:0.0} ms");
    }
}
