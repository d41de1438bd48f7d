using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Bot.Scheduling;
using Bot.Storage;
using Bot.Storage.Deliveries;
using Bot.Storage.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Bot.Benchmarks;

/// <summary>The real scheduler (SQLite file in a temp folder, the curated occasions of config/occasions.yaml,
/// planner, ledger and delivery pipeline) posting to the given platforms, on the given clock.</summary>
public sealed class SchedulerWorld : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anniversarybot-bench", Guid.NewGuid().ToString("N"));
    private readonly OccasionCatalog _catalog;

    public SchedulerWorld(string root, TimeProvider clock, SchedulingOptions options, params IChatPlatform[] platforms)
    {
        Directory.CreateDirectory(_folder);
        DatabasePath = Path.Combine(_folder, "bot.db");
        Clock = clock;
        Database = new SqliteDatabase($"Data Source={DatabasePath}");
        Store = new SqliteSubscriptionStore(Database);
        var ledger = new SqliteDeliveryLedger(Database);
        _catalog = new OccasionCatalog(OccasionsFile.Load(Path.Combine(root, "config", "occasions.yaml")), null, clock);
        var service = new SubscriptionService(Store, _catalog, new SchedulingDefaults(), clock);
        var composer = new PostComposer(new OccasionFacts(null));
        var counters = new DeliveryCounters();
        Pipeline = new DeliveryPipeline(ledger, Store, service, _catalog, composer, platforms, options, counters, clock, NullLogger<DeliveryPipeline>.Instance);
        Planner = new DeliveryPlanner(Store, ledger, _catalog, Pipeline, options, counters, clock, NullLogger<DeliveryPlanner>.Instance);
    }

    public string DatabasePath { get; }

    public TimeProvider Clock { get; }

    public SqliteDatabase Database { get; }

    public SqliteSubscriptionStore Store { get; }

    public DeliveryPipeline Pipeline { get; }

    public DeliveryPlanner Planner { get; }

    public Instant Now => Instant.FromDateTimeOffset(Clock.GetUtcNow());

    /// <summary>Inserts subscriptions with their real next due instant, as /setup would have stored them.</summary>
    public async Task SubscribeAsync(IEnumerable<Subscription> subscriptions)
    {
        var all = await _catalog.AllAsync(CancellationToken.None);
        var now = Now;
        await Store.BulkInsertAsync(subscriptions.Select(s =>
        {
            var next = PostCalendar.NextAfter(now, s with { ChangedBy = "bench", ChangedAt = now }, all)
                ?? throw new InvalidOperationException($"{s.TimeZone} {s.PostTime} has no next post");
            return s with { ChangedBy = "bench", ChangedAt = now, NextDueUtc = next.DueUtc, NextLocalDate = next.Date };
        }), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        _catalog.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a closing connection: the temp folder is cleaned by the OS
        }
    }
}

/// <summary>A chat platform that accepts every message at once, so the figure measured is the bot's own overhead.</summary>
public sealed class InstantPlatform(string name) : IChatPlatform
{
    private int _sent;

    public int Sent => _sent;

    public string Name => name;

    public bool DeduplicatesByKey => false;

    public Task<SendResult> SendAsync(ChannelAddress channel, OutgoingMessage message, string? idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(SendResult.Sent("m" + Interlocked.Increment(ref _sent)));

    public Task<PostingCheck> CheckCanPostAsync(ChannelAddress channel, CancellationToken cancellationToken) => Task.FromResult(PostingCheck.Ok);
}
