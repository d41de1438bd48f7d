using Bot.Storage.Tests.Subscriptions;
using Microsoft.Data.Sqlite;
using Shouldly;

namespace Bot.Storage.Tests;

/// <summary>Group commit (<see cref="SqliteDatabase.ExecuteQueuedAsync"/>): writes queued while another holds the
/// write turn are committed together by whoever gets the turn next.</summary>
public sealed class QueuedWriteTests : IDisposable
{
    private const string Insert = "INSERT INTO scratch (id, v) VALUES ($id, $v)";
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_failing_statement_in_a_batch_fails_only_its_own_caller()
    {
        await CreateScratchAsync();
        Task first, failing, third;
        await using (await _db.Database.OpenWriteAsync(TestContext.Current.CancellationToken))
        {
            // All three queue behind the held turn, so one batch carries them.
            first = _db.Database.ExecuteQueuedAsync(Insert, [("$id", 1), ("$v", "a")], CancellationToken.None);
            failing = _db.Database.ExecuteQueuedAsync(Insert, [("$id", 2), ("$v", null)], CancellationToken.None);
            third = _db.Database.ExecuteQueuedAsync(Insert, [("$id", 3), ("$v", "c")], CancellationToken.None);
        }

        await first;
        await third;
        await Should.ThrowAsync<SqliteException>(failing);
        (await IdsAsync()).ShouldBe([1, 3]);
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_for_the_turn_never_runs()
    {
        await CreateScratchAsync();
        using var cancel = new CancellationTokenSource();
        Task cancelled, later;
        await using (await _db.Database.OpenWriteAsync(TestContext.Current.CancellationToken))
        {
            cancelled = _db.Database.ExecuteQueuedAsync(Insert, [("$id", 1), ("$v", "a")], cancel.Token);
            await cancel.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(cancelled);
            later = _db.Database.ExecuteQueuedAsync(Insert, [("$id", 2), ("$v", "b")], CancellationToken.None);
        }

        await later;
        (await IdsAsync()).ShouldBe([2]);
    }

    private async Task CreateScratchAsync()
    {
        await using var connection = await _db.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT NOT NULL)";
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task<List<long>> IdsAsync()
    {
        await using var connection = await _db.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM scratch ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var ids = new List<long>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
