using System.Diagnostics;
using System.Globalization;
using Bot.Core.Messaging;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>Two instances on one PostgreSQL database fan out the January 7 post to many channels: every post once,
/// the work spread over both, and an instance that dies mid-fan-out is taken over after its lease.
/// <c>BOT_TEST_FANOUT</c> sets the number of channels (default 2,000; 10,000 for the full run).</summary>
[Collection(ClusterLoad.Name)]
[Trait("Category", "Slow")]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    // Phnom Penh is UTC+7 all year: 09:00 on January 7, 2027 is 02:00 UTC.
    private static readonly Instant SetupTime = Instant.FromUtc(2027, 1, 1, 0, 0);
    private static readonly Instant Jan7Due = Instant.FromUtc(2027, 1, 7, 2, 0);

    private static int Channels =>
        int.TryParse(Environment.GetEnvironmentVariable("BOT_TEST_FANOUT"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2000;

    [Fact]
    public async Task Two_instances_deliver_every_post_exactly_once_and_share_the_fan_out()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var clock = new FakeTimeProvider(SetupTime.ToDateTimeOffset());
        var server = new PlatformServer();
        await using var a = new Instance("a", database.ConnectionString, clock, new RecordingPlatform("telegram", dedupe: false, server));
        await using var b = new Instance("b", database.ConnectionString, clock, new RecordingPlatform("telegram", dedupe: false, server));
        await SubscribeAsync(a, Channels);

        clock.SetUtcNow(Jan7Due.ToDateTimeOffset());
        await a.Pipeline.StartAsync(CancellationToken.None);
        await b.Pipeline.StartAsync(CancellationToken.None);
        var plans = await Task.WhenAll(
            Task.Run(() => a.Planner.RunAsync(CancellationToken.None)),
            Task.Run(() => b.Planner.RunAsync(CancellationToken.None)));
        await DrainAsync(database, [a, b], TestContext.Current.CancellationToken);

        plans.SelectMany(ticks => ticks).Sum(t => t.Claimed).ShouldBe(Channels, "the two planners claimed each post once between them");
        server.Posts.Count.ShouldBe(Channels);
        server.Posts.Select(p => p.Key).Distinct().Count().ShouldBe(Channels);
        var sentByA = a.Counters.Sent;
        var sentByB = b.Counters.Sent;
        (sentByA + sentByB).ShouldBe(Channels);
        sentByB.ShouldBeGreaterThan(0, "the instance that did not plan took part of the fan-out");
        output.WriteLine($"{Channels} posts: {sentByA} sent by a, {sentByB} by b, 0 duplicated");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_killed_instance_s_in_flight_posts_are_taken_over_after_its_lease(bool platformDeduplicates)
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var clock = new FakeTimeProvider(SetupTime.ToDateTimeOffset());
        var server = new PlatformServer();
        var doomed = new RecordingPlatform("telegram", platformDeduplicates, server);
        await using var a = new Instance("a", database.ConnectionString, clock, doomed);
        await using var b = new Instance("b", database.ConnectionString, clock, new RecordingPlatform("telegram", platformDeduplicates, server));
        await SubscribeAsync(a, Channels);

        // Instance a: after two take-over batches' worth of posts (4 x MaxConcurrency rows each), every post it sends is
        // accepted by the platform and then a hangs before recording it, until it is killed; its take-over rounds go
        // on handing rows to the workers still free, so the hang soon holds every worker.
        var hangAfter = a.Options.MaxConcurrency * 4 * 2;
        var accepted = 0;
        var hanging = 0;
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        doomed.AfterAccept = async ct =>
        {
            if (Interlocked.Increment(ref accepted) > hangAfter)
            {
                if (Interlocked.Increment(ref hanging) == a.Options.MaxConcurrency)
                {
                    hung.TrySetResult();
                }

                await Task.Delay(Timeout.Infinite, ct);
            }
        };

        clock.SetUtcNow(Jan7Due.ToDateTimeOffset());
        await a.Pipeline.StartAsync(CancellationToken.None);
        await a.Planner.RunAsync(CancellationToken.None);
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        // a works alone until it hangs (b starts only after the kill), so that reaching the hang never depends on how
        // b races it for rows.
        var draining = DrainAsync(database, [a], kill.Token);
        await hung.Task.WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);

        // The kill: a stops without confirming anything in flight; its rows stay 'sending' under its lease.
        await kill.CancelAsync();
        await a.Pipeline.StopAsync();
        await draining;
        var inFlightAtKill = await CountAsync(database, "SELECT COUNT(*) FROM deliveries WHERE status = 'sending' AND claimed_by = 'a'");
        inFlightAtKill.ShouldBe(a.Options.MaxConcurrency);

        // b finishes everything else, but leaves a's leased rows alone while the lease lasts.
        await b.Pipeline.StartAsync(CancellationToken.None);
        await DrainAsync(database, [b], TestContext.Current.CancellationToken);
        (await CountAsync(database, "SELECT COUNT(*) FROM deliveries WHERE status = 'sending' AND claimed_by = 'a'")).ShouldBe(inFlightAtKill);

        // Once a's lease has run out, b takes its in-flight posts over.
        clock.Advance(b.Options.DeliveryLease + TimeSpan.FromSeconds(1));
        await DrainAsync(database, [b], TestContext.Current.CancellationToken);

        (await CountAsync(database, "SELECT COUNT(*) FROM deliveries WHERE status <> 'sent'")).ShouldBe(0);
        server.Posts.Select(p => p.Key).Distinct().Count().ShouldBe(Channels, "every post was delivered");
        var duplicated = server.Posts.Count - Channels;
        if (platformDeduplicates)
        {
            duplicated.ShouldBe(0);
            b.Counters.PossiblyDuplicated.ShouldBe(0);
        }
        else
        {
            duplicated.ShouldBeLessThanOrEqualTo(inFlightAtKill);
            b.Counters.PossiblyDuplicated.ShouldBe(duplicated);
        }

        output.WriteLine($"{Channels} posts, de-duplicating platform: {platformDeduplicates}; {inFlightAtKill} in flight at the kill; " +
            $"{duplicated} possibly duplicated; sent by a {a.Counters.Sent}, by b {b.Counters.Sent}");
    }

    /// <summary>One subscription made the way a moderator makes it, then the rest copied from it in bulk.</summary>
    private static async Task SubscribeAsync(Instance instance, int count)
    {
        var change = await instance.Service.SetupAsync(new ChannelAddress("telegram", "c0", null), Harness.Moderator, "09:00", "Asia/Phnom_Penh", CancellationToken.None);
        var first = change.Subscription.ShouldNotBeNull();
        first.NextDueUtc.ShouldBe(Jan7Due);
        await instance.Store.BulkInsertAsync(
            Enumerable.Range(1, count - 1).Select(i => first with { Id = 0, ChannelId = "c" + i.ToString(CultureInfo.InvariantCulture) }),
            CancellationToken.None);
    }

    /// <summary>Runs each instance's DeliveryTakeOverService, as the host does (on the real clock, so that its rounds
    /// come every <see cref="SchedulingOptions.TakeOverInterval"/>; the pipelines keep the fake clock), until every
    /// open delivery these instances may take is done and their pipelines are idle — rows another instance holds
    /// under a live lease are left to it — or <paramref name="stop"/> is cancelled (a killed instance).</summary>
    private static async Task DrainAsync(PostgresTestDatabase database, Instance[] instances, CancellationToken stop)
    {
        var services = instances.Select(i => new DeliveryTakeOverService(i.Pipeline, i.Options, TimeProvider.System, NullLogger<DeliveryTakeOverService>.Instance)).ToArray();
        foreach (var service in services)
        {
            await service.StartAsync(CancellationToken.None);
        }

        try
        {
            var limit = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                var open = await TakeableAsync(database, instances);
                if (open == 0 && instances.All(i => i.Pipeline.WhenIdleAsync(CancellationToken.None).IsCompletedSuccessfully))
                {
                    return;
                }

                if (limit.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"{open} deliveries still open for {string.Join(", ", instances.Select(i => i.Name))} after 5 minutes");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
        finally
        {
            foreach (var service in services)
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Open deliveries the instances may take: theirs, or held by no live lease (on the instances' clock).</summary>
    private static async Task<int> TakeableAsync(PostgresTestDatabase database, Instance[] instances)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT COUNT(*) FROM deliveries
            WHERE status IN ('pending', 'sending', 'failed_retryable')
              AND (claimed_by = ANY(@mine) OR lease_until IS NULL OR lease_until <= @now)
            """, connection);
        command.Parameters.AddWithValue("@mine", instances.Select(i => i.Name).ToArray());
        command.Parameters.AddWithValue("@now", instances[0].Clock.GetUtcNow().ToUnixTimeMilliseconds());
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<int> CountAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
