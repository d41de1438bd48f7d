using Bot.Storage;
using Bot.Storage.Telegram;
using Bot.Telegram.Receiving;
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

    /// <summary>A fake clock on a whole second, so send slots (1/N s) line up with it.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 1, 7, 0, 0, 0, TimeSpan.Zero));
}

/// <summary>The host's SQLite-backed update store, as the host wires it (see TelegramSetup).</summary>
public sealed class SqliteUpdateStore(string path) : ITelegramUpdateStore
{
    private readonly TelegramUpdateRepository _repository = new(new SqliteDatabase($"Data Source={path}"));

    public Task<int?> LoadOffsetAsync(long botId, CancellationToken cancellationToken) => _repository.LoadOffsetAsync(botId, cancellationToken);

    public async Task<IReadOnlyList<StoredUpdate>> SaveAsync(long botId, IReadOnlyList<StoredUpdate> updates, int? nextOffset, CancellationToken cancellationToken) =>
        [.. (await _repository.SaveAsync(botId, [.. updates.Select(u => new TelegramUpdateRow(u.UpdateId, u.ChatId, u.Payload))], nextOffset, cancellationToken))
            .Select(r => new StoredUpdate(r.UpdateId, r.ChatId, r.Payload))];

    public async Task<IReadOnlyList<StoredUpdate>> LoadPendingAsync(long botId, CancellationToken cancellationToken) =>
        [.. (await _repository.LoadPendingAsync(botId, cancellationToken)).Select(r => new StoredUpdate(r.UpdateId, r.ChatId, r.Payload))];

    public Task MarkHandledAsync(long botId, int updateId, CancellationToken cancellationToken) => _repository.MarkHandledAsync(botId, updateId, cancellationToken);
}
