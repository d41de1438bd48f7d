using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Storage;

/// <summary>Opens connections to the SQLite store and brings its schema up to date once, on first use.
/// WAL mode lets readers (questions) run while the one writer (ingest, ledger) commits.</summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly ILogger _log;
    private readonly Lazy<Task> _migrated;
    // One token: whoever holds it may write. A channel rather than a semaphore so that nothing needs disposing.
    private readonly Channel<bool> _writer = WriteTurn();
    private readonly ConcurrentQueue<QueuedWrite> _queued = new();

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    private const long CheckpointIntervalMs = 1000;
    private readonly string _checkpointConnectionString;
    private long _lastCheckpoint = Environment.TickCount64;
    private int _checkpointing;

    public SqliteDatabase(string connectionString, ILogger<SqliteDatabase>? log = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        builder.DefaultTimeout = 30;
        _connectionString = builder.ToString();
        // A checkpoint must never create the file: a store deleted while one was due stays deleted.
        _checkpointConnectionString = builder.Mode == SqliteOpenMode.ReadWriteCreate
            ? new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString()
            : _connectionString;
        _log = log ?? NullLogger<SqliteDatabase>.Instance;
        _migrated = new Lazy<Task>(() => MigrateAsync(CancellationToken.None));
    }

    public string ConnectionString => _connectionString;

    /// <summary>An open connection with the schema applied, foreign keys on and a busy timeout set.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        await _migrated.Value.WaitAsync(cancellationToken);
        return await OpenRawAsync(cancellationToken);
    }

    /// <summary>A connection for one short write, taken in turn with this process's other writes through it.
    /// SQLite has one writer: when many deliveries confirm at once, a writer that finds the file locked sleeps in
    /// SQLite's busy handler (1 ms, 2 ms, 5 ms… up to 100 ms) however soon the lock is free. Queuing here instead
    /// hands the lock on the moment it is released. Another process still meets the busy timeout as before.</summary>
    public async Task<SqliteWrite> OpenWriteAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            await _writer.Reader.ReadAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new SqliteWrite(connection, _writer.Writer);
    }

    private static Channel<bool> WriteTurn()
    {
        var turn = Channel.CreateBounded<bool>(1);
        turn.Writer.TryWrite(true);
        return turn;
    }

    /// <summary>Runs one statement that changes rows and returns nothing (a delivery confirmed, an outcome
    /// recorded) in a transaction shared with the others queued meanwhile: whoever gets the write turn first
    /// commits all of them at once, and each caller returns only once its own statement is committed. Under a
    /// fan-out that is one commit for many confirmations instead of one each.
    /// <para>Cancelled while it waits, the statement is withdrawn and never runs; cancelled once another caller's
    /// batch has taken it, the caller still waits for that batch's outcome, so a cancellation never hides a write
    /// that was committed.</para></summary>
    public async Task ExecuteQueuedAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        var write = new QueuedWrite(sql, parameters);
        _queued.Enqueue(write);
        SqliteWrite turn;
        try
        {
            turn = await OpenWriteAsync(cancellationToken);
        }
        catch (Exception) when (write.TryWithdraw())
        {
            throw;
        }
        catch (Exception)
        {
            await write.Done.Task;
            return;
        }

        await using (turn)
        {
            if (!write.Done.Task.IsCompleted)
            {
                // Not cancellable once started: the batch holds other callers' writes too, and each is short.
                await CommitQueuedAsync(turn.Connection, CancellationToken.None);
            }
        }

        await write.Done.Task;
    }

    private async Task CommitQueuedAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var batch = new List<QueuedWrite>();
        while (_queued.TryDequeue(out var queued))
        {
            if (queued.TryTake())
            {
                batch.Add(queued);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var write in batch)
            {
                await write.ExecuteAsync(connection, transaction, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One statement failed and took the batch with it: each alone, so each caller gets its own outcome.
            foreach (var write in batch)
            {
                try
                {
                    await write.ExecuteAsync(connection, null, cancellationToken);
                    write.Done.TrySetResult();
                }
                catch (Exception ex)
                {
                    write.Done.TrySetException(ex);
                }
            }

            return;
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
            return;
        }

        foreach (var write in batch)
        {
            write.Done.TrySetResult();
        }
    }

    private sealed class QueuedWrite(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        private const int Waiting = 0, Taken = 1, Withdrawn = 2;
        private int _state = Waiting;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A batch takes the write; false if its caller withdrew it first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

        /// <summary>The caller gives up on the write; false if a batch has already taken it.</summary>
        public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Waiting) == Waiting;

        public async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);

        // The pool hands back the same physical connection many times a second (each delivery opens several):
        // its settings survive in it, so they are applied once, when SQLite first opens it.
        if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = """
                PRAGMA synchronous = NORMAL;
                PRAGMA foreign_keys = ON;
                PRAGMA busy_timeout = 30000;
                PRAGMA wal_autocheckpoint = 0;
                """;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            Configured.AddOrUpdate(handle, Marker);
        }

        CheckpointWhenDue();
        return connection;
    }

    /// <summary>SQLite's own checkpoint runs inside whichever commit finds the WAL over 1,000 pages, and makes that
    /// commit (a planner tick, a delivery's outcome) wait while it copies the WAL into the file and syncs it. Here
    /// connections leave it to a passive checkpoint on another connection, started at most once a second from any
    /// use of the store: it never waits for a reader or the writer, and no caller waits for it.</summary>
    private void CheckpointWhenDue()
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastCheckpoint) < CheckpointIntervalMs || Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _lastCheckpoint, now);
        _ = Task.Run(CheckpointAsync);
    }

    private async Task CheckpointAsync()
    {
        try
        {
            await using var connection = new SqliteConnection(_checkpointConnectionString);
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await checkpoint.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            // The next one, a second later, copies what this one did not; SQLite also checkpoints at the last close.
            _log.LogDebug(ex, "WAL checkpoint did not run");
        }
        finally
        {
            Interlocked.Exchange(ref _checkpointing, 0);
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenRawAsync(cancellationToken);

        // WAL is a property of the database file, not of a connection: set once, it stays.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                );
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT version FROM schema_version";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var pending = SchemaScripts.For("Sqlite").Where(s => !applied.Contains(s.Version)).ToList();
        foreach (var script in pending)
        {
            await using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = script.Sql;
            await apply.ExecuteNonQueryAsync(cancellationToken);

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, $at)";
            record.Parameters.AddWithValue("$version", script.Version);
            record.Parameters.AddWithValue("$name", script.Name);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (pending.Count > 0)
        {
            _log.LogInformation("Store schema updated: applied {Scripts}", string.Join(", ", pending.Select(s => $"{s.Version} {s.Name}")));
        }
    }
}

/// <summary>An open connection holding this process's turn to write; disposing closes it and passes the turn on.</summary>
public sealed class SqliteWrite(SqliteConnection connection, ChannelWriter<bool> turn) : IAsyncDisposable
{
    public SqliteConnection Connection => connection;

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        turn.TryWrite(true);
    }
}
