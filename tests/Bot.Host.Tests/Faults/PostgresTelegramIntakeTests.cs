using System.Globalization;
using Bot.Host.Tests.Platforms;
using Bot.Testing.Telegram;
using Npgsql;
using Shouldly;

namespace Bot.Host.Tests.Faults;

/// <summary>With <c>Storage:Provider=Postgres</c> the bot process keeps its Telegram intake (the getUpdates offset and
/// the received updates) in the shared database, so a killed instance's offset and handled updates outlive it.</summary>
[Collection(PostgresBotProcesses.Name)]
[Trait("Category", "Slow")]
public sealed class PostgresTelegramIntakeTests
{
    private const long Group = -1007000000001;

    [Fact]
    public async Task A_received_update_and_the_offset_are_kept_in_PostgreSQL_and_outlive_a_killed_instance()
    {
        await using var run = await PostgresFanOut.SeedAsync(_ => []);
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.SetChat(Group, "supergroup");
        var first = telegram.PushMessage(Group, "supergroup", 7001, "/today");

        run.StartA(settings => FaultScenario.AddTelegram(settings, telegram));
        await telegram.WhenAsync(() => telegram.SentTo(Group).Count > 0, "the answer to /today", PostgresFanOut.Patience);
        await Ledger.UntilAsync(async () => await ScalarAsync(run, "SELECT COUNT(*) FROM inbound_entries WHERE platform = 'telegram' AND handled_at IS NOT NULL") == 1,
            PostgresFanOut.Patience, "the update recorded as handled");

        (await ScalarAsync(run, $"SELECT COUNT(*) FROM inbound_entries WHERE platform = 'telegram' AND entry_id = {first} AND lane = {Group}")).ShouldBe(1);
        (await ScalarAsync(run, "SELECT MAX(next_cursor) FROM inbound_cursors WHERE platform = 'telegram'")).ShouldBe(first + 1);

        // SIGKILL instance a (no shutdown code runs), then start instance b on the same database, with its own folder:
        // it continues from the offset a stored, answers the update that arrived meanwhile, and not a's again.
        run.A!.Kill();
        await run.A.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var killedAt = DateTimeOffset.UtcNow;
        var second = telegram.PushMessage(Group, "supergroup", 7001, "/next");
        run.StartB(settings => FaultScenario.AddTelegram(settings, telegram));
        await telegram.WhenAsync(() => telegram.SentTo(Group).Count > 1, "instance b's answer to /next", PostgresFanOut.Patience);
        await Ledger.UntilAsync(async () => await ScalarAsync(run, "SELECT COUNT(*) FROM inbound_entries WHERE platform = 'telegram' AND handled_at IS NOT NULL") == 2,
            PostgresFanOut.Patience, "the second update recorded as handled", () => run.B!.Errors);

        telegram.SentTo(Group).Count.ShouldBe(2, "one answer per update: the killed instance's handled update is not answered again");
        (await ScalarAsync(run, "SELECT MAX(next_cursor) FROM inbound_cursors WHERE platform = 'telegram'")).ShouldBe(second + 1);
        var polls = telegram.Calls("getUpdates").Where(r => r.At > killedAt).ToList();
        polls.ShouldNotBeEmpty();
        polls.ShouldAllBe(r => r.Body["offset"] != null && r.Body["offset"]!.GetValue<int>() >= first + 1,
            "instance b polls from the offset instance a stored, never from the start");
    }

    private static async Task<long> ScalarAsync(PostgresFanOut run, string sql)
    {
        await using var connection = new NpgsqlConnection(run.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
