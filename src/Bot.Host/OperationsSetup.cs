using System.Buffers;
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
            // Plain request delegates: a handler with parameters would be compiled from expression trees at the first request.
            endpoints.MapGet("/metrics", context =>
            {
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                return context.Response.WriteAsync(context.RequestServices.GetRequiredService<PrometheusExporter>().Render(), context.RequestAborted);
            });
        }));
        return builder;
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
