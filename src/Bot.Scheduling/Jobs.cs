using Bot.Core.Subscriptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Bot.Scheduling;

/// <summary>The planner, fired by Quartz every <see cref="SchedulingOptions.PlannerInterval"/>: ticks until everything due
/// is claimed. Never runs twice at once.</summary>
[DisallowConcurrentExecution]
public sealed class PlannerJob(DeliveryPlanner planner, ILogger<PlannerJob> log) : IJob
{
    public static readonly JobKey Key = new("plan-deliveries", "anniversary-bot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await planner.RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next tick tries again; the ledger keeps what was claimed.
            log.LogError(ex, "Planner tick {FireId} failed", context.FireInstanceId);
        }
    }
}

/// <summary>Deletes the subscriptions of guilds and chats the bot left more than the retention period ago (audited).</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(SubscriptionService subscriptions, SchedulingOptions options, ILogger<RetentionJob> log) : IJob
{
    public static readonly JobKey Key = new("subscription-retention", "anniversary-bot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var removed = await subscriptions.RemoveAbandonedAsync(TimeSpan.FromDays(options.RetentionDays), cancellationToken);
            if (removed > 0)
            {
                log.LogInformation("Removed {Count} subscriptions of guilds or chats the bot left over {Days} days ago", removed, options.RetentionDays);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Retention job failed");
        }
    }
}

/// <summary>Starts the delivery pipeline (recovering unconfirmed deliveries first) and stops it with the host.</summary>
public sealed class DeliveryPipelineService(DeliveryPipeline pipeline) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => pipeline.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => pipeline.StopAsync();
}

/// <summary>PostgreSQL mode: batch after batch (the next once this one is done, or after
/// <see cref="SchedulingOptions.TakeOverInterval"/> with whatever room its workers have), or every interval when there
/// is nothing to take, this instance takes the deliveries no live instance holds (unstarted ones, so the fan-out
/// spreads; and those of an instance that died mid-send, once their lease ran out). Not a Quartz job: every instance
/// runs it, not one at a time.</summary>
public sealed class DeliveryTakeOverService(DeliveryPipeline pipeline, SchedulingOptions options, TimeProvider time, ILogger<DeliveryTakeOverService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var taken = 0;
            try
            {
                // A batch at a time: the next is taken as soon as this one is done, so during a fan-out each
                // instance pulls work as fast as it sends, and the work spreads by throughput. The wait is bounded so
                // that a send which hangs does not keep the free workers from the next rows.
                taken = await pipeline.TakeOverAsync(stoppingToken);
                if (taken > 0)
                {
                    await pipeline.WhenIdleAsync(stoppingToken).WaitAsync(options.TakeOverInterval, time, stoppingToken)
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Taking over open deliveries failed; trying again in {Interval}", options.TakeOverInterval);
            }

            if (taken == 0)
            {
                await Task.Delay(options.TakeOverInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
