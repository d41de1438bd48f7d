using Bot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Operations;

/// <summary>The store answers a trivial query (the shared PostgreSQL database in Postgres mode).</summary>
public sealed class StoreHealthCheck(SqliteDatabase database, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using System.Data.Common.DbConnection connection = services.GetService<PostgresDatabase>() is { } postgres
                ? await postgres.OpenAsync(cancellationToken)
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
}
