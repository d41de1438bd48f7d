using Bot.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Quartz;
using Shouldly;

namespace Bot.Scheduling.Tests;

/// <summary>The real Quartz scheduler with its ADO job store on the bot's SQLite file (tables from our schema
/// script), firing the planner job; restarted over the same file.</summary>
public sealed class QuartzStoreTests
{
    [Fact]
    public async Task Planner_job_fires_from_the_persistent_sqlite_store_and_survives_a_restart()
    {
        await using var h = new Harness(Instant.FromUtc(2027, 1, 1, 0, 0));
        await using (await h.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
        }

        var options = new SchedulingOptions { PlannerInterval = TimeSpan.FromSeconds(1) };
        for (var run = 0; run < 2; run++)
        {
            var ticked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnTick(PlanResult _) => ticked.TrySetResult();
            h.Planner.Ticked += OnTick;

            var services = new ServiceCollection();
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
            services.AddSingleton(h.Planner);
            services.AddSingleton(h.Service);
            services.AddSingleton(options);
            services.AddQuartz(q => QuartzSetup.Configure(q, options, new Bot.Storage.StoreOptions { ConnectionString = h.ConnectionString }));
            await using var provider = services.BuildServiceProvider();
            var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
            await scheduler.Start(TestContext.Current.CancellationToken);
            try
            {
                await ticked.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            }
            finally
            {
                await scheduler.Shutdown(waitForJobsToComplete: true, TestContext.Current.CancellationToken);
                h.Planner.Ticked -= OnTick;
            }
        }

        await using var connection = await h.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME IN ('plan-deliveries', 'subscription-retention')";
        Convert.ToInt32(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(2);
    }
}
