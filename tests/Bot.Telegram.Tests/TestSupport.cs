using Bot.Core.Messaging;
using Bot.Storage;
using Bot.Storage.Inbound;
using Bot.Telegram.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Telegram.Tests;

public static class TestSupport
{
    /// <summary>Waits until the adapter took in every update up to <paramref name="lastUpdateId"/> (Telegram was
    /// told by the next getUpdates) and finished handling everything.</summary>
    public static async Task ProcessedAsync(this TelegramHarness bot, FakeBotApi api, int lastUpdateId)
    {
        await api.WhenAsync(() => api.ConfirmedOffset > lastUpdateId, $"update {lastUpdateId} to be taken in");
        using var timeout = new CancellationTokenSource(Signal.Patience);
        await bot.Intake.WhenIdleAsync(timeout.Token);
    }

    /// <summary>The SQLite inbound journal on a file, as the bot wires it (see AddStorage).</summary>
    public static IInboundJournal SqliteJournal(string path) => new SqliteInboundJournal(new SqliteDatabase($"Data Source={path}"));

    /// <summary>A fake clock on a whole second, so send slots (1/N s) line up with it.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 1, 7, 0, 0, 0, TimeSpan.Zero));
}
