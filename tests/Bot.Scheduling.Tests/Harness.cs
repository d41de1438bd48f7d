using System.Collections.Concurrent;
using Bot.Core.Commands;
using Bot.Core.Facts;
using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Bot.Storage;
using Bot.Storage.Deliveries;
using Bot.Storage.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Bot.Scheduling.Tests;

/// <summary>The scheduler over a real SQLite file in a temp folder, driven by a fake clock, posting to recording
/// fake platforms. <see cref="RestartAsync"/> replaces the process-level parts (pipeline, planner, database
/// object) over the same file, as a restarted bot would.</summary>
public sealed class Harness : IAsyncDisposable
{
    public static readonly Caller Moderator = new("u1", "Mod", IsModerator: true);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bot-sched-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyList<Occasion> _occasions;

    public Harness(Instant start, IReadOnlyList<Occasion>? occasions = null, SchedulingOptions? options = null, params RecordingPlatform[] platforms)
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = $"Data Source={Path.Combine(_folder, "bot.db")}";
        Clock = new FakeTimeProvider(start.ToDateTimeOffset());
        _occasions = occasions ?? Standard;
        Options = options ?? new SchedulingOptions { MaxConcurrency = 8 };
        Platforms = platforms.Length > 0 ? platforms : [new RecordingPlatform("telegram", dedupe: false)];
        foreach (var platform in Platforms)
        {
            platform.Clock = Clock;
        }

        Build();
    }

    /// <summary>Curated occasions of config/occasions.yaml (days and years), without January 5 so that January 7 is
    /// the first one of the year.</summary>
    public static readonly IReadOnlyList<Occasion> Standard =
    [
        new("jan7", 1, 7, 1979, "Victory Day, the fall of the Khmer Rouge regime", "Phnom Penh was liberated and the Pol Pot regime overthrown.", "January 7 1979 victory Pol Pot regime"),
        new("dec2", 12, 2, 1978, "Founding of the Kampuchean United Front for National Salvation", "The Front was established."),
        new("jun27", 6, 27, 2011, "Trial of Khmer Rouge leaders opens", "The trial opened."),
    ];

    public static readonly Occasion January5 = new("jan5", 1, 5, 2014, "Commemoration in Hanoi", "A ceremony was held in Hanoi.");

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; }

    public SchedulingOptions Options { get; }

    public IReadOnlyList<RecordingPlatform> Platforms { get; }

    public RecordingPlatform Platform => Platforms[0];

    public SqliteDatabase Database { get; private set; } = null!;

    public SqliteSubscriptionStore Store { get; private set; } = null!;

    public SqliteDeliveryLedger Ledger { get; private set; } = null!;

    public OccasionCatalog Catalog { get; private set; } = null!;

    public SubscriptionService Service { get; private set; } = null!;

    public PostComposer Composer { get; private set; } = null!;

    public DeliveryCounters Counters { get; private set; } = null!;

    public DeliveryPipeline Pipeline { get; private set; } = null!;

    public DeliveryPlanner Planner { get; private set; } = null!;

    public Instant Now => Instant.FromDateTimeOffset(Clock.GetUtcNow());

    public void SetNow(Instant now) => Clock.SetUtcNow(now.ToDateTimeOffset());

    private void Build()
    {
        Database = new SqliteDatabase(ConnectionString);
        Store = new SqliteSubscriptionStore(Database);
        Ledger = new SqliteDeliveryLedger(Database);
        // Tests with their own occasions get exactly those (no occasions derived from the corpus sentences).
        Catalog = new OccasionCatalog(new CuratedOccasions(_occasions), ReferenceEquals(_occasions, Standard) ? new CorpusFacts() : null, Clock);
        Service = new SubscriptionService(Store, Catalog, new SchedulingDefaults(), Clock);
        Composer = new PostComposer(new OccasionFacts(new CorpusFacts()));
        Counters = new DeliveryCounters();
        Pipeline = new DeliveryPipeline(Ledger, Store, Service, Catalog, Composer, Platforms, Options, Counters, Clock, NullLogger<DeliveryPipeline>.Instance);
        Planner = new DeliveryPlanner(Store, Ledger, Catalog, Pipeline, Options, Counters, Clock, NullLogger<DeliveryPlanner>.Instance);
    }

    public Task StartAsync() => Pipeline.StartAsync(CancellationToken.None);

    /// <summary>Stops the pipeline without letting it confirm anything in flight (a kill), then builds a new one over the same file.</summary>
    public async Task RestartAsync()
    {
        await Pipeline.StopAsync();
        Catalog.Dispose();
        Build();
    }

    /// <summary>One planner tick, then waits until the pipeline has handled everything it was given.</summary>
    public async Task<PlanResult> TickAsync()
    {
        var result = await Planner.TickAsync(CancellationToken.None);
        await Pipeline.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return result;
    }

    /// <summary>Ticks every <paramref name="step"/> from now until <paramref name="until"/>.</summary>
    public async Task RunUntilAsync(Instant until, Duration step)
    {
        while (Now <= until)
        {
            await TickAsync();
            Clock.Advance(step.ToTimeSpan());
        }
    }

    public async Task<Subscription> SubscribeAsync(string channel, string time = "09:00", string zone = "Asia/Phnom_Penh", string? occasions = null, string platform = "telegram")
    {
        var address = new ChannelAddress(platform, channel, platform == "discord" ? "g1" : null);
        var change = await Service.SetupAsync(address, Moderator, time, zone, CancellationToken.None);
        if (!change.Ok)
        {
            throw new InvalidOperationException(change.Error);
        }

        if (occasions is not null)
        {
            change = await Service.SetOccasionsAsync(address, Moderator, occasions, CancellationToken.None);
        }

        return change.Subscription!;
    }

    public async Task<Subscription> ReloadAsync(Subscription subscription) =>
        (await Store.GetAsync(subscription.Id, CancellationToken.None))!;

    public CommandDispatcher Dispatcher() => new(
    [
        new TodayCommand(Service, Catalog, Composer, Clock),
        new NextCommand(Service, Catalog, Clock),
        new SetupCommand(Service, Catalog, Platforms),
        new SettingsCommand(Service, Catalog),
        new TimeCommand(Service, Catalog),
        new TimezoneCommand(Service, Catalog),
        new OccasionsCommand(Service, Catalog, Clock),
        new OccasionCommand(Service, Catalog, Clock),
        new PauseCommand(Service, Catalog),
        new ResumeCommand(Service, Catalog),
        new PreviewCommand(Service, Catalog, Composer, Clock),
        new TestCommand(Service, Catalog, Composer, Platforms, Clock),
        new UnsubscribeCommand(Service),
        new TemplateCommand(Service, Catalog),
        new RoleCommand(Service, Catalog),
    ], NullLogger<CommandDispatcher>.Instance);

    public async ValueTask DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        Catalog.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A fake chat platform that records every message it accepts, with the fake clock's time. Its
/// <see cref="Server"/> can be shared between two instances to model one platform across a bot restart; with
/// <c>dedupe</c> it drops a repeated idempotency key the way Discord drops a repeated nonce.</summary>
public sealed class RecordingPlatform(string name, bool dedupe, PlatformServer? server = null) : IChatPlatform
{
    public string Name => name;

    public bool DeduplicatesByKey => dedupe;

    public PlatformServer Server { get; } = server ?? new PlatformServer();

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Decides a call's outcome before it is accepted: return null to accept.</summary>
    public Func<ChannelAddress, int, SendResult?> Before { get; set; } = (_, _) => null;

    /// <summary>Runs after a message was accepted, before the result is returned (a hang here models a crash
    /// between the platform accepting a post and the bot recording it).</summary>
    public Func<CancellationToken, Task> AfterAccept { get; set; } = _ => Task.CompletedTask;

    public Func<ChannelAddress, PostingCheck> Check { get; set; } = _ => PostingCheck.Ok;

    public async Task<SendResult> SendAsync(ChannelAddress channel, OutgoingMessage message, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var call = Server.CallsTo(channel.ChannelId);
        if (Before(channel, call) is { } refused)
        {
            return refused;
        }

        var id = Server.Accept(channel, message, dedupe ? idempotencyKey : null, idempotencyKey, Clock.GetUtcNow());
        await AfterAccept(cancellationToken);
        return SendResult.Sent(id);
    }

    public Task<PostingCheck> CheckCanPostAsync(ChannelAddress channel, CancellationToken cancellationToken) => Task.FromResult(Check(channel));
}

/// <summary>The platform's side: every accepted message, de-duplicated by key where the client asks for it.</summary>
public sealed class PlatformServer
{
    private readonly ConcurrentDictionary<string, string> _byKey = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private int _next;

    public ConcurrentQueue<Posted> Posts { get; } = new();

    public int CallsTo(string channelId) => _calls.AddOrUpdate(channelId, 1, (_, n) => n + 1);

    public string Accept(ChannelAddress channel, OutgoingMessage message, string? dedupeKey, string? key, DateTimeOffset at)
    {
        if (dedupeKey is not null && _byKey.TryGetValue(dedupeKey, out var existing))
        {
            return existing;
        }

        var id = "m" + Interlocked.Increment(ref _next);
        if (dedupeKey is not null && !_byKey.TryAdd(dedupeKey, id))
        {
            return _byKey[dedupeKey];
        }

        Posts.Enqueue(new Posted(channel, message, key, Instant.FromDateTimeOffset(at), id));
        return id;
    }
}

public sealed record Posted(ChannelAddress Channel, OutgoingMessage Message, string? Key, Instant At, string MessageId);

/// <summary>A few sentences copied from config/corpus, as the fact store gives them (the fake at the edge).</summary>
public sealed class CorpusFacts : IFactCatalog
{
    private static readonly DatedFact[] Dated =
    [
        new("000_d5bddc18ff68e3dd.txt", "45th Anniversary of January 7 Victory Day: Cambodia Commemorates the End of the Khmer Rouge Regime", "2024-01-07", null,
            "The pivotal moment came on January 7, 1979, when Vietnamese volunteer troops, in collaboration with Cambodian resistance fighters, liberated Phnom Penh from the Khmer Rouge's grip.", 1979, 1, 7),
        new("004_bc6af8dd6e11091a.txt", "Vietnam, Cambodia commemorate victory over genocidal regime", null, "VNA",
            "In response to the Cambodian people, Vietnam practiced its self defense rights and joined the Cambodian people and armed forces with the support of international friends to defeat the Pol Pot genocidal regime on January 7, 1979.", 1979, 1, 7),
        new("004_bc6af8dd6e11091a.txt", "Vietnam, Cambodia commemorate victory over genocidal regime", null, "VNA",
            "On June 27, 2011, Cambodia’s UN-backed trial of Khmer Rouge leaders, who are charged with genocide and crimes against humanity - including torture, enslavement and murder.", 2011, 6, 27),
    ];

    private static readonly Passage[] Passages =
    [
        new("It noted that the victory helped rescue around five million Cambodians from the brink of death under the genocidal regime led by Pol Pot, which killed more than three million innocent people during its rule.",
            "002_ff30da084a249ab8.txt", "Cambodia’s January 7 Victory", "2026-01-07", "VNA/VNS", 1),
        new("The January 7th, 1979 victory saved the Cambodian People’s lives, ended the worst period in Cambodian history and opened a new era in which Cambodians regained their freedom, honor, dignity, and the right  to master their own fate.",
            "003_6d2a70370b45937e.txt", "Victory over Pol Pot regime represents justice, Vietnam-Cambodia friendship", null, "VOV", 0.9),
    ];

    public Task<IReadOnlyList<DatedFact>> DatedFactsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DatedFact>>(Dated);

    public Task<IReadOnlyList<Passage>> SearchAsync(string query, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Passage>>(query.Contains("January 7", StringComparison.OrdinalIgnoreCase) ? [.. Passages.Take(limit)] : []);
}
