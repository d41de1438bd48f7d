using System.Text.Json;
using Bot.Core.Messaging;
using Bot.Telegram.Receiving;
using Microsoft.Data.Sqlite;
using Shouldly;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Tests;

/// <summary>The SQLite update store the host uses (real files in a temp folder).</summary>
public sealed class UpdateStoreTests : IDisposable
{
    private const long BotId = 4242424242;
    private const string Telegram = "telegram";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tg-store-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_redelivered_update_is_ignored_even_after_it_was_handled()
    {
        var store = TestSupport.SqliteJournal(_path);
        await store.RecordAsync(Telegram, BotId, [new InboundEntry(7, 1, "{}")], null, CancellationToken.None);
        await store.MarkHandledAsync(Telegram, BotId, 7, CancellationToken.None);

        var fresh = await store.RecordAsync(Telegram, BotId, [new InboundEntry(7, 1, "{}"), new InboundEntry(8, 1, "{}")], null, CancellationToken.None);

        fresh.Select(u => u.Id).ShouldBe([8]);
        (await store.LoadPendingAsync(Telegram, BotId, CancellationToken.None)).Select(u => u.Id).ShouldBe([8]);
    }

    [Fact]
    public async Task The_offset_is_kept_per_bot_and_never_moves_back()
    {
        var store = TestSupport.SqliteJournal(_path);
        await store.RecordAsync(Telegram, BotId, [], 120, CancellationToken.None);
        await store.RecordAsync(Telegram, BotId, [], 90, CancellationToken.None);

        (await TestSupport.SqliteJournal(_path).LoadCursorAsync(Telegram, BotId, CancellationToken.None)).ShouldBe(120);
        (await store.LoadCursorAsync(Telegram, BotId + 1, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public void A_membership_update_keeps_its_meaning_through_the_stored_json()
    {
        var json = """
            {"update_id":5,"my_chat_member":{"chat":{"id":-1001,"type":"supergroup","title":"G"},"from":{"id":7,"is_bot":false,"first_name":"A"},
             "date":1700000000,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"B"}},
             "new_chat_member":{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"B"},"until_date":0}}}
            """;
        var update = JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options)!;

        var stored = JsonSerializer.Deserialize<Update>(JsonSerializer.Serialize(update, JsonBotAPI.Options), JsonBotAPI.Options)!;

        stored.MyChatMember!.NewChatMember.Status.ShouldBe(ChatMemberStatus.Kicked);
        stored.MyChatMember.Chat.Id.ShouldBe(-1001);
        UpdateIntake.ChatOf(stored).ShouldBe(-1001);
    }
}
