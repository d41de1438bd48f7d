using System.Data.Common;
using Bot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Operations;

/// <summary>The store answers a trivial query (the shared PostgreSQL database in Postgres mode).</summary>
public sealed class StoreHealthCheck(SqliteDatabase database, StoreOptions store, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = store.Provider == StoreProvider.Postgres
                ? await OpenPostgresAsync(services, cancellationToken)
                : await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("store reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("store unreachable: " + ex.Message);
        }
    }

    /// <summary>Its own method so that a SQLite bot never loads Npgsql.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<DbConnection> OpenPostgresAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<PostgresDatabase>().OpenAsync(cancellationToken);
}
