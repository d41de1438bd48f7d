using System.Text.Json;
using Bot.Host.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host;

public static class OperationsSetup
{
    /// <summary><c>/healthz</c> (store, scheduler, each platform: 200 when all are healthy, else 503, JSON body)
    /// and <c>/metrics</c> (Prometheus text), served in every mode on the bot's web server.</summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PrometheusExporter>();
        builder.Services.AddSingleton<Verbs.ICliVerb, Verbs.HealthcheckVerb>();
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
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
