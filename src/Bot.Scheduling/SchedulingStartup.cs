using Bot.Core.Occasions;
using Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Scheduling;

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
