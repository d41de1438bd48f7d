using System.Collections.Concurrent;
using Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Quartz;
using Shouldly;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>Two Quartz schedulers configured as the host configures them in PostgreSQL mode (clustered ADO job store,
/// tables from our schema script 009, which Quartz validates at start) on one database, with a probe job firing
/// every quarter second beside the planner: each firing runs on exactly one node, and when the node that fired
/// last stops, the other goes on firing.</summary>
[Collection(ClusterLoad.Name)]
[Trait("Category", "Slow")]
public sealed class QuartzClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Two_clustered_schedulers_fire_each_trigger_once_and_one_takes_over_when_the_other_stops()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var clock = new FakeTimeProvider(Instant.FromUtc(2027, 1, 1, 0, 0).ToDateTimeOffset());
        await using var a = new Instance("a", database.ConnectionString, clock, new RecordingPlatform("telegram", dedupe: false));
        await using var b = new Instance("b", database.ConnectionString, clock, new RecordingPlatform("telegram", dedupe: false));
        await using (await a.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
        }

        var firings = new Firings();
        await using var nodeA = await StartNodeAsync(a, database.ConnectionString, firings);
        await using var nodeB = await StartNodeAsync(b, database.ConnectionString, firings);

        await firings.WaitForAsync(f => f.Count >= 40);
        var beforeStop = firings.All;
        beforeStop.Select(f => f.Scheduled).Distinct().Count().ShouldBe(beforeStop.Count, "no scheduled firing ran twice");

        // The node that fired last stops; the other must carry on.
        var last = beforeStop.MaxBy(f => f.Scheduled)!;
        var (stopping, survivor) = last.Node == "a" ? (nodeA, "b") : (nodeB, "a");
        var stoppedAt = DateTimeOffset.UtcNow;
        await stopping.StopAsync();
        var countAtStop = firings.All.Count;
        await firings.WaitForAsync(f => f.All.Count(x => x.Node == survivor && x.At > stoppedAt) >= 4);

        var all = firings.All;
        all.Select(f => f.Scheduled).Distinct().Count().ShouldBe(all.Count, "no scheduled firing ran twice");
        var firstAfter = all.Where(f => f.Node == survivor && f.At > stoppedAt).Min(f => f.At);
        output.WriteLine($"{all.Count} firings, 0 double: a {all.Count(f => f.Node == "a")}, b {all.Count(f => f.Node == "b")}; " +
            $"node {last.Node} stopped after {countAtStop} firings, node {survivor} fired {(firstAfter - stoppedAt).TotalMilliseconds:F0} ms later " +
            $"(check-in interval {CheckinInterval.TotalMilliseconds:F0} ms)");
    }

    [Fact]
    public async Task Two_clustered_schedulers_run_10000_firings_with_no_double_and_no_miss()
    {
        const int Triggers = 50;
        const int FiringsEach = 200;
        var interval = TimeSpan.FromMilliseconds(200);
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var clock = new FakeTimeProvider(Instant.FromUtc(2027, 1, 1, 0, 0).ToDateTimeOffset());
        await using var a = new Instance("a", database.ConnectionString, clock, new RecordingPlatform("telegram", dedupe: false));
        await using var b = new Instance("b", database.ConnectionString, clock, new RecordingPlatform("telegram", dedupe: false));
        await using (await a.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
        }

        var firings = new Firings();
        await using var nodeA = await StartNodeAsync(a, database.ConnectionString, firings, probe: false, batch: true);
        await using var nodeB = await StartNodeAsync(b, database.ConnectionString, firings, probe: false, batch: true);

        // 10,000 firings due over 40 s. Scheduled once, through one node, into the shared tables: both nodes take firings from there.
        // Each trigger has a job of its own (LoadJob): what is counted is the clustered store handing every firing to
        // exactly one node, not the planner's one-at-a-time rule, which the probe test above keeps.
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddSeconds(5);
        for (var i = 0; i < Triggers; i++)
        {
            await nodeA.Scheduler.ScheduleJob(
                JobBuilder.Create<LoadJob>().WithIdentity($"load-{i}", "tests").Build(),
                TriggerBuilder.Create().WithIdentity($"load-{i}", "tests").StartAt(start)
                    .WithSimpleSchedule(s => s.WithInterval(interval).WithRepeatCount(FiringsEach - 1).WithMisfireInstruction(SimpleTriggerMisfireInstruction.IgnoreMisfires)).Build(),
                cancellationToken: TestContext.Current.CancellationToken);
        }

        await firings.WaitForAsync(f => f.Count >= Triggers * FiringsEach, progressOnly: true);

        var all = firings.All;
        var distinct = all.Select(f => (f.Trigger, f.Scheduled)).Distinct().Count();
        distinct.ShouldBe(all.Count, "no scheduled firing ran twice");
        // Every trigger fired each of its 200 instants, however Quartz placed its first one.
        foreach (var trigger in all.GroupBy(f => f.Trigger))
        {
            var first = trigger.Min(f => f.Scheduled);
            var expected = Enumerable.Range(0, FiringsEach).Select(k => first + (interval * k));
            expected.Except(trigger.Select(f => f.Scheduled)).ShouldBeEmpty($"no scheduled firing of {trigger.Key} was missed");
        }

        all.Select(f => f.Trigger).Distinct().Count().ShouldBe(Triggers);
        all.Count(f => f.Node == "a").ShouldBeGreaterThan(0);
        all.Count(f => f.Node == "b").ShouldBeGreaterThan(0);
        output.WriteLine($"{all.Count} firings on two nodes, 0 double, 0 missed: a {all.Count(f => f.Node == "a")}, b {all.Count(f => f.Node == "b")}");
    }

    private static async Task<Node> StartNodeAsync(Instance instance, string connectionString, Firings firings, bool probe = true, bool batch = false)
    {
        var options = new SchedulingOptions { PlannerInterval = TimeSpan.FromSeconds(1), ClusterCheckinInterval = CheckinInterval, InstanceId = instance.Name };
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(instance.Planner);
        services.AddSingleton(instance.Service);
        services.AddSingleton(options);
        services.AddSingleton(firings);
        services.AddSingleton(new NodeName(instance.Name));
        services.AddQuartz(q =>
        {
            QuartzSetup.Configure(q, options, new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = connectionString });
            if (batch)
            {
                // 250 firings a second need triggers acquired in batches, not one lock round-trip each (the bot's own
                // schedule has two triggers and keeps Quartz's defaults). A batch holds up to a quarter second's
                // firings: against 20 within 100 ms, a run's CPU (test process and PostgreSQL) fell from 130 s to 88 s.
                q.ConfigureScheduler(scheduler =>
                {
                    scheduler.MaxBatchSize = 50;
                    scheduler.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.FromMilliseconds(250);
                });
                q.UseDefaultThreadPool(pool => pool.MaxConcurrency = 50);
            }

            if (probe)
            {
                q.ScheduleJob<ProbeJob>(
                    trigger => trigger.WithIdentity("probe", "tests").StartNow()
                        .WithSimpleSchedule(s => s.WithInterval(ProbeInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                    job => job.WithIdentity("probe", "tests"));
            }
        });
        var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        await scheduler.Start(TestContext.Current.CancellationToken);
        return new Node(provider, scheduler);
    }

    private sealed record NodeName(string Value);

    private sealed record Firing(string Node, DateTimeOffset Scheduled, DateTimeOffset At, string Trigger = "probe");

    private sealed class Node(ServiceProvider provider, IScheduler scheduler) : IAsyncDisposable
    {
        private bool _stopped;

        public IScheduler Scheduler => scheduler;

        public async Task StopAsync()
        {
            if (!_stopped)
            {
                _stopped = true;
                await scheduler.Shutdown(waitForJobsToComplete: true);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            await provider.DisposeAsync();
        }
    }

    /// <summary>Every probe firing, by node, with a signal for the awaited condition.</summary>
    private sealed class Firings
    {
        private readonly ConcurrentQueue<Firing> _all = new();
        private readonly Lock _gate = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _count;

        public IReadOnlyList<Firing> All => [.. _all];

        /// <summary>How many firings were recorded, without copying them (the 10,000-firing run checks it on every
        /// firing: a copy each time was 50 million entries copied over the run).</summary>
        public int Count => Volatile.Read(ref _count);

        public void Add(Firing firing)
        {
            _all.Enqueue(firing);
            Interlocked.Increment(ref _count);
            TaskCompletionSource changed;
            lock (_gate)
            {
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }

        /// <summary>Waits up to 90 s for the condition; with <paramref name="progressOnly"/>, 90 s without a new
        /// firing, so that a long run on a loaded machine fails only when the cluster stalls, and 10 minutes at most.</summary>
        public async Task WaitForAsync(Func<Firings, bool> condition, bool progressOnly = false)
        {
            var patience = TimeSpan.FromSeconds(90);
            var deadline = DateTimeOffset.UtcNow + patience;
            var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10);
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    changed = _changed.Task;
                }

                if (condition(this))
                {
                    return;
                }

                var left = deadline - DateTimeOffset.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"The awaited firings did not happen ({Count} so far)");
                }

                await changed.WaitAsync(left);
                if (progressOnly)
                {
                    deadline = DateTimeOffset.UtcNow + patience < giveUp ? DateTimeOffset.UtcNow + patience : giveUp;
                }
            }
        }
    }

    /// <summary>Records which node ran which scheduled firing; never two at once, like the planner.</summary>
    [DisallowConcurrentExecution]
    private sealed class ProbeJob(NodeName node, Firings firings) : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            firings.Add(new Firing(node.Value, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, DateTimeOffset.UtcNow, context.Trigger.Key.Name));
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Records which node ran which scheduled firing, as <see cref="ProbeJob"/> does, but without
    /// <see cref="DisallowConcurrentExecutionAttribute"/>: with it, every firing also moved its trigger to BLOCKED and
    /// back in the shared tables and woke the scheduler thread to acquire again, which was a third of the 10,000-firing
    /// run's CPU (test process 51 s → 34 s, PostgreSQL 43 s → 29 s) and says nothing more about "once": one firing of a
    /// trigger is over long before its next is due 200 ms later.</summary>
    private sealed class LoadJob(NodeName node, Firings firings) : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            firings.Add(new Firing(node.Value, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, DateTimeOffset.UtcNow, context.Trigger.Key.Name));
            return ValueTask.CompletedTask;
        }
    }
}
