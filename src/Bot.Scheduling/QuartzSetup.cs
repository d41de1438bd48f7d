using Bot.Storage;
using Quartz;

namespace Bot.Scheduling;

/// <summary>The bot's Quartz schedule: the planner every <see cref="SchedulingOptions.PlannerInterval"/> and the
/// retention job hourly, in a persistent ADO job store in the bot's own store (the QRTZ_ tables come from the
/// store's schema script 009; Quartz validates them at start) or, with <c>QuartzStore=Memory</c>, in RAM. Either
/// way the ledger and the subscriptions' next due instants are the durable state of the posts themselves.
/// <para>On PostgreSQL the job store is clustered: every instance runs a scheduler on the same tables, each
/// firing is taken by exactly one of them under Quartz's row lock, and when an instance stops checking in for
/// <see cref="SchedulingOptions.ClusterCheckinInterval"/> past its due check-in, another recovers its triggers, so
/// the planner moves to a living instance within twice the interval.</para></summary>
public static class QuartzSetup
{
    public static void Configure(IQuartzBuilder quartz, SchedulingOptions options, StoreOptions store)
    {
        if (options.QuartzStore == "Memory")
        {
            quartz.UseInMemoryStore(_ => { });
        }
        else if (store.Provider == StoreProvider.Postgres)
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceId = options.ResolvedInstanceId);
            quartz.UsePersistentStore(persistent =>
            {
                persistent.UsePostgres(data => data.ConnectionString = store.ConnectionString);
                persistent.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.ClusterCheckinInterval;
                    cluster.CheckinMisfireThreshold = options.ClusterCheckinInterval;
                });
            });
        }
        else
        {
            quartz.UsePersistentStore(persistent => persistent.UseSqlite(data => data.ConnectionString = store.ConnectionString));
        }

        // A missed tick is not made up: the next one finds everything due anyway.
        quartz.ScheduleJob<PlannerJob>(
            trigger => trigger.WithIdentity("plan-deliveries", "anniversary-bot").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.PlannerInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            job => job.WithIdentity(PlannerJob.Key));
        quartz.ScheduleJob<RetentionJob>(
            trigger => trigger.WithIdentity("subscription-retention", "anniversary-bot").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            job => job.WithIdentity(RetentionJob.Key));
    }
}
