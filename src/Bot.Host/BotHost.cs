using Bot.Core;
using Bot.Host.Operations;
using Bot.Host.Verbs;
using Microsoft.Extensions.Options;

namespace Bot.Host;

/// <summary>Creates the application builder and decides between running the bot and running one command-line verb.</summary>
public static class BotHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var timeline = new StartupTimeline();
        var root = BotPaths.FindRoot();
        Directory.SetCurrentDirectory(root);
        // The slim builder leaves out what the bot never serves (HTTP/3 over QUIC, IIS, static web assets, regex
        // route constraints) and so never loads it; HTTPS endpoints in Urls still work.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = root,
        });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(root, "config", "appsettings.json"), optional: false, reloadOnChange: false)
            .AddJsonFile(Path.Combine(root, "config", $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(VerbArguments.Options(args));
        builder.Services.AddSingleton(new BotPaths(root));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new RunMode(VerbArguments.Verb(args)));
        builder.Services.AddSingleton(timeline);
        // Registered before every feature's hosted services, so it starts first: the container is built by then.
        builder.Services.AddStartupMark("services built");
        if (builder.Configuration["Urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        }

        timeline.Mark("configuration");
        return builder;
    }

    /// <summary>Every feature, in the order they build on each other: the facts before the occasions drawn from them.
    /// Tests compose the same way.</summary>
    public static WebApplicationBuilder Compose(WebApplicationBuilder builder)
    {
        builder.Services.AddCommandDispatcher();
        builder.AddBotLogging().AddStore().AddFactStore().AddScheduling().AddPlatforms().AddConsoleChannel().AddOperations();
        builder.Services.AddStartupMark("platforms and health");
        builder.Services.Select(d => d.ImplementationInstance).OfType<StartupTimeline>().Single().Mark("composition");
        return builder;
    }

    /// <summary>The bot's endpoints: every feature's (health, metrics, webhooks) and a plain greeting at <c>/</c>.</summary>
    public static void MapEndpoints(WebApplication app)
    {
        // Before the first command rather than at the first scrape, so that no measurement is missed.
        MetricsSetup.StartMetrics(app.Services);
        app.MapGet("/", context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("AnniversaryBot is running.", context.RequestAborted);
        });
        foreach (var endpoints in app.Services.GetServices<EndpointMapping>())
        {
            endpoints.Map(app);
        }
    }

    /// <summary>Runs the verb named by the first argument, or the bot when there is none.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var mode = app.Services.GetRequiredService<RunMode>();
        if (mode.Verb is null)
        {
            var timeline = app.Services.GetRequiredService<StartupTimeline>();
            timeline.Mark("build");
            MapEndpoints(app);
            app.Lifetime.ApplicationStarted.Register(() => LogStarted(app, timeline));
            await app.RunAsync();
            return 0;
        }

        var verbs = app.Services.GetServices<ICliVerb>().ToDictionary(v => v.Name, StringComparer.OrdinalIgnoreCase);
        if (mode.Verb is "help" or "--help" or "-h" || !verbs.TryGetValue(mode.Verb, out var verb))
        {
            var known = mode.Verb is "help" or "--help" or "-h";
            var output = known ? System.Console.Out : System.Console.Error;
            if (!known)
            {
                await output.WriteLineAsync($"Unknown command '{mode.Verb}'.");
            }

            await output.WriteLineAsync("Usage: AnniversaryBot [verb] [options]   (no verb: run the bot)");
            foreach (var v in verbs.Values.OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"  {v.Usage}");
            }

            return known ? 0 : 2;
        }

        using var cancel = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        if (verb.NeedsCurrentStore)
        {
            foreach (var preparation in app.Services.GetServices<StorePreparation>())
            {
                await preparation.Prepare(app.Services, cancel.Token);
            }
        }

        return await verb.RunAsync(VerbArguments.Rest(args), app.Services, cancel.Token);
    }

    /// <summary>Once the web server listens: one line with the start-up's stages (left out in console mode, where it
    /// would land inside the conversation, as the host's own status lines are).</summary>
    private static void LogStarted(WebApplication app, StartupTimeline timeline)
    {
        timeline.Mark("web server");
        if (!app.Services.GetRequiredService<IOptions<ConsoleLifetimeOptions>>().Value.SuppressStatusMessages)
        {
            var (elapsed, cpu, stages) = timeline.Summary();
            app.Logger.LogInformation("Started in {Seconds:0.000} s ({CpuSeconds:0.000} s CPU): {Stages}", elapsed.TotalSeconds, cpu.TotalSeconds, stages);
        }
    }
}

/// <summary>Endpoints a feature serves on the bot's web server (Telegram webhook, Discord interactions, health);
/// each feature registers its own.</summary>
public sealed record EndpointMapping(Action<IEndpointRouteBuilder> Map);

/// <summary>Work that brings the store up to date before a verb reads it (the incremental corpus ingest); the bot
/// itself does the same in hosted services at start.</summary>
public sealed record StorePreparation(Func<IServiceProvider, CancellationToken, Task> Prepare);

/// <summary>Which verb this process runs, or null for the bot itself.</summary>
public sealed record RunMode(string? Verb)
{
    public bool IsBot => Verb is null;
}
