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
        await firings.WaitForAsync(f => f.Count(x => x.Node == survivor && x.At > stoppedAt) >= 4);

        var all = firings.All;
        all.Select(f => f.Scheduled).Distinct().Count().ShouldBe(all.Count, "no scheduled firing ran twice");
        var firstAfter = all.Where(f => f.Node == survivor && f.At > stoppedAt).Min(f => f.At);
        output.WriteLine($"{all.Count} firings, 0 double: a {all.Count(f => f.Node == "a")}, b {all.Count(f => f.Node == "b")}; " +
            $"node {last.Node} stopped after {countAtStop} firings, node {survivor} fired {(firstAfter - stoppedAt).TotalMilliseconds:F0} ms later " +
            $"(check-in interval {CheckinInterval.TotalMilliseconds:F0} ms)");
    }

    private static async Task<Node> StartNodeAsync(Instance instance, string connectionString, Firings firings)
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
            q.ScheduleJob<ProbeJob>(
                trigger => trigger.WithIdentity("probe", "tests").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(ProbeInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                job => job.WithIdentity("probe", "tests"));
        });
        var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        await scheduler.Start(TestContext.Current.CancellationToken);
        return new Node(provider, scheduler);
    }

    private sealed record NodeName(string Value);

    private sealed record Firing(string Node, DateTimeOffset Scheduled, DateTimeOffset At);

    private sealed class Node(ServiceProvider provider, IScheduler scheduler) : IAsyncDisposable
    {
        private bool _stopped;

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

        public IReadOnlyList<Firing> All => [.. _all];

        public void Add(Firing firing)
        {
            _all.Enqueue(firing);
            TaskCompletionSource changed;
            lock (_gate)
            {
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }

        public async Task WaitForAsync(Func<IReadOnlyList<Firing>, bool> condition)
        {
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    changed = _changed.Task;
                }

                if (condition(All))
                {
                    return;
                }

                await changed.WaitAsync(deadline - DateTimeOffset.UtcNow);
            }
        }
    }

    /// <summary>Records which node ran which scheduled firing; never two at once, like the planner.</summary>
    [DisallowConcurrentExecution]
    private sealed class ProbeJob(NodeName node, Firings firings) : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            firings.Add(new Firing(node.Value, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, DateTimeOffset.UtcNow));
            return ValueTask.CompletedTask;
        }
    }
}
