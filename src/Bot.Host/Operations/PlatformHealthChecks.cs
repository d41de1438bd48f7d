using Bot.Discord.Gateway;
using Bot.Telegram;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Bot.Host.Operations;

/// <summary>Quartz is started and not in standby: scheduled posts will be planned.</summary>
public sealed class SchedulerHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory)
        {
            return HealthCheckResult.Unhealthy("the scheduler is not configured");
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        // Quartz starts only once the application has started: until then it is starting, not failing.
        return scheduler.Status switch
        {
            SchedulerStatus.Running => HealthCheckResult.Healthy("scheduler running"),
            SchedulerStatus.Created or SchedulerStatus.Standby => HealthCheckResult.Degraded("scheduler starting"),
            var status => HealthCheckResult.Unhealthy("scheduler " + status.ToString().ToLowerInvariant()),
        };
    }
}

/// <summary>Telegram answered a call within the last two long-poll periods. Before its first answer it is connecting:
/// degraded (not ready, and a warning at most in the log), never an error.</summary>
public sealed class TelegramHealthCheck(TelegramClient client, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(client.LastAnsweredAt switch
        {
            null => HealthCheckResult.Degraded("Telegram connecting: no answer yet"),
            { } last when time.GetUtcNow() - last < Quiet => HealthCheckResult.Healthy($"Telegram answered at {last:O}"),
            { } last => HealthCheckResult.Unhealthy($"Telegram silent since {last:O}"),
        });
}

/// <summary>The Discord gateway session is ready; connecting, identifying or resuming is degraded, not an error.</summary>
public sealed class DiscordHealthCheck(DiscordGatewayService gateway) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gateway.Client.State switch
        {
            GatewayState.Ready => HealthCheckResult.Healthy("gateway ready"),
            GatewayState.Failed => HealthCheckResult.Unhealthy("gateway stopped: " + gateway.Client.FatalError),
            var state => HealthCheckResult.Degraded("gateway " + state.ToString().ToLowerInvariant()),
        });
}
