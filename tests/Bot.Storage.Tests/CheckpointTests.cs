using Bot.Storage.Tests.Subscriptions;
using Shouldly;

namespace Bot.Storage.Tests;

/// <summary>WAL checkpoints run beside the store's work, not inside a commit (<see cref="SqliteDatabase"/>).</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task The_stores_connections_never_checkpoint_in_a_commit()
    {
        await using var connection = await _db.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint";

        Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(0);
    }

    [Fact]
    public async Task Committed_pages_reach_the_database_file_while_the_store_stays_open()
    {
        var file = Path.Combine(_db.Folder, "bot.db");
        // Held open throughout: SQLite's checkpoint at the last close cannot be what copies the pages.
        await using var held = await _db.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using (var write = await _db.Database.OpenWriteAsync(TestContext.Current.CancellationToken))
        {
            await using var command = write.Connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                INSERT INTO scratch (id, v) SELECT i, printf('%.1000c', 'x') FROM n;
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var sizeAfterCommit = new FileInfo(file).Length;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (new FileInfo(file).Length < 2_000_000 && DateTime.UtcNow < deadline)
        {
            // Any use of the store starts a due checkpoint (at most one a second).
            await using (await _db.Database.OpenAsync(TestContext.Current.CancellationToken))
            {
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        sizeAfterCommit.ShouldBeLessThan(2_000_000, "the commit itself copied nothing into the file");
        new FileInfo(file).Length.ShouldBeGreaterThanOrEqualTo(2_000_000);
    }
}
