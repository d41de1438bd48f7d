using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Core.Telemetry;
using Bot.Host.Operations;
using Bot.Host.Tests.Platforms;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>Every bot in this process reads the same static meter, so these tests run alone: a question another
/// test asks meanwhile would be counted here too.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class MetricsTestsRunAlone;

/// <summary><c>/metrics</c> as Prometheus scrapes it.</summary>
[Collection(typeof(MetricsTestsRunAlone))]
public sealed class MetricsEndpointTests
{
    private const string PlainText = "text/plain";
    private const string OpenMetrics = "application/openmetrics-text";

    [Fact]
    public async Task First_scrape_lists_every_series_of_the_bot_at_zero()
    {
        using var folder = new BotFolder();
        await using var bot = await RunningApp.StartAsync(folder.HostArguments);
        var commands = bot.App.Services.GetRequiredService<CommandDispatcher>().Commands.Select(c => c.Name).ToList();

        var text = await ScrapeAsync(bot.Url);

        Value(text, "bot_posts_planned_total", ("platform", "console")).ShouldBe(0);
        foreach (var outcome in new[] { "sent", "retried", "failed", "uncertain", "skipped", "possibly_duplicated" })
        {
            Value(text, "bot_posts_total", ("platform", "console"), ("outcome", outcome)).ShouldBe(0);
        }

        foreach (var series in new[] { "bot_questions_asked_total", "bot_questions_answered_total", "bot_questions_declined_total" })
        {
            Value(text, series, ("platform", "console")).ShouldBe(0);
        }

        commands.ShouldContain("ask");
        foreach (var command in commands)
        {
            Value(text, "bot_commands_handled_total", ("platform", "console"), ("command", command)).ShouldBe(0);
        }

        Value(text, "bot_gateway_reconnects_total", ("resume", "true")).ShouldBe(0);
        Value(text, "bot_gateway_reconnects_total", ("resume", "false")).ShouldBe(0);
        Value(text, "bot_delivery_queue_depth").ShouldBe(0);
    }

    [Fact]
    public async Task First_scrape_has_runtime_and_process_series()
    {
        using var folder = new BotFolder();
        await using var bot = await RunningApp.StartAsync(folder.HostArguments);

        var text = await ScrapeAsync(bot.Url);

        Value(text, "dotnet_gc_heap_total_allocated_bytes_total").ShouldNotBeNull().ShouldBeGreaterThan(0);
        Value(text, "process_memory_usage_bytes").ShouldNotBeNull().ShouldBeGreaterThan(0);
        Value(text, "process_cpu_time_seconds_total", ("cpu_mode", "user")).ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_question_asked_is_counted_as_asked_and_as_answered_or_declined_with_its_latency()
    {
        using var folder = new BotFolder();
        await using var bot = await RunningApp.StartAsync(folder.HostArguments);
        var dispatcher = bot.App.Services.GetRequiredService<CommandDispatcher>();
        var channel = new ChannelAddress("metrics-test", "1");

        await dispatcher.DispatchAsync(new IncomingCommand("ask", channel, new Caller("metrics-test", "asker", IsModerator: false)) { Arguments = "When did the regime fall?" }, TestContext.Current.CancellationToken);

        var text = await ScrapeAsync(bot.Url);
        Value(text, "bot_questions_asked_total", ("platform", "metrics-test")).ShouldBe(1);
        (Value(text, "bot_questions_answered_total", ("platform", "metrics-test")) ?? 0)
            .ShouldBe(1 - (Value(text, "bot_questions_declined_total", ("platform", "metrics-test")) ?? 0));
        Value(text, "bot_answer_duration_seconds_count", ("platform", "metrics-test")).ShouldBe(1);
        Value(text, "bot_commands_handled_total", ("platform", "metrics-test"), ("command", "ask")).ShouldBe(1);
    }

    [Theory]
    [InlineData(PlainText)]
    [InlineData(OpenMetrics)]
    public async Task First_scrape_lists_every_histogram_of_the_bot_at_zero(string accept)
    {
        using var folder = new BotFolder();
        await using var bot = await RunningApp.StartAsync(folder.HostArguments);

        var text = await ScrapeAsync(bot.Url, accept);

        BotMetrics.Histograms.Count.ShouldBe(3);
        foreach (var histogram in BotMetrics.Histograms)
        {
            var name = histogram.Name + "_seconds";
            var buckets = Lines(text).Where(l => l.StartsWith(name + "_bucket{", StringComparison.Ordinal) && l.Contains("platform=\"console\"", StringComparison.Ordinal)).ToList();
            // By value: each format spells a bound its own way ("1" or "1.0"), which the next test compares with the exporter's.
            buckets.Select(l => Le(l) == "+Inf" ? double.PositiveInfinity : double.Parse(Le(l), CultureInfo.InvariantCulture))
                .ShouldBe([.. histogram.Advice!.HistogramBucketBoundaries!, double.PositiveInfinity], $"{name}'s buckets");
            buckets.ShouldAllBe(line => line.EndsWith("} 0", StringComparison.Ordinal));
            Value(text, name + "_sum", ("platform", "console")).ShouldBe(0);
            Value(text, name + "_count", ("platform", "console")).ShouldBe(0);
            Lines(text).Count(l => l == $"# HELP {name} {histogram.Description}").ShouldBe(1);
            Lines(text).Count(l => l == $"# UNIT {name} seconds").ShouldBe(accept == OpenMetrics ? 1 : 0);
        }

        ShouldListEachSeriesOnceInOnePiece(text, accept);
    }

    [Theory]
    [InlineData(PlainText)]
    [InlineData(OpenMetrics)]
    public async Task A_histogram_observed_once_is_listed_once_with_count_one_as_the_exporter_writes_it(string accept)
    {
        using var folder = new BotFolder();
        await using var bot = await RunningApp.StartAsync(folder.HostArguments);
        var dispatcher = bot.App.Services.GetRequiredService<CommandDispatcher>();
        var atZero = await ScrapeAsync(bot.Url, accept);

        await dispatcher.DispatchAsync(new IncomingCommand("ask", new ChannelAddress("console", "1"), new Caller("console", "asker", IsModerator: false)) { Arguments = "When did the regime fall?" }, TestContext.Current.CancellationToken);
        // Delivery on a platform that is not on: the exporter lists the family, console's zero series must join it.
        BotMetrics.DeliverySeconds.Record(0.2, BotMetrics.Tag("platform", "metrics-test"));
        var text = await ScrapeAsync(bot.Url, accept);

        foreach (var name in new[] { "bot_answer_duration_seconds", "bot_command_duration_seconds" })
        {
            Value(text, name + "_count", ("platform", "console")).ShouldBe(1);
            // The zero series was spelled as the exporter spells the real one: same labels, same bucket bounds.
            SeriesOf(text, name, "console").ShouldBe(SeriesOf(atZero, name, "console"));
        }

        Value(text, "bot_delivery_duration_seconds_count", ("platform", "console")).ShouldBe(0);
        Value(text, "bot_delivery_duration_seconds_count", ("platform", "metrics-test")).ShouldBe(1);
        SeriesOf(text, "bot_delivery_duration_seconds", "console").Select(Le).ShouldBe(SeriesOf(text, "bot_delivery_duration_seconds", "metrics-test").Select(Le));
        Lines(text).Where(l => l.StartsWith('#') && l.Contains("_duration_seconds ", StringComparison.Ordinal))
            .ShouldBe(Lines(atZero).Where(l => l.StartsWith('#') && l.Contains("_duration_seconds ", StringComparison.Ordinal)), ignoreOrder: true);
        ShouldListEachSeriesOnceInOnePiece(text, accept);
    }

    [Fact]
    public async Task Metrics_listen_serves_metrics_on_its_own_port_and_not_on_the_public_one()
    {
        using var folder = new BotFolder();
        var port = FreePort();
        var listen = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        await using var bot = await RunningApp.StartAsync([.. folder.HostArguments, $"--Metrics:Listen={listen}"]);
        var publicUrl = bot.App.Urls.Single(url => new Uri(url).Port != port);
        using var http = new HttpClient();

        using var onPublic = await http.GetAsync(publicUrl + "/metrics", TestContext.Current.CancellationToken);
        var onOwn = await ScrapeAsync(listen);

        onPublic.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        onOwn.ShouldContain("bot_posts_total");
    }

    [Theory]
    [InlineData("127.0.0.1:9464")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:9464/metrics")]
    [InlineData("ftp://127.0.0.1:9464")]
    [InlineData("http://127.0.0.1:8080")]
    public void A_metrics_listen_address_that_is_malformed_or_shares_the_public_port_is_refused_naming_the_key(string listen)
    {
        var result = new MetricsOptionsValidator("http://0.0.0.0:8080").Validate(null, new MetricsOptions { Listen = listen });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Metrics:Listen");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:9464")]
    [InlineData("http://*:9464")]
    public void A_metrics_listen_address_of_its_own_or_none_is_accepted(string? listen)
    {
        new MetricsOptionsValidator("http://0.0.0.0:8080").Validate(null, new MetricsOptions { Listen = listen }).Succeeded.ShouldBeTrue();
    }

    private static async Task<string> ScrapeAsync(string url, string accept = PlainText)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url + "/metrics");
        request.Headers.Accept.ParseAdd(accept);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe(accept);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private static string[] Lines(string text) => text.Split('\n');

    /// <summary>The bucket, sum and count lines of one platform's series of a histogram, without their values.</summary>
    private static List<string> SeriesOf(string text, string name, string platform) =>
    [
        .. Lines(text)
            .Where(l => l.StartsWith(name + "_", StringComparison.Ordinal) && !l.StartsWith(name + "_created", StringComparison.Ordinal)
                && l.Contains($"platform=\"{platform}\"", StringComparison.Ordinal))
            .Select(l => l[..l.LastIndexOf(' ')]),
    ];

    private static string Le(string bucket)
    {
        var start = bucket.IndexOf("le=\"", StringComparison.Ordinal) + 4;
        return bucket[start..bucket.IndexOf('"', start)];
    }

    /// <summary>What a Prometheus or OpenMetrics parser insists on: each family under one TYPE line with its samples
    /// right below it, no series twice, and in OpenMetrics <c># EOF</c> as the last line.</summary>
    private static void ShouldListEachSeriesOnceInOnePiece(string text, string accept)
    {
        text.ShouldEndWith("\n");
        var lines = Lines(text)[..^1];
        var families = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? family = null;
        foreach (var line in lines.Where(l => l != "# EOF"))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                family = line.Split(' ')[2];
                families.Add(family).ShouldBeTrue($"family {family} listed twice");
            }
            else if (line.StartsWith('#'))
            {
                line.Split(' ')[2].ShouldBe(family, $"metadata away from its family: {line}");
            }
            else
            {
                line.ShouldStartWith(family ?? "(no family)", customMessage: $"sample away from its family: {line}");
                series.Add(line[..line.LastIndexOf(' ')]).ShouldBeTrue($"series listed twice: {line}");
            }
        }

        lines.Count(l => l == "# EOF").ShouldBe(accept == OpenMetrics ? 1 : 0);
        if (accept == OpenMetrics)
        {
            lines[^1].ShouldBe("# EOF");
        }
    }

    /// <summary>The value of the sample of <paramref name="series"/> that carries every one of <paramref name="labels"/>
    /// (other labels, such as the meter's scope, may be there too); null when there is none.</summary>
    private static double? Value(string text, string series, params (string Name, string Value)[] labels)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(series + "{", StringComparison.Ordinal) && !line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                continue;
            }

            if (labels.All(l => line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
