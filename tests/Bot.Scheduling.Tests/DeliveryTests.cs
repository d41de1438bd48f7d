using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests;

public sealed class DeliveryTests
{
    // Phnom Penh is UTC+7 all year: 09:00 on January 7, 2027 is 02:00 UTC.
    private static readonly Instant SetupTime = Instant.FromUtc(2027, 1, 1, 0, 0);
    private static readonly Instant Jan7Due = Instant.FromUtc(2027, 1, 7, 2, 0);
    private static readonly Duration Tick = Duration.FromSeconds(15);

    [Fact]
    public async Task Bot_started_a_few_minutes_before_due_posts_on_time()
    {
        await using var h = new Harness(SetupTime);
        var subscription = await h.SubscribeAsync("-100");
        subscription.NextDueUtc.ShouldBe(Jan7Due);

        await h.RestartAsync();
        h.SetNow(Jan7Due - Duration.FromMinutes(3));
        await h.StartAsync();
        await h.RunUntilAsync(Jan7Due + Duration.FromMinutes(5), Tick);

        var post = h.Platform.Server.Posts.ShouldHaveSingleItem();
        post.At.ShouldBeGreaterThanOrEqualTo(Jan7Due);
        post.At.ShouldBeLessThan(Jan7Due + Tick);
        post.Message.Text.ShouldContain("48th anniversary");
        post.Message.Citations.Count.ShouldBeInRange(1, 3);
        (await h.ReloadAsync(subscription)).NextDueUtc.ShouldBe(Instant.FromUtc(2027, 6, 27, 2, 0));
    }

    [Fact]
    public async Task A_scheduled_send_is_timed_in_the_delivery_duration_histogram_by_platform()
    {
        var timed = new System.Collections.Concurrent.ConcurrentBag<double>();
        // Read before listening: the listener is told of the bot's instruments while they are being created.
        var histogram = Core.Telemetry.BotMetrics.DeliverySeconds;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == histogram)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "platform", Value: "timed-telegram" })
                {
                    timed.Add(seconds);
                }
            }
        });
        listener.Start();
        await using var h = new Harness(SetupTime, platforms: new RecordingPlatform("timed-telegram", dedupe: false));
        await h.SubscribeAsync("-100", platform: "timed-telegram");
        await h.RestartAsync();
        h.SetNow(Jan7Due - Duration.FromMinutes(1));
        await h.StartAsync();

        await h.RunUntilAsync(Jan7Due + Duration.FromMinutes(2), Tick);

        h.Platform.Server.Posts.ShouldHaveSingleItem();
        timed.ShouldHaveSingleItem().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Started_later_the_same_local_day_catches_up_once()
    {
        await using var h = new Harness(SetupTime);
        var subscription = await h.SubscribeAsync("-100");
        await h.RestartAsync();

        // 17:00 in Phnom Penh, still January 7 there.
        h.SetNow(Instant.FromUtc(2027, 1, 7, 10, 0));
        await h.StartAsync();
        await h.RunUntilAsync(Instant.FromUtc(2027, 1, 7, 10, 10), Tick);

        h.Platform.Server.Posts.ShouldHaveSingleItem().Message.Text.ShouldContain("48th");
        var row = (await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None)).ShouldHaveSingleItem();
        row.Status.ShouldBe(DeliveryStatus.Sent);
    }

    [Fact]
    public async Task Outside_the_catch_up_window_the_post_is_skipped_and_logged_not_sent()
    {
        await using var h = new Harness(SetupTime);
        var subscription = await h.SubscribeAsync("-100");
        await h.RestartAsync();

        // 00:30 on January 8 in Phnom Penh: the local day is over.
        h.SetNow(Instant.FromUtc(2027, 1, 7, 17, 30));
        await h.StartAsync();
        await h.RunUntilAsync(Instant.FromUtc(2027, 1, 7, 17, 35), Tick);

        h.Platform.Server.Posts.ShouldBeEmpty();
        (await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None)).ShouldHaveSingleItem().Status.ShouldBe(DeliveryStatus.Skipped);
        h.Counters.Skipped.ShouldBe(1);
        (await h.ReloadAsync(subscription)).NextDueUtc.ShouldBe(Instant.FromUtc(2027, 6, 27, 2, 0));
    }

    [Fact]
    public async Task A_configured_catch_up_window_is_honoured()
    {
        await using var h = new Harness(SetupTime, options: new SchedulingOptions { CatchUpWindow = TimeSpan.FromHours(1) });
        await h.SubscribeAsync("-100");
        h.SetNow(Jan7Due + Duration.FromMinutes(61));
        await h.StartAsync();
        await h.TickAsync();
        h.Platform.Server.Posts.ShouldBeEmpty();
        h.Counters.Skipped.ShouldBe(1);
    }

    [Fact]
    public async Task A_long_outage_never_floods_only_todays_post_goes_out()
    {
        await using var h = new Harness(Instant.FromUtc(2026, 12, 1, 0, 0), [.. Harness.Standard, Harness.January5]);
        var subscription = await h.SubscribeAsync("-100");
        (await h.ReloadAsync(subscription)).NextLocalDate.ShouldBe(new LocalDate(2026, 12, 2));

        // Down from before December 2 until the afternoon of January 7: December 2 and January 5 were missed. The
        // planner records the post it was waiting for (December 2) as skipped and moves straight to today, so only
        // January 7 (still inside its window) is posted.
        h.SetNow(Instant.FromUtc(2027, 1, 7, 8, 0));
        await h.StartAsync();
        await h.RunUntilAsync(Instant.FromUtc(2027, 1, 7, 8, 5), Tick);

        h.Platform.Server.Posts.ShouldHaveSingleItem().Message.Title!.ShouldStartWith("January 7");
        var rows = await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None);
        rows.Select(r => (r.OccasionId, r.Status)).ShouldBe([("dec2", DeliveryStatus.Skipped), ("jan7", DeliveryStatus.Sent)], ignoreOrder: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restart_mid_fan_out_delivers_each_due_post_once(bool platformDeduplicates)
    {
        const int Channels = 120;
        var server = new PlatformServer();
        var first = new RecordingPlatform("discord", platformDeduplicates, server);
        await using var h = new Harness(SetupTime, options: new SchedulingOptions { MaxConcurrency = 8 }, platforms: first);
        for (var i = 0; i < Channels; i++)
        {
            await h.SubscribeAsync($"c{i}", platform: "discord");
        }

        // The first process: after 40 posts, every post is accepted by the platform and then the process hangs
        // before recording it, until it is killed.
        var accepted = 0;
        var hung = new TaskCompletionSource();
        var hanging = 0;
        first.AfterAccept = async ct =>
        {
            if (Interlocked.Increment(ref accepted) > 40)
            {
                if (Interlocked.Increment(ref hanging) == h.Options.MaxConcurrency)
                {
                    hung.TrySetResult();
                }

                await Task.Delay(Timeout.Infinite, ct);
            }
        };
        h.SetNow(Jan7Due);
        await h.StartAsync();
        await h.Planner.TickAsync(CancellationToken.None);
        await hung.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var inFlightAtKill = h.Options.MaxConcurrency;

        // Kill, and start a new process over the same store (the platform's server is the same).
        var second = new RecordingPlatform("discord", platformDeduplicates, server) { Clock = h.Clock };
        await h.Pipeline.StopAsync();
        await using var restarted = new RestartedBot(h, second);
        await restarted.Pipeline.StartAsync(TestContext.Current.CancellationToken);
        await restarted.Pipeline.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await restarted.Planner.TickAsync(TestContext.Current.CancellationToken);
        await restarted.Pipeline.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        var perChannel = server.Posts.GroupBy(p => p.Channel.ChannelId).ToDictionary(g => g.Key, g => g.Count());
        perChannel.Count.ShouldBe(Channels, "every due post was delivered");
        if (platformDeduplicates)
        {
            perChannel.Values.ShouldAllBe(n => n == 1);
            restarted.Counters.PossiblyDuplicated.ShouldBe(0);
        }
        else
        {
            // Without idempotency the posts accepted but not recorded at the kill are re-sent once, and counted.
            var duplicated = perChannel.Values.Count(n => n > 1);
            perChannel.Values.ShouldAllBe(n => n <= 2);
            duplicated.ShouldBeLessThanOrEqualTo(inFlightAtKill);
            restarted.Counters.PossiblyDuplicated.ShouldBe(duplicated);
        }
    }

    [Fact]
    public async Task Two_planners_over_one_store_claim_each_post_once()
    {
        var server = new PlatformServer();
        await using var a = new Harness(SetupTime, platforms: new RecordingPlatform("telegram", false, server));
        for (var i = 0; i < 50; i++)
        {
            await a.SubscribeAsync($"c{i}");
        }

        await using var b = new RestartedBot(a, new RecordingPlatform("telegram", false, server) { Clock = a.Clock });
        a.SetNow(Jan7Due);
        await a.StartAsync();
        await b.Pipeline.StartAsync(CancellationToken.None);
        await Task.WhenAll(
            Task.Run(() => a.Planner.TickAsync(CancellationToken.None)),
            Task.Run(() => b.Planner.TickAsync(CancellationToken.None)));
        await a.Pipeline.WhenIdleAsync(TestContext.Current.CancellationToken);
        await b.Pipeline.WhenIdleAsync(TestContext.Current.CancellationToken);

        server.Posts.Count.ShouldBe(50);
        server.Posts.Select(p => p.Channel.ChannelId).Distinct().Count().ShouldBe(50);
    }

    [Fact]
    public async Task More_posts_due_at_once_than_a_batch_are_all_claimed_in_one_planner_run()
    {
        await using var h = new Harness(SetupTime, options: new SchedulingOptions { MaxConcurrency = 8, BatchSize = 4 });
        for (var i = 0; i < 10; i++)
        {
            await h.SubscribeAsync($"c{i}");
        }

        h.SetNow(Jan7Due);
        await h.StartAsync();
        var ticks = await h.Planner.RunAsync(CancellationToken.None);
        await h.Pipeline.WhenIdleAsync(TestContext.Current.CancellationToken);

        ticks.Select(t => t.Claimed).ShouldBe([4, 4, 2]);
        h.Platform.Server.Posts.Select(p => p.Channel.ChannelId).Distinct().Count().ShouldBe(10);
        h.Platform.Server.Posts.ShouldAllBe(p => p.At == Jan7Due);
    }

    [Fact]
    public async Task Retry_after_429_is_honoured_for_one_channel_while_others_proceed()
    {
        var platform = new RecordingPlatform("telegram", dedupe: false)
        {
            Before = (channel, call) => channel.ChannelId == "slow" && call == 1 ? SendResult.Retry("429 Too Many Requests", TimeSpan.FromSeconds(40)) : null,
        };
        await using var h = new Harness(SetupTime, platforms: platform);
        await h.SubscribeAsync("slow");
        await h.SubscribeAsync("a");
        await h.SubscribeAsync("b");
        h.SetNow(Jan7Due);
        await h.StartAsync();

        await h.TickAsync();
        platform.Server.Posts.Select(p => p.Channel.ChannelId).ShouldBe(["a", "b"], ignoreOrder: true);
        platform.Server.Posts.ShouldAllBe(p => p.At == Jan7Due);

        await h.RunUntilAsync(Jan7Due + Duration.FromSeconds(35), Tick);
        platform.Server.Posts.Count.ShouldBe(2, "the retry-after has not passed");

        await h.RunUntilAsync(Jan7Due + Duration.FromSeconds(60), Tick);
        var slow = platform.Server.Posts.Single(p => p.Channel.ChannelId == "slow");
        slow.At.ShouldBeGreaterThanOrEqualTo(Jan7Due + Duration.FromSeconds(40));
        h.Counters.Retried.ShouldBe(1);
    }

    [Fact]
    public async Task Retries_stop_when_the_window_closes()
    {
        var platform = new RecordingPlatform("telegram", dedupe: false) { Before = (_, _) => SendResult.Retry("HTTP 502") };
        await using var h = new Harness(SetupTime, options: new SchedulingOptions { CatchUpWindow = TimeSpan.FromMinutes(5), RetryBaseDelay = TimeSpan.FromSeconds(30) }, platforms: platform);
        var subscription = await h.SubscribeAsync("flaky");
        h.SetNow(Jan7Due);
        await h.StartAsync();
        await h.RunUntilAsync(Jan7Due + Duration.FromMinutes(10), Tick);

        var row = (await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None)).Single();
        row.Status.ShouldBe(DeliveryStatus.FailedPermanent);
        row.LastError!.ShouldContain("window");
        (await h.ReloadAsync(subscription)).Enabled.ShouldBeTrue("a platform outage is not the channel's fault");
    }

    [Fact]
    public async Task Permanent_failure_pauses_the_subscription_with_the_reason()
    {
        var platform = new RecordingPlatform("telegram", dedupe: false) { Before = (_, _) => SendResult.Permanent("Forbidden: bot was kicked from the group chat") };
        await using var h = new Harness(SetupTime, platforms: platform);
        var subscription = await h.SubscribeAsync("-100");
        h.SetNow(Jan7Due);
        await h.StartAsync();
        await h.TickAsync();

        var paused = await h.ReloadAsync(subscription);
        paused.Enabled.ShouldBeFalse();
        paused.PausedReason.ShouldBe("Forbidden: bot was kicked from the group chat");
        paused.LastError!.Reason.ShouldBe("Forbidden: bot was kicked from the group chat");
        (await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None)).Single().Status.ShouldBe(DeliveryStatus.FailedPermanent);
        (await h.Store.AuditAsync(subscription.Id, CancellationToken.None))[^1].Action.ShouldBe("pause");

        var settings = await h.Dispatcher().DispatchAsync(new Bot.Core.Commands.IncomingCommand("settings", subscription.Channel, Harness.Moderator), CancellationToken.None);
        settings.Replies.Single().Text.ShouldContain("paused (Forbidden: bot was kicked from the group chat)");
    }

    [Fact]
    public async Task Three_consecutive_failed_pre_flight_checks_pause_the_subscription()
    {
        var occasions = new[]
        {
            new Occasion("a", 1, 5, 1979, "A", "a"),
            new Occasion("b", 1, 6, 1979, "B", "b"),
            new Occasion("c", 1, 7, 1979, "C", "c"),
        };
        var platform = new RecordingPlatform("telegram", dedupe: false) { Check = _ => PostingCheck.Missing("the bot is not an administrator allowed to post in this channel") };
        await using var h = new Harness(SetupTime, occasions, platforms: platform);
        var subscription = await h.SubscribeAsync("chan");
        await h.StartAsync();
        foreach (var (day, enabled) in new[] { (5, true), (6, true), (7, false) })
        {
            h.SetNow(Instant.FromUtc(2027, 1, day, 2, 0));
            await h.TickAsync();
            var now = await h.ReloadAsync(subscription);
            now.Enabled.ShouldBe(enabled, $"after January {day}");
            now.LastError!.Reason.ShouldContain("not an administrator");
        }

        platform.Server.Posts.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_migrated_chat_moves_the_subscription_and_the_post_goes_there()
    {
        var platform = new RecordingPlatform("telegram", dedupe: false) { Before = (c, _) => c.ChannelId == "-100" ? SendResult.Moved("-1001234567890") : null };
        await using var h = new Harness(SetupTime, platforms: platform);
        var subscription = await h.SubscribeAsync("-100");
        h.SetNow(Jan7Due);
        await h.StartAsync();
        await h.TickAsync();

        platform.Server.Posts.ShouldHaveSingleItem().Channel.ChannelId.ShouldBe("-1001234567890");
        (await h.ReloadAsync(subscription)).ChannelId.ShouldBe("-1001234567890");
        (await h.Store.AuditAsync(subscription.Id, CancellationToken.None)).ShouldContain(a => a.Action == "move");
    }

    [Fact]
    public async Task An_uncertain_send_is_recorded_counted_and_not_repeated()
    {
        var platform = new RecordingPlatform("telegram", dedupe: false) { Before = (_, _) => SendResult.Uncertain("timeout after the request was sent") };
        await using var h = new Harness(SetupTime, platforms: platform);
        var subscription = await h.SubscribeAsync("-100");
        h.SetNow(Jan7Due);
        await h.StartAsync();
        await h.RunUntilAsync(Jan7Due + Duration.FromMinutes(10), Tick);

        platform.Server.CallsTo("-100").ShouldBe(2, "one send, then this probe");
        (await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None)).Single().Status.ShouldBe(DeliveryStatus.Uncertain);
        h.Counters.Uncertain.ShouldBe(1);
    }

    [Fact]
    public async Task Post_time_in_spring_forward_gap_posts_once_at_the_next_valid_minute()
    {
        var occasions = new[] { new Occasion("mar14", 3, 14, 1979, "An event", "Something happened.") };
        await using var h = new Harness(Instant.FromUtc(2027, 3, 1, 0, 0), occasions);
        await h.SubscribeAsync("ny", "02:30", "America/New_York");
        h.SetNow(Instant.FromUtc(2027, 3, 14, 6, 55));
        await h.StartAsync();
        await h.RunUntilAsync(Instant.FromUtc(2027, 3, 14, 9, 0), Tick);

        // 02:30 does not exist on March 14 in New York; 03:00 EDT is 07:00 UTC.
        var post = h.Platform.Server.Posts.ShouldHaveSingleItem();
        post.At.ShouldBeInRange(Instant.FromUtc(2027, 3, 14, 7, 0), Instant.FromUtc(2027, 3, 14, 7, 0, 15));
    }

    [Fact]
    public async Task Post_time_in_fall_back_overlap_posts_once()
    {
        var occasions = new[] { new Occasion("oct31", 10, 31, 1979, "An event", "Something happened.") };
        await using var h = new Harness(Instant.FromUtc(2027, 10, 1, 0, 0), occasions);
        await h.SubscribeAsync("ldn", "01:30", "Europe/London");
        h.SetNow(Instant.FromUtc(2027, 10, 31, 0, 0));
        await h.StartAsync();
        await h.RunUntilAsync(Instant.FromUtc(2027, 10, 31, 3, 0), Duration.FromMinutes(1));

        // 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT): posted at the first only.
        var post = h.Platform.Server.Posts.ShouldHaveSingleItem();
        post.At.ShouldBeInRange(Instant.FromUtc(2027, 10, 31, 0, 30), Instant.FromUtc(2027, 10, 31, 0, 31));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_year_of_days_in_three_time_zones_posts_once_a_day_at_the_local_time()
    {
        var occasions = Enumerable.Range(1, 12).SelectMany(m => Enumerable.Range(1, DateTime.DaysInMonth(2000, m))
            .Select(d => new Occasion($"o{m:00}{d:00}", m, d, 1979, $"Day {m}/{d}", "An event."))).ToList();
        await using var h = new Harness(Instant.FromUtc(2027, 2, 28, 20, 0), occasions, new SchedulingOptions { MaxConcurrency = 4, PreflightBeforeSend = false });
        var zones = new[] { "Asia/Phnom_Penh", "America/New_York", "Europe/London" };
        var subscriptions = new List<Bot.Core.Subscriptions.Subscription>();
        foreach (var zone in zones)
        {
            subscriptions.Add(await h.SubscribeAsync(zone, "09:00", zone));
        }

        await h.StartAsync();
        var end = Instant.FromUtc(2028, 3, 1, 0, 0);
        while (true)
        {
            var due = (await Task.WhenAll(subscriptions.Select(h.ReloadAsync))).Select(s => s.NextDueUtc!.Value).Min();
            if (due >= end)
            {
                break;
            }

            h.SetNow(due + Duration.FromSeconds(5));
            await h.TickAsync();
        }

        foreach (var zone in zones)
        {
            var tz = DateTimeZoneProviders.Tzdb[zone];
            var posts = h.Platform.Server.Posts.Where(p => p.Channel.ChannelId == zone).ToList();
            var days = posts.Select(p => p.At.InZone(tz).Date).ToList();
            days.Distinct().Count().ShouldBe(days.Count, $"{zone}: one post a day");
            days.Count.ShouldBe(366, $"{zone}: March 2027 through February 2028, February 29 included");
            days.ShouldContain(new LocalDate(2028, 2, 29));
            posts.ShouldAllBe(p => p.At.InZone(tz).TimeOfDay >= new LocalTime(9, 0) && p.At.InZone(tz).TimeOfDay < new LocalTime(9, 0, 6));
        }
    }

    [Fact]
    public async Task Paused_posts_are_not_sent_and_resume_does_not_catch_up()
    {
        await using var h = new Harness(SetupTime);
        var subscription = await h.SubscribeAsync("-100");
        await h.Service.PauseAsync(subscription.Channel, Harness.Moderator, "renovations", CancellationToken.None);
        h.SetNow(Jan7Due + Duration.FromHours(1));
        await h.StartAsync();
        await h.TickAsync();
        h.Platform.Server.Posts.ShouldBeEmpty();

        var resumed = (await h.Service.ResumeAsync(subscription.Channel, Harness.Moderator, CancellationToken.None)).Subscription!;
        resumed.NextLocalDate.ShouldBe(new LocalDate(2027, 6, 27));
        await h.TickAsync();
        h.Platform.Server.Posts.ShouldBeEmpty();
    }

    [Fact]
    public async Task Leap_day_occasion_posts_on_february_28_in_a_common_year()
    {
        var occasions = new[] { new Occasion("leap", 2, 29, 1996, "Leap-day event", "Something happened.") };
        await using var h = new Harness(Instant.FromUtc(2027, 2, 1, 0, 0), occasions);
        var subscription = await h.SubscribeAsync("c");
        subscription.NextLocalDate.ShouldBe(new LocalDate(2027, 2, 28));
        h.SetNow(Instant.FromUtc(2027, 2, 28, 2, 0));
        await h.StartAsync();
        await h.TickAsync();
        h.Platform.Server.Posts.ShouldHaveSingleItem().Message.Text.ShouldContain("31st anniversary");
        (await h.ReloadAsync(subscription)).NextLocalDate.ShouldBe(new LocalDate(2028, 2, 29));
    }
}

/// <summary>A second bot process over the store of <paramref name="h"/>: its own database object, ledger, pipeline and planner.</summary>
internal sealed class RestartedBot : IAsyncDisposable
{
    public RestartedBot(Harness h, RecordingPlatform platform)
    {
        var database = new Bot.Storage.SqliteDatabase(h.ConnectionString);
        var store = new Bot.Storage.Subscriptions.SqliteSubscriptionStore(database);
        var ledger = new Bot.Storage.Deliveries.SqliteDeliveryLedger(database);
        Catalog = new OccasionCatalog(new CuratedOccasions(Harness.Standard), new CorpusFacts(), h.Clock);
        var service = new Bot.Core.Subscriptions.SubscriptionService(store, Catalog, new SchedulingDefaults(), h.Clock);
        Counters = new DeliveryCounters();
        Pipeline = new DeliveryPipeline(ledger, store, service, Catalog, new PostComposer(new OccasionFacts(new CorpusFacts())), [platform], h.Options, Counters, h.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DeliveryPipeline>.Instance);
        Planner = new DeliveryPlanner(store, ledger, Catalog, Pipeline, h.Options, Counters, h.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<DeliveryPlanner>.Instance);
    }

    public OccasionCatalog Catalog { get; }

    public DeliveryCounters Counters { get; }

    public DeliveryPipeline Pipeline { get; }

    public DeliveryPlanner Planner { get; }

    public async ValueTask DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        Catalog.Dispose();
    }
}
