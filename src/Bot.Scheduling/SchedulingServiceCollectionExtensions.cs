using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Bot.Storage;
using Bot.Storage.Deliveries;
using Bot.Storage.Subscriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Bot.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The <c>Scheduling</c> settings (validated on start) and the defaults drawn from them, the occasions file
    /// (<c>Occasions:Path</c>, relative to the content root), the store's subscriptions and delivery ledger (SQLite, or
    /// PostgreSQL by <c>Storage:Provider</c>), and the delivery planner and pipeline. The pipeline's workers and Quartz
    /// run only with <see cref="AddSchedulingWorker"/>.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var store = StoreOptions.Read(configuration);
        if (store.Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(configuration["Scheduling:InstanceId"]))
        {
            // One name for this process in Quartz's cluster and in the ledger's leases.
            configuration["Scheduling:InstanceId"] = new SchedulingOptions().ResolvedInstanceId;
        }

        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.Section)).ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<SchedulingOptions>>().Value);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<SchedulingOptions>();
            // Read as the validator read them, so "9am" or "Phnom Penh" in settings means what /setup would make of it.
            return new SchedulingDefaults(
                SubscriptionValidation.ParseZone(options.DefaultTimeZone).Value!.Id,
                SubscriptionValidation.ParseTime(options.DefaultPostTime).Value);
        });

        services.AddSingleton(provider => OccasionsFile.Load(Path.GetFullPath(
            configuration["Occasions:Path"] ?? "config/occasions.yaml",
            provider.GetRequiredService<IHostEnvironment>().ContentRootPath)));

        if (store.Provider == StoreProvider.Postgres)
        {
            services.AddSingleton<ISubscriptionStore, PostgresSubscriptionStore>();
            services.AddSingleton(provider =>
            {
                var options = provider.GetRequiredService<SchedulingOptions>();
                return new PostgresDeliveryLedger(
                    provider.GetRequiredService<PostgresDatabase>(),
                    new DeliveryLease(options.ResolvedInstanceId, NodaTime.Duration.FromTimeSpan(options.DeliveryLease)),
                    provider.GetRequiredService<TimeProvider>());
            });
            services.AddSingleton<IDeliveryLedger>(provider => provider.GetRequiredService<PostgresDeliveryLedger>());
            services.AddSingleton<IDeliveryLeases>(provider => provider.GetRequiredService<PostgresDeliveryLedger>());
        }
        else
        {
            services.AddSingleton<ISubscriptionStore, SqliteSubscriptionStore>();
            services.AddSingleton<IDeliveryLedger, SqliteDeliveryLedger>();
        }

        services.AddSingleton<DeliveryCounters>();
        services.AddSingleton<DeliveryPipeline>();
        services.AddSingleton<DeliveryPlanner>();
        return services;
    }

    /// <summary>When running the bot: the delivery pipeline's workers and Quartz (persistent job store in the bot's
    /// store, tables from schema script 009; clustered on PostgreSQL, where every instance also takes over deliveries
    /// nobody holds). Hosted services start in registration order: <paramref name="afterStage"/> is called with each
    /// stage's name once its services are registered, so that the caller can note when it has started.</summary>
    public static IServiceCollection AddSchedulingWorker(this IServiceCollection services, IConfiguration configuration, Action<string>? afterStage = null)
    {
        var options = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();

        // The store is migrated (Quartz's tables included) and the occasions file read before Quartz starts, so a
        // bad file stops start-up naming its line.
        services.AddHostedService<SchedulingStartup>();
        afterStage?.Invoke("store and occasions");
        services.AddHostedService<DeliveryPipelineService>();
        afterStage?.Invoke("delivery pipeline");
        var store = StoreOptions.Read(configuration);
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
        afterStage?.Invoke("scheduler");
        return services;
    }

    /// <summary>The same SQLite file the store opens, with the store's busy timeout, for Quartz's own connections.</summary>
    private static string SqliteConnectionString(string connectionString) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString();
}
