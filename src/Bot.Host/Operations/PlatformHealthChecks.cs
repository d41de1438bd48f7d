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
        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy("scheduler running")
            : HealthCheckResult.Unhealthy("scheduler " + scheduler.Status.ToString().ToLowerInvariant());
    }
}

/// <summary>Telegram answered a call within the last two long-poll periods.</summary>
public sealed class TelegramHealthCheck(TelegramClient client, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(client.LastAnsweredAt is { } last && time.GetUtcNow() - last < Quiet
            ? HealthCheckResult.Healthy($"Telegram answered at {last:O}")
            : HealthCheckResult.Unhealthy(client.LastAnsweredAt is null ? "Telegram has not answered yet" : $"Telegram silent since {client.LastAnsweredAt:O}"));
}

/// <summary>The Discord gateway session is ready (or resuming from a short drop: degraded).</summary>
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
