using Bot.Core.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Polly;

namespace Bot.Storage;

/// <summary>Opens connections to the PostgreSQL store (<c>Storage:Provider = Postgres</c>) and brings its schema up to
/// date once, on first use, from the embedded <c>Schema/Postgres/NNN_name.sql</c> scripts (same versions and meaning
/// as the SQLite ones). Several instances may start together: the migration runs under a transaction-scoped
/// advisory lock, so one applies the scripts and the others wait, then find them recorded. Opening is retried on
/// PostgreSQL's transient failures (<see cref="StoreOptions.Retries"/>); a migration that failed is run again by the
/// next opening instead of failing every opening after it.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The advisory lock key of schema migration (any constant the bot alone uses).</summary>
    private const long MigrationLock = 0x416e6e6976_01;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _log;
    private readonly ResiliencePipeline _opening;
    private readonly Lock _migrationGate = new();
    private Task? _migration;

    public PostgresDatabase(string connectionString, ILogger<PostgresDatabase>? log = null, RetryOptions? retries = null, TimeProvider? time = null)
    {
        ConnectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _log = log ?? NullLogger<PostgresDatabase>.Instance;
        var schedule = retries ?? StoreOptions.DefaultRetries();
        _opening = Retries.ForAnyResult(
            schedule,
            time ?? TimeProvider.System,
            // A connection that timed out has already waited its Timeout: trying again would take start-up (and a
            // health check) past what an operator waits for; refused connections and "starting up" answers are quick.
            outcome => outcome.Exception is NpgsqlException { IsTransient: true } failure && failure.InnerException is not TimeoutException,
            onRetry: args =>
            {
                _log.LogWarning("PostgreSQL is not reachable ({Reason}); try {Attempt} of {Attempts} in {Delay} ms", args.Outcome.Exception?.Message, args.AttemptNumber + 2, schedule.MaxAttempts, (int)args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            });
    }

    public string ConnectionString { get; }

    /// <summary>An open connection with the schema applied.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _opening.ExecuteAsync(
            async token =>
            {
                await Migration().WaitAsync(token);
                return await _dataSource.OpenConnectionAsync(token);
            },
            cancellationToken);

    /// <summary>The schema migration, started by the first opening and started again after one that failed.</summary>
    private Task Migration()
    {
        lock (_migrationGate)
        {
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = MigrateAsync(CancellationToken.None);
            }

            return _migration;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // No time limit on the wait or the scripts: an instance that starts while another migrates waits however
        // long that takes (the lock goes with the other's transaction if it dies) instead of failing after 30 s.
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction) { CommandTimeout = 0 })
        {
            command.Parameters.AddWithValue(MigrationLock);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL
            )
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_version", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var pending = SchemaScripts.For("Postgres").Where(s => !applied.Contains(s.Version)).ToList();
        foreach (var script in pending)
        {
            await using (var apply = new NpgsqlCommand(script.Sql, connection, transaction) { CommandTimeout = 0 })
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, now())", connection, transaction);
            record.Parameters.AddWithValue(script.Version);
            record.Parameters.AddWithValue(script.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (pending.Count > 0)
        {
            _log.LogInformation("PostgreSQL schema updated: applied {Scripts}", string.Join(", ", pending.Select(s => $"{s.Version} {s.Name}")));
        }
    }
}
