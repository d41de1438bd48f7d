using System.Globalization;
using Bot.Core.Subscriptions;
using Bot.Host.Tests.EndToEnd;
using Bot.Testing.Discord;
using Bot.Testing.Telegram;
using Npgsql;
using NodaTime;

namespace Bot.Host.Tests.Faults;

/// <summary>What the fault suites run the real bot on: an occasions file with one occasion on today's local date, an
/// empty corpus (so no occasion is derived from documents), and subscriptions due a minute ago at 09:xx local time in
/// a fixed-offset zone chosen for the hour the suite runs at, so the bot finds every post due as soon as it starts.
/// Nothing in the bot is faked: the posts are due because the subscriptions say so, and the catch-up window is the
/// bot's default (<c>Scheduling:CatchUpWindow</c> empty: until the end of the local day), as a real 09:00 post has.</summary>
public sealed class FaultScenario : IDisposable
{
    public const string OccasionId = "fault-day";
    public const string DiscordChannelBase = "620000000000000000";
    public const long TelegramChatBase = -1006000000000;

    public FaultScenario()
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        Due = Instant.FromUnixTimeSeconds((now.ToUnixTimeSeconds() / 60 * 60) - 60);
        // The offset that makes Due 09:xx local (Etc/GMT-N is UTC+N), within the zones' range of UTC-12 to UTC+14.
        var offset = 9 - Due.InUtc().Hour;
        offset = offset < -12 ? offset + 24 : offset;
        TimeZone = offset switch { 0 => "Etc/UTC", > 0 => $"Etc/GMT-{offset}", _ => $"Etc/GMT+{-offset}" };
        Local = Due.InZone(DateTimeZoneProviders.Tzdb[TimeZone]);
        Date = Local.Date;
        Directory.CreateDirectory(CorpusPath);
        File.WriteAllText(OccasionsPath, $"""
            occasions:
              - id: {OccasionId}
                month: {Date.Month}
                day: {Date.Day}
                year: {Date.Year - 10}
                title: "Fault suite day"
                summary: "A day the fault suites commemorate, ten years on."
            """);
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("bot-faults-").FullName;

    public string OccasionsPath => Path.Combine(Folder, "occasions.yaml");

    public string CorpusPath => Path.Combine(Folder, "corpus");

    /// <summary>When every seeded post is due: the start of the minute before the suite began.</summary>
    public Instant Due { get; }

    /// <summary>The local date of <see cref="Due"/>, the occasion's day.</summary>
    public LocalDate Date { get; }

    /// <summary>The subscriptions' zone: a fixed offset in which <see cref="Due"/> is 09:xx.</summary>
    public string TimeZone { get; }

    public ZonedDateTime Local { get; }

    public static string DiscordChannel(int i) => (long.Parse(DiscordChannelBase, CultureInfo.InvariantCulture) + i).ToString(CultureInfo.InvariantCulture);

    public static long TelegramChat(int i) => TelegramChatBase - i;

    /// <summary><paramref name="count"/> subscriptions on <paramref name="platform"/> (discord or telegram), due now.</summary>
    public IEnumerable<Subscription> Subscriptions(string platform, int count) =>
        Enumerable.Range(1, count).Select(i => new Subscription
        {
            Platform = platform,
            ChannelId = platform == "discord" ? DiscordChannel(i) : TelegramChat(i).ToString(CultureInfo.InvariantCulture),
            GuildId = platform == "discord" ? FakeDiscord.GuildId : null,
            PostTime = Local.TimeOfDay,
            TimeZone = TimeZone,
            ChangedBy = "fault-suite",
            ChangedAt = Due,
            NextDueUtc = Due,
            NextLocalDate = Date,
        });

    /// <summary>The settings every bot process of the suite runs with (besides its platform's and store's): short
    /// scheduling intervals and retry delays, so a run takes seconds; the default catch-up window; no pre-flight
    /// permission check (the fakes grant everything; the check is tested elsewhere).</summary>
    public Dictionary<string, string> Settings(BotWorkspace workspace) => new()
    {
        ["Occasions__Path"] = OccasionsPath,
        ["Corpus__Path"] = CorpusPath,
        ["Console__Enabled"] = "false",
        ["Scheduling__PlannerInterval"] = "00:00:01",
        ["Scheduling__PreflightBeforeSend"] = "false",
        ["Scheduling__RetryBaseDelay"] = "00:00:01",
        ["Scheduling__RetryMaxDelay"] = "00:00:04",
        ["Serilog__WriteTo__0__Args__path"] = Path.Combine(workspace.Folder, "logs", "bot-.log"),
    };

    /// <summary>Settings of one instance of a PostgreSQL cluster: its name, the shared database, its own local cache,
    /// and short lease, take-over and cluster check-in intervals.</summary>
    public Dictionary<string, string> PostgresNode(BotWorkspace workspace, string instanceId, string connectionString)
    {
        var settings = Settings(workspace);
        settings["Storage__Provider"] = "Postgres";
        // Few connections per pool (the store's and Quartz's): the test server is shared and allows 100 in all.
        settings["ConnectionStrings__Bot"] = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 10 }.ConnectionString;
        settings["Storage__LocalCache"] = $"Data Source={Path.Combine(workspace.Folder, "local.db")}";
        settings["Scheduling__InstanceId"] = instanceId;
        settings["Scheduling__DeliveryLease"] = "00:00:10";
        settings["Scheduling__TakeOverInterval"] = "00:00:00.200";
        settings["Scheduling__ClusterCheckinInterval"] = "00:00:02";
        return settings;
    }

    /// <summary>Short, so that injected timeouts do not make the suites slow; long enough that a loaded machine's slow
    /// answer is not mistaken for one (a Telegram post that times out is recorded uncertain, never repeated).</summary>
    private static readonly TimeSpan InjectedTimeoutPatience = TimeSpan.FromSeconds(5);

    /// <summary>For suites that inject no timeout (the kill tests): a slow answer on a machine loaded by the rest of
    /// the suite must not become an uncertain post, which the bot rightly never repeats and the suite would count as
    /// lost.</summary>
    public static readonly TimeSpan NoInjectedTimeouts = TimeSpan.FromSeconds(30);

    public static void AddDiscord(Dictionary<string, string> settings, FakeDiscord discord, TimeSpan? requestTimeout = null)
    {
        settings["Discord__Token"] = "fault-suite-test-token-0123456789";
        settings["Discord__ApplicationId"] = FakeDiscord.ApplicationId;
        settings["Discord__ApiBaseUrl"] = discord.ApiBase;
        settings["Discord__GatewayUrl"] = discord.GatewayUrl;
        // The fake has no global limit; the bot's own 50/s would make 10,000 posts take minutes.
        settings["Discord__GlobalRequestsPerSecond"] = "10000";
        settings["Discord__RequestTimeout"] = (requestTimeout ?? InjectedTimeoutPatience).ToString("c", CultureInfo.InvariantCulture);
    }

    public static void AddTelegram(Dictionary<string, string> settings, FakeBotApi telegram, TimeSpan? requestTimeout = null)
    {
        settings["Telegram__Token"] = FakeBotApi.Token;
        settings["Telegram__ApiBaseUrl"] = telegram.BaseUrl;
        // The fake has no global limit; Telegram's own 30/s would make 10,000 posts take minutes.
        settings["Telegram__GlobalMessagesPerSecond"] = "10000";
        settings["Telegram__RequestTimeout"] = (requestTimeout ?? InjectedTimeoutPatience).ToString("c", CultureInfo.InvariantCulture);
        settings["Telegram__PollTimeoutSeconds"] = "1";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders.
        }
    }
}

/// <summary>Reads the shared ledger while the bot processes run.</summary>
public static class Ledger
{
    public const string Open = "status IN ('pending', 'sending', 'failed_retryable')";

    public static async Task<long> CountAsync(string connectionString, string where)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM deliveries WHERE " + where, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Polls (the ledger is another process's) until <paramref name="condition"/> holds; fails after
    /// <paramref name="patience"/> naming what it waited for and <paramref name="progress"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan patience, string what, Func<string>? progress = null)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {patience.TotalSeconds} s for {what}{(progress is null ? "" : $" ({progress()})")}");
            }

            await Task.Delay(200);
        }
    }
}
