using System.Text.Json;
using Bot.Host.Tests.Platforms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>What an operator's probes read from the running bot: <c>/healthz</c>, <c>/metrics</c>, and the start-up
/// line in the log.</summary>
public sealed class OperationsEndpointTests
{
    [Fact]
    public async Task Healthz_reports_the_store_and_the_scheduler_as_json()
    {
        using var folder = new BotFolder();
        await using var bot = await StartAsync(folder);
        using var http = new HttpClient();

        using var response = await HealthyAsync(http, bot.Url);

        response.IsSuccessStatusCode.ShouldBeTrue();
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        body.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        var checks = body.RootElement.GetProperty("checks");
        checks.GetProperty("store").GetProperty("description").GetString().ShouldBe("store reachable");
        checks.GetProperty("scheduler").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Metrics_are_served_as_prometheus_text()
    {
        using var folder = new BotFolder();
        await using var bot = await StartAsync(folder);
        using var http = new HttpClient();
        Bot.Core.Telemetry.BotMetrics.PostsDelivered.Add(1, new KeyValuePair<string, object?>("platform", "endpoint-test"));

        using var response = await http.GetAsync(bot.Url + "/metrics", TestContext.Current.CancellationToken);

        response.IsSuccessStatusCode.ShouldBeTrue();
        response.Content.Headers.ContentType?.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .ShouldContain("bot_posts_delivered_total{platform=\"endpoint-test\"} 1");
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

    /// <summary>Asks /healthz as an operator's probe does, until it answers 200 or 30 s pass: Quartz starts its
    /// scheduler only once the application has started, so the first answers may still say it is not running.</summary>
    private static async Task<HttpResponseMessage> HealthyAsync(HttpClient http, string url)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await http.GetAsync(url + "/healthz", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<RunningApp> StartAsync(BotFolder folder)
    {
        var app = BotHost.Compose(BotHost.CreateBuilder(folder.HostArguments)).Build();
        BotHost.MapEndpoints(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RunningApp(app, app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    private sealed record RunningApp(WebApplication App, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.StopAndDisposeAsync();
    }
}
