using System.Globalization;
using Bot.Host.Tests.Platforms;
using Bot.Testing.Telegram;
using Npgsql;
using Shouldly;

namespace Bot.Host.Tests.Faults;

/// <summary>With <c>Storage:Provider=Postgres</c> the bot process keeps its Telegram intake (the getUpdates offset and
/// the received updates) in the shared database, so a killed instance's offset and unhandled updates outlive it.</summary>
[Collection(OneBotAtATime.Name)]
[Trait("Category", "Slow")]
public sealed class PostgresTelegramIntakeTests
{
    private const long Group = -1007000000001;

    [Fact]
    public async Task A_received_update_and_the_offset_are_kept_in_PostgreSQL()
    {
        await using var run = await PostgresFanOut.SeedAsync(_ => []);
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.SetChat(Group, "supergroup");
        var update = telegram.PushMessage(Group, "supergroup", 7001, "/today");

        run.StartA(settings => FaultScenario.AddTelegram(settings, telegram));
        await telegram.WhenAsync(() => telegram.SentTo(Group).Count > 0, "the answer to /today", PostgresFanOut.Patience);
        await Ledger.UntilAsync(async () => await ScalarAsync(run, "SELECT COUNT(*) FROM telegram_updates WHERE handled_at IS NOT NULL") == 1,
            PostgresFanOut.Patience, "the update recorded as handled");

        (await ScalarAsync(run, $"SELECT COUNT(*) FROM telegram_updates WHERE update_id = {update} AND chat_id = {Group}")).ShouldBe(1);
        (await ScalarAsync(run, "SELECT MAX(next_offset) FROM telegram_offsets")).ShouldBe(update + 1);
    }

    private static async Task<long> ScalarAsync(PostgresFanOut run, string sql)
    {
        await using var connection = new NpgsqlConnection(run.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
