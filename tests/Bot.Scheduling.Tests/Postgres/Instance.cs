using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Bot.Storage;
using Bot.Storage.Deliveries;
using Bot.Storage.Subscriptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>One bot instance in PostgreSQL mode, as the host composes it: its own database object, stores, ledger
/// (with its own lease name), pipeline and planner, over a database shared with the other instances; a fake clock
/// shared by all of them; a recording fake platform at the edge.</summary>
public sealed class Instance : IAsyncDisposable
{
    public Instance(string name, string connectionString, FakeTimeProvider clock, RecordingPlatform platform, SchedulingOptions? options = null)
    {
        Name = name;
        Clock = clock;
        Platform = platform;
        platform.Clock = clock;
        Options = options ?? new SchedulingOptions { MaxConcurrency = 16, TakeOverInterval = TimeSpan.FromMilliseconds(100) };
        Database = new PostgresDatabase(connectionString);
        Store = new PostgresSubscriptionStore(Database);
        Ledger = new PostgresDeliveryLedger(Database, new DeliveryLease(name, Duration.FromTimeSpan(Options.DeliveryLease)), clock);
        Catalog = new OccasionCatalog(new CuratedOccasions(Harness.Standard), new CorpusFacts(), clock);
        Service = new SubscriptionService(Store, Catalog, new SchedulingDefaults(), clock);
        var composer = new PostComposer(new OccasionFacts(new CorpusFacts()));
        Pipeline = new DeliveryPipeline(Ledger, Store, Service, Catalog, composer, [platform], Options, Counters, clock, NullLogger<DeliveryPipeline>.Instance, Ledger);
        Planner = new DeliveryPlanner(Store, Ledger, Catalog, Pipeline, Options, Counters, clock, NullLogger<DeliveryPlanner>.Instance);
    }

    public string Name { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingPlatform Platform { get; }

    public SchedulingOptions Options { get; }

    public PostgresDatabase Database { get; }

    public PostgresSubscriptionStore Store { get; }

    public PostgresDeliveryLedger Ledger { get; }

    public OccasionCatalog Catalog { get; }

    public SubscriptionService Service { get; }

    public DeliveryCounters Counters { get; } = new();

    public DeliveryPipeline Pipeline { get; }

    public DeliveryPlanner Planner { get; }

    public async ValueTask DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        Catalog.Dispose();
        await Database.DisposeAsync();
    }
}
