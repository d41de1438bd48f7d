using Bot.Core.Messaging;
using Bot.Storage.Inbound;
using Bot.Storage.Tests.Subscriptions;
using Microsoft.Data.Sqlite;
using Shouldly;

namespace Bot.Storage.Tests.Inbound;

/// <summary>The inbound journal on SQLite (<c>015_inbound_journal.sql</c>).</summary>
public sealed class InboundJournalTests : IDisposable
{
    private const long BotId = 4242424242;
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Telegram_updates_stored_before_the_journal_existed_are_carried_into_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var old = new SqliteConnection(_db.ConnectionString))
        {
            await old.OpenAsync(ct);
            await using var create = old.CreateCommand();
            create.CommandText = "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(ct);
            foreach (var script in SchemaScripts.For("Sqlite").Where(s => s.Version < 15))
            {
                await using var apply = old.CreateCommand();
                apply.CommandText = script.Sql;
                await apply.ExecuteNonQueryAsync(ct);
                apply.CommandText = $"INSERT INTO schema_version VALUES ({script.Version}, '{script.Name}', '2026-01-01')";
                await apply.ExecuteNonQueryAsync(ct);
            }

            await using var rows = old.CreateCommand();
            rows.CommandText = $"""
                INSERT INTO telegram_offsets VALUES ({BotId}, 120, '2026-01-01');
                INSERT INTO telegram_updates VALUES ({BotId}, 118, -1001, '{"{"}"update_id":118{"}"}', '2026-01-01', '2026-01-01');
                INSERT INTO telegram_updates VALUES ({BotId}, 119, -1001, '{"{"}"update_id":119{"}"}', '2026-01-01', NULL);
                """;
            await rows.ExecuteNonQueryAsync(ct);
        }

        var journal = new SqliteInboundJournal(_db.Reopen());

        (await journal.LoadCursorAsync("telegram", BotId, ct)).ShouldBe(120);
        var pending = await journal.LoadPendingAsync("telegram", BotId, ct);
        pending.ShouldBe([new InboundEntry(119, -1001, """{"update_id":119}""")]);
        (await journal.RecordAsync("telegram", BotId, [new InboundEntry(118, -1001, "{}")], null, ct)).ShouldBeEmpty("118 was handled before the move");
    }

    [Fact]
    public async Task Ids_are_told_apart_by_platform_and_account()
    {
        var ct = TestContext.Current.CancellationToken;
        var journal = new SqliteInboundJournal(_db.Database);
        await journal.RecordAsync("telegram", BotId, [new InboundEntry(7, 1, "{}")], null, ct);

        (await journal.RecordAsync("discord", BotId, [new InboundEntry(7, null, "")], null, ct)).Count.ShouldBe(1);
        (await journal.RecordAsync("telegram", BotId + 1, [new InboundEntry(7, 1, "{}")], null, ct)).Count.ShouldBe(1);
        (await journal.RecordAsync("telegram", BotId, [new InboundEntry(7, 1, "{}")], null, ct)).ShouldBeEmpty();
    }
}
