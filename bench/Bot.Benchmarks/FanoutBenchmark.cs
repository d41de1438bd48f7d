using System.Diagnostics;
using System.Globalization;
using Bot.Core.Messaging;
using Bot.Core.Subscriptions;
using Bot.Discord;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Bot.Scheduling;
using Bot.Telegram;
using Bot.Telegram.Sending;
using Bot.Testing.Limits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Bot.Benchmarks;

/// <summary>Deliveries through the real planner and <see cref="DeliveryPipeline"/>: to a platform that answers at
/// once (the bot's own overhead), and through the real Discord and Telegram adapters to fake servers on 127.0.0.1
/// that enforce the platforms' limits. Scheduling runs on a fake clock set to January 7 (so every channel is due
/// at one tick); the adapters and the fake servers run on real time.</summary>
public static class FanoutBenchmark
{
    private static readonly Instant Tick = Instant.FromUtc(2027, 1, 7, 2, 0);

    public static async Task RunAsync(string root, bool smoke, int rateLimitedChannels, Report report)
    {
        await InstantAsync(root, smoke ? 500 : 20_000, report);
        await DiscordAsync(root, rateLimitedChannels, report);
        await TelegramAsync(root, rateLimitedChannels, withBursts: !smoke, report);
    }

    private static async Task InstantAsync(string root, int channels, Report report)
    {
        var platform = new InstantPlatform("telegram");
        var (elapsed, delivered, cpu) = await DeliverAsync(root, platform, channels, i => (-1_000_000_000_000L - i).ToString(CultureInfo.InvariantCulture), null);
        report.AtLeast("Fan-out", $"deliveries per second, {channels:N0} channels, platform answering at once", delivered / elapsed.TotalSeconds, "/s", 2_000,
            "planner claim + ledger + compose + send + confirm, all in SQLite");

        // On a shared machine the rate above depends on what else runs; the CPU each delivery costs does much less.
        report.Info("Fan-out", "CPU time per delivery (all threads of the process, from the tick to the last confirmation)", cpu.TotalMilliseconds * 1000 / Math.Max(1, delivered), "µs");
    }

    private static async Task DiscordAsync(string root, int channels, Report report)
    {
        await using var server = new LimitedDiscordRest(perSecond: 50);
        await server.StartAsync();
        var options = new DiscordOptions
        {
            Token = "bench.discord.token-for-a-fake-server-on-loopback",
            ApiBaseUrl = server.ApiBase,
            Mode = "Http",
            RegisterCommands = false,
            GlobalRequestsPerSecond = 50,
        };
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var rest = new DiscordRestClient(http, options, TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
        var platform = new DiscordPlatform(rest, TimeProvider.System, NullLogger<DiscordPlatform>.Instance);
        var (elapsed, delivered, _) = await DeliverAsync(root, platform, channels, i => (1_200_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture), "1100000000000000001");
        var ideal = channels / 50.0;
        report.AtMost("Fan-out: Discord, 50 requests/s emulated", $"{delivered:N0} channels delivered in (ideal {ideal:0.#} s)", elapsed.TotalSeconds, "s", ideal * 1.05);
        report.Info("Fan-out: Discord, 50 requests/s emulated", "requests refused by the fake for breaking a limit", server.Breaches, "requests");
    }

    private static async Task TelegramAsync(string root, int channels, bool withBursts, Report report)
    {
        await using var server = new LimitedBotApi();
        await server.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders());
        services.AddOptions<TelegramOptions>().Configure(o =>
        {
            o.Token = LimitedBotApi.Token;
            o.ApiBaseUrl = server.BaseUrl;
        });
        services.AddTelegramAdapter();
        await using var provider = services.BuildServiceProvider();
        var platform = provider.GetRequiredService<TelegramPlatform>();

        // Half private chats, half groups; while the pipeline delivers, two groups and two private chats also get a
        // burst of direct sends each, which only the per-chat (1/s) and per-group (20/min) limits can space out.
        var bursts = withBursts ? BurstAsync(platform) : Task.CompletedTask;
        var (elapsed, delivered, _) = await DeliverAsync(root, platform, channels, i => (i % 2 == 0 ? 500_000_000L + i : -1_001_000_000_000L - i).ToString(CultureInfo.InvariantCulture), null);
        await bursts;
        var ideal = channels / 30.0;
        const string section = "Fan-out: Telegram, 30 messages/s, 1/s per chat, 20/min per group emulated";
        report.AtMost(section, $"{delivered:N0} chats delivered in (ideal {ideal:0.#} s)", elapsed.TotalSeconds, "s", ideal * 1.10);
        report.AtMost(section, "messages refused by the fake for breaking a limit" + (withBursts ? " (incl. 21-message bursts to 2 groups, 5 to 2 chats)" : ""), server.Breaches, "messages", 0);
    }

    /// <summary>Sends 21 messages to each of two groups and 5 to each of two private chats through the adapter, as
    /// the pipeline would: a Retryable answer is tried again after its retry-after.</summary>
    private static Task BurstAsync(TelegramPlatform platform) => Task.WhenAll(
        new[] { (-1_009_000_000_001L, 21), (-1_009_000_000_002L, 21), (900_000_001L, 5), (900_000_002L, 5) }
            .SelectMany(c => Enumerable.Range(0, c.Item2).Select(n => (Chat: c.Item1, N: n)))
            .Select(async m =>
            {
                var message = new OutgoingMessage($"burst {m.N}");
                while (true)
                {
                    var result = await platform.SendAsync(TelegramPlatform.Address(m.Chat), message, null, CancellationToken.None);
                    if (result.Outcome != SendOutcome.Retryable)
                    {
                        return;
                    }

                    await Task.Delay(result.RetryAfter ?? TimeSpan.FromSeconds(1));
                }
            }));

    /// <summary>Subscribes <paramref name="channels"/> channels, runs the tick at which all are due, and waits until
    /// the pipeline has handled every delivery. Returns the time from the tick to idle, the number delivered and the CPU the process used meanwhile.</summary>
    private static async Task<(TimeSpan Elapsed, int Delivered, TimeSpan Cpu)> DeliverAsync(string root, IChatPlatform platform, int channels, Func<int, string> channelId, string? guildId)
    {
        var clock = new FakeTimeProvider((Tick - Duration.FromMinutes(30)).ToDateTimeOffset());
        var options = new SchedulingOptions { BatchSize = channels, PreflightBeforeSend = false };
        await using var world = new SchedulerWorld(root, clock, options, platform);
        await world.SubscribeAsync(Enumerable.Range(0, channels).Select(i => new Subscription
        {
            Platform = platform.Name,
            ChannelId = channelId(i),
            GuildId = guildId,
            TimeZone = "Asia/Phnom_Penh",
            PostTime = new LocalTime(9, 0),
        }));
        await world.Pipeline.StartAsync(CancellationToken.None);
        clock.SetUtcNow(Tick.ToDateTimeOffset());
        Console.WriteLine($"  {platform.Name}: delivering to {channels:N0} channels…");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var claimed = (await world.Planner.RunAsync(CancellationToken.None)).Sum(t => t.Claimed);
        using (var progress = new Timer(_ => Console.WriteLine($"    … {watch.Elapsed.TotalSeconds:0} s"), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)))
        {
            await world.Pipeline.WhenIdleAsync().WaitAsync(TimeSpan.FromMinutes(30));
        }

        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var delivered = await CountAsync(world, "sent");
        if (claimed != channels || delivered != channels)
        {
            Console.WriteLine($"  warning: {claimed:N0} claimed, {delivered:N0} of {channels:N0} delivered; {await OutcomesAsync(world)}");
        }

        return (watch.Elapsed, delivered, cpu);
    }

    /// <summary>Each ledger status with its count and one of its errors, for a run that did not deliver everything.</summary>
    private static async Task<string> OutcomesAsync(SchedulerWorld world)
    {
        await using var connection = await world.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, count(*), max(last_error) FROM deliveries GROUP BY status";
        await using var reader = await command.ExecuteReaderAsync();
        var outcomes = new List<string>();
        while (await reader.ReadAsync())
        {
            outcomes.Add($"{reader.GetString(0)} {reader.GetInt64(1)} ({(reader.IsDBNull(2) ? "" : reader.GetString(2))})");
        }

        return string.Join(", ", outcomes);
    }

    private static async Task<int> CountAsync(SchedulerWorld world, string status)
    {
        await using var connection = await world.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM deliveries WHERE status = $status";
        command.Parameters.AddWithValue("$status", status);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
