using System.Text.Json;
using Bot.Host.Tests.Platforms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>What an operator's probes read from the running bot: <c>/healthz</c>, <c>/readyz</c>, and the start-up
/// line in the log. Metrics: <see cref="MetricsEndpointTests"/>.</summary>
public sealed class OperationsEndpointTests
{
    [Fact]
    public async Task Healthz_answers_live_without_running_the_readiness_checks()
    {
        using var folder = new BotFolder();
        await using var bot = await RunningApp.StartAsync(folder.HostArguments);
        using var http = new HttpClient();

        using var response = await http.GetAsync(bot.Url + "/healthz", TestContext.Current.CancellationToken);

        response.IsSuccessStatusCode.ShouldBeTrue();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        body.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        body.RootElement.GetProperty("checks").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task Readyz_reports_the_store_and_the_scheduler_as_json()
    {
        using var folder = new BotFolder();
        await using var bot = await RunningApp.StartAsync(folder.HostArguments);
        using var http = new HttpClient();

        using var response = await ReadyAsync(http, bot.Url);

        response.IsSuccessStatusCode.ShouldBeTrue();
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        body.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        var checks = body.RootElement.GetProperty("checks");
        checks.GetProperty("store").GetProperty("description").GetString().ShouldBe("store reachable");
        checks.GetProperty("scheduler").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Bot_logs_how_long_each_start_up_stage_took_once_it_listens()
    {
        using var workspace = new BotWorkspace();
        await using var bot = BotProcess.Start(workspace, [], new Dictionary<string, string> { ["Console__Enabled"] = "false" });

        await bot.WaitForLogAsync("web server", TimeSpan.FromMinutes(1));

        var line = bot.Errors.Split('\n').Single(l => l.Contains("Started in", StringComparison.Ordinal));
        foreach (var stage in new[] { "runtime", "configuration", "composition", "build", "services built", "corpus", "store and occasions", "scheduler", "web server" })
        {
            line.ShouldContain(stage + " ");
        }
    }

    /// <summary>Asks /readyz as an operator's probe does, until it answers 200 or 30 s pass: Quartz starts its
    /// scheduler only once the application has started, so the first answers may still say it is starting.</summary>
    private static async Task<HttpResponseMessage> ReadyAsync(HttpClient http, string url)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await http.GetAsync(url + "/readyz", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}

/// <summary>The bot composed and started in this process as <c>start</c> composes it, on the first address it listens on.</summary>
internal sealed record RunningApp(WebApplication App, string Url) : IAsyncDisposable
{
    public static async Task<RunningApp> StartAsync(string[] arguments)
    {
        var app = BotHost.Compose(BotHost.CreateBuilder(arguments)).Build();
        BotHost.MapEndpoints(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RunningApp(app, app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public ValueTask DisposeAsync() => App.StopAndDisposeAsync();
}
