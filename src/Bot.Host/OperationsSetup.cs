using System.Buffers;
using System.Text.Json;
using Bot.Host.Operations;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host;

public static class OperationsSetup
{
    /// <summary>Checks a readiness probe runs (<c>/readyz</c>); <c>/healthz</c> runs none.</summary>
    private static readonly string[] Ready = ["ready"];

    /// <summary><c>/healthz</c>: live, the process serves requests (200). <c>/readyz</c>: the store answers, the
    /// scheduler runs and each platform that is on is connected (200 when all are healthy, 503 otherwise; a
    /// platform still connecting is degraded, not an error). Both answer JSON. Then metrics (<see cref="MetricsSetup"/>)
    /// and the stop timeout.</summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Verbs.ICliVerb, Verbs.HealthcheckVerb>();
        // Ctrl+C, SIGTERM or docker stop end the process within 5 s: each service has until then to finish or leave
        // its work recorded (an unconfirmed delivery is recovered at the next start), not the default 30 s.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(4));
        var health = builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: Ready);
        var services = builder.Services;
        if (services.Select(d => d.ImplementationInstance).OfType<RunMode>().Single().IsBot)
        {
            health.AddCheck<SchedulerHealthCheck>("scheduler", tags: Ready);
        }

        if (services.Any(d => d.ServiceType == typeof(Bot.Telegram.TelegramClient)))
        {
            health.AddCheck<TelegramHealthCheck>("telegram", tags: Ready);
        }

        if (services.Any(d => d.ServiceType == typeof(Bot.Discord.Gateway.DiscordGatewayService)))
        {
            health.AddCheck<DiscordHealthCheck>("discord", tags: Ready);
        }

        builder.Services.AddSingleton(new EndpointMapping(endpoints =>
        {
            endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
            endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
            {
                Predicate = check => check.Tags.Contains(Ready[0]),
                ResponseWriter = WriteHealthAsync,
                ResultStatusCodes =
                {
                    [HealthStatus.Healthy] = StatusCodes.Status200OK,
                    [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                    [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
                },
            });
        }));
        return builder.AddBotMetrics();
    }

    /// <summary><c>{"status":"Healthy","checks":{"store":{"status":"Healthy","description":"store reachable"}}}</c>,
    /// written directly rather than through the reflection-based serializer, which costs a first request dearly.</summary>
    private static async Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new ArrayBufferWriter<byte>();
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }
}
