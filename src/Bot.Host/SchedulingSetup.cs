using Bot.Core.Commands;
using Bot.Core.Facts;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Bot.Host.Operations;
using Bot.Host.Verbs;
using Bot.Scheduling;
using Bot.Storage;
using Bot.Storage.Deliveries;
using Bot.Storage.Subscriptions;
using Microsoft.Extensions.Options;
using Quartz;
using SchedulingOptions = Bot.Scheduling.SchedulingOptions;

namespace Bot.Host;

public static class SchedulingSetup
{
    /// <summary>Occasions, subscriptions, the scheduling commands and verbs; when running the bot, also the delivery
    /// pipeline and Quartz (persistent job store in the bot's store, tables from schema script 009; clustered on
    /// PostgreSQL, where every instance also takes over deliveries nobody holds).</summary>
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var store = StorageSetup.Options(builder.Configuration);
        if (store.Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(builder.Configuration["Scheduling:InstanceId"]))
        {
            // One name for this process in Quartz's cluster and in the ledger's leases.
            builder.Configuration["Scheduling:InstanceId"] = new SchedulingOptions().ResolvedInstanceId;
        }

        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SchedulingOptions>>().Value);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<SchedulingOptions>();
            // Read as the validator read them, so "9am" or "Phnom Penh" in settings means what /setup would make of it.
            return new SchedulingDefaults(
                SubscriptionValidation.ParseZone(options.DefaultTimeZone).Value!.Id,
                SubscriptionValidation.ParseTime(options.DefaultPostTime).Value);
        });

        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<BotPaths>().Resolve(builder.Configuration["Occasions:Path"] ?? "config/occasions.yaml");
            return OccasionsFile.Load(path);
        });
        services.AddSingleton<IOccasionCatalog>(sp => new OccasionCatalog(
            sp.GetRequiredService<CuratedOccasions>(),
            sp.GetService<IFactCatalog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OccasionCatalog>>()));
        services.AddSingleton(sp => new OccasionFacts(sp.GetService<IFactCatalog>(), sp.GetRequiredService<ILogger<OccasionFacts>>()));
        services.AddSingleton<PostComposer>();

        if (store.Provider == StoreProvider.Postgres)
        {
            services.AddSingleton<ISubscriptionStore, PostgresSubscriptionStore>();
            services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<SchedulingOptions>();
                return new PostgresDeliveryLedger(
                    sp.GetRequiredService<PostgresDatabase>(),
                    new DeliveryLease(options.ResolvedInstanceId, NodaTime.Duration.FromTimeSpan(options.DeliveryLease)),
                    sp.GetRequiredService<TimeProvider>());
            });
            services.AddSingleton<IDeliveryLedger>(sp => sp.GetRequiredService<PostgresDeliveryLedger>());
            services.AddSingleton<IDeliveryLeases>(sp => sp.GetRequiredService<PostgresDeliveryLedger>());
        }
        else
        {
            services.AddSingleton<ISubscriptionStore, SqliteSubscriptionStore>();
            services.AddSingleton<IDeliveryLedger, SqliteDeliveryLedger>();
        }

        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<IChannelEvents>(sp => sp.GetRequiredService<SubscriptionService>());

        foreach (var command in new[]
        {
            typeof(TodayCommand), typeof(NextCommand), typeof(SetupCommand), typeof(SettingsCommand), typeof(TimeCommand),
            typeof(TimezoneCommand), typeof(OccasionsCommand), typeof(PauseCommand), typeof(ResumeCommand), typeof(PreviewCommand),
            typeof(TestCommand), typeof(UnsubscribeCommand), typeof(TemplateCommand), typeof(RoleCommand),
            typeof(OccasionCommand),
        })
        {
            services.AddSingleton(typeof(IBotCommand), command);
        }

        services.AddSingleton<ICliVerb, OccasionsVerb>();
        services.AddSingleton<ICliVerb, PreviewVerb>();

        services.AddSingleton<DeliveryCounters>();
        services.AddSingleton<DeliveryPipeline>();
        services.AddSingleton<DeliveryPlanner>();

        var mode = services.Select(d => d.ImplementationInstance).OfType<RunMode>().FirstOrDefault();
        if (mode is { IsBot: true })
        {
            AddWorker(builder);
        }

        return builder;
    }

    private static void AddWorker(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();

        // Order matters: hosted services start in registration order. The store is migrated (Quartz's tables
        // included) and the occasions file read before Quartz starts, so a bad file stops start-up naming its line.
        services.AddHostedService<SchedulingStartup>();
        services.AddStartupMark("store and occasions");
        services.AddHostedService<DeliveryPipelineService>();
        services.AddStartupMark("delivery pipeline");
        var store = StorageSetup.Options(builder.Configuration);
        if (store.Provider == StoreProvider.Postgres)
        {
            services.AddHostedService<DeliveryTakeOverService>();
        }
        else
        {
            store.ConnectionString = SqliteConnectionString(store.ConnectionString);
        }

        services.AddQuartz(q => QuartzSetup.Configure(q, options, store));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddStartupMark("scheduler");
    }

    /// <summary>The same SQLite file the store opens, with the store's busy timeout, for Quartz's own connections.</summary>
    private static string SqliteConnectionString(string connectionString) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString();
}

/// <summary>Before anything is scheduled: the store's schema is applied (including Quartz's tables) and the
/// occasions file is read, so either problem stops start-up with a clear message.</summary>
public sealed class SchedulingStartup(SqliteDatabase database, StoreOptions store, IServiceProvider services, ILogger<SchedulingStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (await database.OpenAsync(cancellationToken))
        {
        }

        if (store.Provider == StoreProvider.Postgres)
        {
            await MigratePostgresAsync(services, cancellationToken);
        }

        var curated = services.GetRequiredService<CuratedOccasions>();
        var occasions = await services.GetRequiredService<IOccasionCatalog>().AllAsync(cancellationToken);
        log.LogInformation("Occasions: {Curated} curated, {Derived} derived from the documents", curated.Occasions.Count, occasions.Count - curated.Occasions.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Its own method so that a SQLite bot never loads Npgsql.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task MigratePostgresAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using (await services.GetRequiredService<PostgresDatabase>().OpenAsync(cancellationToken))
        {
        }
    }
}
