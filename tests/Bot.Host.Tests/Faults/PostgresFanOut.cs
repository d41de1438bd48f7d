using System.Diagnostics;
using Bot.Core.Subscriptions;
using Bot.Host.Tests.EndToEnd;
using Bot.Scheduling.Tests.Postgres;
using Bot.Storage;
using Bot.Storage.Subscriptions;

namespace Bot.Host.Tests.Faults;

/// <summary>Two real bot processes (the built binary, as <see cref="BotProcess"/> runs it) on one PostgreSQL database,
/// instances "a" and "b", fanning out the seeded posts to a fake platform.</summary>
public sealed class PostgresFanOut : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly BotWorkspace _workspaceA = new();
    private readonly BotWorkspace _workspaceB = new();

    private PostgresFanOut(PostgresTestDatabase database, FaultScenario scenario)
    {
        Database = database;
        Scenario = scenario;
    }

    public PostgresTestDatabase Database { get; }

    public FaultScenario Scenario { get; }

    public BotProcess? A { get; private set; }

    public BotProcess? B { get; private set; }

    public string ConnectionString => Database.ConnectionString;

    /// <summary>A fresh database holding <paramref name="subscriptions"/>, due now.</summary>
    public static async Task<PostgresFanOut> SeedAsync(Func<FaultScenario, IEnumerable<Subscription>> subscriptions)
    {
        var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        var scenario = new FaultScenario();
        await using (var store = new PostgresDatabase(database.ConnectionString))
        {
            await new PostgresSubscriptionStore(store).BulkInsertAsync(subscriptions(scenario), CancellationToken.None);
        }

        return new PostgresFanOut(database, scenario);
    }

    /// <summary>Starts both instances; <paramref name="platform"/> adds the platform's settings to each.</summary>
    public void Start(Action<Dictionary<string, string>> platform)
    {
        StartA(platform);
        StartB(platform);
    }

    public void StartA(Action<Dictionary<string, string>> platform) => A = Node(_workspaceA, "a", platform);

    public void StartB(Action<Dictionary<string, string>> platform) => B = Node(_workspaceB, "b", platform);

    private BotProcess Node(BotWorkspace workspace, string name, Action<Dictionary<string, string>> platform)
    {
        var settings = Scenario.PostgresNode(workspace, name, ConnectionString);
        platform(settings);
        return BotProcess.Start(workspace, [], settings);
    }

    /// <summary>Waits until <paramref name="delivered"/> reaches <paramref name="atLeast"/> and instance a has posts
    /// being sent, then kills a (SIGKILL: no shutdown code runs) and returns how many posts a had in flight, as its
    /// ledger rows left <c>sending</c> under its lease say.</summary>
    public async Task<KillResult> KillAMidFanOutAsync(Func<int> delivered, int atLeast)
    {
        await Ledger.UntilAsync(
            async () => delivered() >= atLeast && await Ledger.CountAsync(ConnectionString, "status = 'sending' AND claimed_by = 'a'") > 0,
            Patience, $"{atLeast} posts delivered and instance a sending", () => $"{delivered()} delivered; a: {A!.Errors}");
        A!.Kill();
        await A.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var deliveredAtKill = delivered();
        var inFlight = await Ledger.CountAsync(ConnectionString, "status = 'sending' AND claimed_by = 'a'");
        return new KillResult(deliveredAtKill, (int)inFlight);
    }

    /// <summary>Waits until the ledger has a row for every post and none is open, and returns how long the run took
    /// from <paramref name="started"/> (reported only, never asserted).</summary>
    public async Task<TimeSpan> SettledAsync(int posts, Stopwatch started, Func<int> delivered)
    {
        await Ledger.UntilAsync(
            async () => await Ledger.CountAsync(ConnectionString, "TRUE") == posts && await Ledger.CountAsync(ConnectionString, Ledger.Open) == 0,
            Patience, $"every one of {posts} posts settled in the ledger",
            () => $"{delivered()} delivered; b: {B?.Errors}");
        return started.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        await Database.DisposeAsync();
        Scenario.Dispose();
        _workspaceA.Dispose();
        _workspaceB.Dispose();
    }
}

public sealed record KillResult(int DeliveredAtKill, int InFlight);
