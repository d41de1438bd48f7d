using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Testing.Limits;
using NSec.Cryptography;

namespace Bot.Benchmarks;

/// <summary>Time from a command's arrival to its first response or defer, under a burst: the bot runs as its own
/// process (the built AnniversaryBot.dll, Discord in HTTP interactions mode, its REST API pointed at a fake on
/// 127.0.0.1, an ingested store) and receives a burst of signed interactions all at once, as Discord would POST
/// them. The first response of an HTTP interaction is the HTTP answer itself (a message, or a defer after
/// <c>Discord:DeferAfter</c>), so the time measured is each POST's round trip, taken by the sender: it includes
/// the queueing on this 2-core machine of the sender and the bot alike.</summary>
public static class InteractionsBenchmark
{
    private const string ApplicationId = "1100000000000000009";
    private const string Section = "Interactions: Discord HTTP interactions, signed, one burst";

    public static async Task RunAsync(string root, bool smoke, Report report)
    {
        var burst = smoke ? 50 : 1_000;
        await using var discord = new LimitedDiscordRest(perSecond: 50);
        await discord.StartAsync();
        var algorithm = SignatureAlgorithm.Ed25519;
        using var key = Key.Create(algorithm);
        var folder = Path.Combine(Path.GetTempPath(), "anniversarybot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var port = StartupHarness.FreePort();
            var environment = new Dictionary<string, string>
            {
                ["Discord__Token"] = "bench.discord.token-for-a-fake-server-on-loopback",
                ["Discord__ApiBaseUrl"] = discord.ApiBase,
                ["Discord__Mode"] = "Http",
                ["Discord__PublicKey"] = Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
                ["Discord__ApplicationId"] = ApplicationId,
                ["Discord__RegisterCommands"] = "false",
            };
            using var bot = await StartupHarness.StartAsync(root, folder, Path.Combine(folder, "bot.db"), port, environment);
            var url = $"http://127.0.0.1:{port}/discord/interactions";
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = TimeSpan.FromMinutes(2) };
            var questions = EvalQuestion.LoadAll(root).Select(q => q.Question).ToList();

            // A bot meets a burst after running a while: its first commands (JIT, index load) are not the burst's,
            // and the runtime has had a moment to recompile the hot code (tiered compilation).
            foreach (var body in Enumerable.Range(0, smoke ? 10 : 200).Select(i => Body(i, questions)))
            {
                await SendAsync(http, url, Sign(algorithm, key, body));
            }

            await Task.Delay(TimeSpan.FromSeconds(smoke ? 0.1 : 2));

            Console.WriteLine($"  a burst of {burst:N0} signed interactions…");
            var signed = Enumerable.Range(1_000, burst).Select(i => Sign(algorithm, key, Body(i, questions))).ToList();
            var cpuBefore = bot.TotalProcessorTime();
            var watch = Stopwatch.StartNew();
            var results = await Task.WhenAll(signed.Select(s => SendAsync(http, url, s)));
            var wall = watch.Elapsed;
            var cpu = bot.TotalProcessorTime() - cpuBefore;

            var times = new Samples();
            foreach (var r in results.Where(r => r.Ok))
            {
                times.Add(r.Milliseconds);
            }

            var failed = results.Count(r => !r.Ok);
            var deferred = results.Count(r => r.Deferred);
            report.Info(Section, $"p50 to first response, {burst:N0} at once (/ask with the eval questions, /today, /next, /help)", times.Percentile(50), "ms");
            report.AtMost(Section, $"p99 to first response, {burst:N0} at once", failed == 0 ? times.Percentile(99) : double.PositiveInfinity, "ms", 1_000);
            report.Info(Section, "slowest first response", times.Max, "ms");
            report.Info(Section, "whole burst answered in", wall.TotalSeconds, "s");
            report.Info(Section, "bot CPU time per interaction (verify, parse, run, answer)", cpu.TotalMilliseconds * 1000 / burst, "µs");
            report.Info(Section, "first responses that were a defer (command not done within Discord:DeferAfter)", deferred, "responses");
            report.Info(Section, "requests refused or failed", failed, "requests");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Body(int i, List<string> questions)
    {
        var id = (1_200_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
        var (name, options) = (i % 10) switch
        {
            7 => ("today", new JsonArray()),
            8 => ("next", new JsonArray()),
            9 => ("help", new JsonArray()),
            _ => ("ask", new JsonArray { new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = questions[i % questions.Count] } }),
        };
        return new JsonObject
        {
            ["id"] = id,
            ["application_id"] = ApplicationId,
            ["type"] = 2,
            ["token"] = "interaction-token-" + id,
            ["version"] = 1,
            ["guild_id"] = "1100000000000000001",
            ["channel_id"] = (1_300_000_000_000_000_000L + (i % 200)).ToString(CultureInfo.InvariantCulture),
            ["member"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = (1_400_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture), ["username"] = "someone" },
                ["roles"] = new JsonArray(),
                ["permissions"] = "2248473465835073",
            },
            ["data"] = new JsonObject { ["id"] = "5001", ["name"] = name, ["type"] = 1, ["options"] = options },
        }.ToJsonString();
    }

    private static (byte[] Body, string Signature, string Timestamp) Sign(SignatureAlgorithm algorithm, Key key, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = algorithm.Sign(key, [.. Encoding.UTF8.GetBytes(timestamp), .. bytes]);
        return (bytes, Convert.ToHexStringLower(signature), timestamp);
    }

    private static async Task<(bool Ok, bool Deferred, double Milliseconds)> SendAsync(HttpClient http, string url, (byte[] Body, string Signature, string Timestamp) signed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(signed.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", signed.Signature);
        request.Headers.Add("X-Signature-Timestamp", signed.Timestamp);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var type = response.IsSuccessStatusCode ? JsonNode.Parse(text)?["type"]?.GetValue<int>() : null;
            return (type is 4 or 5, type == 5, elapsed);
        }
        catch (HttpRequestException)
        {
            return (false, false, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
