using Quartz;

namespace Bot.Scheduling;

/// <summary>The bot's Quartz schedule: the planner every <see cref="SchedulingOptions.PlannerInterval"/> and the
/// retention job hourly, in a persistent ADO job store on the bot's SQLite file (the QRTZ_ tables come from the
/// store's schema script 009; Quartz validates them at start) or, with <c>QuartzStore=Memory</c>, in RAM. Either
/// way the ledger and the subscriptions' next due instants are the durable state of the posts themselves.</summary>
public static class QuartzSetup
{
    public static void Configure(IQuartzBuilder quartz, SchedulingOptions options, string sqliteConnectionString)
    {
        if (options.QuartzStore == "Sqlite")
        {
            quartz.UsePersistentStore(store => store.UseSqlite(data => data.ConnectionString = sqliteConnectionString));
        }
        else
        {
            quartz.UseInMemoryStore(_ => { });
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
