using System.Text.Json;
using Bot.Host.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host;

public static class OperationsSetup
{
    /// <summary><c>/healthz</c> (store, scheduler, each platform that is on: 200 when healthy or degraded, 503 when
    /// any is unhealthy, JSON body)
    /// and <c>/metrics</c> (Prometheus text), served in every mode on the bot's web server.</summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PrometheusExporter>();
        builder.Services.AddSingleton<Verbs.ICliVerb, Verbs.HealthcheckVerb>();
        var health = builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        var services = builder.Services;
        if (services.Select(d => d.ImplementationInstance).OfType<RunMode>().Single().IsBot)
        {
            health.AddCheck<SchedulerHealthCheck>("scheduler");
        }

        if (services.Any(d => d.ServiceType == typeof(Bot.Telegram.TelegramClient)))
        {
            health.AddCheck<TelegramHealthCheck>("telegram");
        }

        if (services.Any(d => d.ServiceType == typeof(Bot.Discord.Gateway.DiscordGatewayService)))
        {
            health.AddCheck<DiscordHealthCheck>("discord");
        }
        builder.Services.AddSingleton(new EndpointMapping(endpoints =>
        {
            endpoints.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
            {
                ResponseWriter = WriteHealthAsync,
            });
            endpoints.MapGet("/metrics", (PrometheusExporter exporter) =>
                Results.Text(exporter.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        }));
        return builder;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
