using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Core.Telemetry;
using Bot.Scheduling;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Bot.Host.Operations;

/// <summary><c>Metrics:Listen</c>: an address of its own for <c>/metrics</c> (e.g. <c>http://127.0.0.1:9464</c>),
/// so that the scrape endpoint need not be reachable where the public endpoints (webhooks) are. Empty: <c>/metrics</c>
/// is served beside them.</summary>
public sealed class MetricsOptions
{
    public string? Listen { get; set; }

    /// <summary>The port of a usable <see cref="Listen"/> (http or https, a host, an explicit port, no path), else null.</summary>
    public static int? PortOf(string? listen)
    {
        // Kestrel's wildcard hosts are not URI hosts; they bind every interface.
        var text = listen?.Trim().Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.AbsolutePath == "/" && uri.Query.Length == 0
            && uri.Port is > 0 and <= 65535
            && text!.Contains(":" + uri.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            ? uri.Port
            : null;
    }
}

/// <summary>A <c>Metrics:Listen</c> that is not an address Kestrel can bind, or that shares a port with <c>Urls</c>
/// (where it could not be told apart from the public endpoints), stops start-up naming the key. <paramref name="publicUrls"/>
/// are the public endpoints' addresses as configured, before <c>Metrics:Listen</c> joined them.</summary>
public sealed class MetricsOptionsValidator(string publicUrls) : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Listen))
        {
            return ValidateOptionsResult.Success;
        }

        if (MetricsOptions.PortOf(options.Listen) is not { } port)
        {
            return ValidateOptionsResult.Fail(
                $"Metrics:Listen '{options.Listen}' is not an address to listen on: give http://ADDRESS:PORT, e.g. http://127.0.0.1:9464 (or leave it empty to serve /metrics beside the other endpoints).");
        }

        return publicUrls.Split(';', StringSplitOptions.RemoveEmptyEntries).Any(url => MetricsOptions.PortOf(url) == port)
            ? ValidateOptionsResult.Fail($"Metrics:Listen '{options.Listen}' uses port {port}, which the public endpoints (Urls '{publicUrls}') use too: give /metrics a port of its own, e.g. http://127.0.0.1:9464.")
            : ValidateOptionsResult.Success;
    }
}

public static class MetricsSetup
{
    /// <summary>OpenTelemetry's metrics SDK reads the bot's meter and the runtime's and process's instruments and
    /// serves them in the Prometheus text format at <c>/metrics</c>, on <c>Metrics:Listen</c>'s port when it is set,
    /// with the bot's histograms at zero until their first observation (<see cref="HistogramsAtZero"/>).</summary>
    public static WebApplicationBuilder AddBotMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration("Metrics").ValidateOnStart();
        // The public addresses as BotHost takes them: Urls (or its default), else ASPNETCORE_URLS.
        var urls = new[] { builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey), builder.Configuration["ASPNETCORE_URLS"] }
            .FirstOrDefault(u => !string.IsNullOrEmpty(u)) ?? "";
        builder.Services.AddSingleton<IValidateOptions<MetricsOptions>>(new MetricsOptionsValidator(urls));
        var listen = builder.Configuration["Metrics:Listen"];
        var port = MetricsOptions.PortOf(listen);
        if (port is not null)
        {
            // Added to the public addresses rather than replacing them; the validator checks the port differs.
            builder.WebHost.UseUrls(urls.Length == 0 ? listen! : $"{urls};{listen}");
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("AnniversaryBot"))
            .WithMetrics(metrics => metrics
                .AddMeter(BotMetrics.MeterName)
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                // Every scrape reads the instruments afresh: a scrape comes every few seconds at most, and a cached
                // answer would hide what just happened from a probe or a test.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.Services.AddSingleton(services => new HistogramsAtZero(BotMetrics.Histograms, PlatformNames(services)));
        builder.Services.AddSingleton(new EndpointMapping(endpoints => endpoints.MapPrometheusScrapingEndpoint(
            "/metrics",
            meterProvider: null,
            configureBranchedPipeline: branch =>
            {
                if (port is { } own)
                {
                    branch.Use((context, next) => OnPort(context, next, own));
                }

                branch.Use(branch.ApplicationServices.GetRequiredService<HistogramsAtZero>().WriteAsync);
            },
            optionsName: null)));
        return builder;
    }

    /// <summary>Starts reading the bot's instruments before the first command, and records zero on every series
    /// whose labels are known, so that the first scrape lists them all.</summary>
    public static void StartMetrics(IServiceProvider services)
    {
        services.GetRequiredService<MeterProvider>();
        if (services.GetService<DeliveryPipeline>() is { } pipeline)
        {
            BotMetrics.ObserveDeliveryQueue(() => pipeline.Outstanding);
        }

        BotMetrics.StartAtZero(PlatformNames(services), [.. services.GetRequiredService<CommandDispatcher>().Commands.Select(c => c.Name)]);
    }

    /// <summary>The platforms that are on: the label sets of the series listed at zero.</summary>
    private static string[] PlatformNames(IServiceProvider services) =>
        [.. services.GetServices<IChatPlatform>().Select(p => p.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>The connection's local port, not the Host header, which a client chooses.</summary>
    private static Task OnPort(HttpContext context, RequestDelegate next, int port)
    {
        if (context.Connection.LocalPort == port)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
