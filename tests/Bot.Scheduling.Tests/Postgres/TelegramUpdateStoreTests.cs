using Bot.Core.Messaging;
using Bot.Storage;
using Bot.Storage.Inbound;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>The Telegram intake on PostgreSQL (<c>Storage:Provider=Postgres</c>): one offset per bot for the cluster,
/// redeliveries ignored, and an unhandled update held by the instance that stored it until its lease runs out.</summary>
[Trait("Category", "Slow")]
public sealed class TelegramUpdateStoreTests : IAsyncLifetime
{
    private const long BotId = 4242424242;
    private const string Telegram = "telegram";
    private readonly PostgresTestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 7, 2, 0, 0, TimeSpan.Zero));
    private PostgresDatabase _store = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _store = new PostgresDatabase(_database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    private PostgresInboundJournal Instance(string name) => new(_store, name, _clock);

    private static InboundEntry Update(int id) => new(id, -1001, $$"""{"update_id":{{id}}}""");

    [Fact]
    public async Task A_redelivered_update_is_ignored_even_after_it_was_handled()
    {
        var a = Instance("a");
        await a.RecordAsync(Telegram, BotId, [Update(7)], null, CancellationToken.None);
        await a.MarkHandledAsync(Telegram, BotId, 7, CancellationToken.None);

        var fresh = await Instance("b").RecordAsync(Telegram, BotId, [Update(7), Update(8)], null, CancellationToken.None);

        fresh.Select(u => u.Id).ShouldBe([8]);
    }

    [Fact]
    public async Task The_offset_is_shared_by_the_instances_and_never_moves_back()
    {
        await Instance("a").RecordAsync(Telegram, BotId, [], 120, CancellationToken.None);
        await Instance("b").RecordAsync(Telegram, BotId, [], 90, CancellationToken.None);

        (await Instance("c").LoadCursorAsync(Telegram, BotId, CancellationToken.None)).ShouldBe(120);
        (await Instance("c").LoadCursorAsync(Telegram, BotId + 1, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task An_instance_reloads_its_own_pending_updates_with_their_payload_in_order()
    {
        var a = Instance("a");
        await a.RecordAsync(Telegram, BotId, [Update(9), Update(3)], 10, CancellationToken.None);

        var pending = await a.LoadPendingAsync(Telegram, BotId, CancellationToken.None);

        pending.Select(u => u.Id).ShouldBe([3, 9]);
        pending[0].Payload.ShouldBe("""{"update_id":3}""");
        pending[0].Lane.ShouldBe(-1001);
    }

    [Fact]
    public async Task A_live_instance_s_pending_update_is_not_handed_to_another()
    {
        await Instance("a").RecordAsync(Telegram, BotId, [Update(5)], 6, CancellationToken.None);

        (await Instance("b").LoadPendingAsync(Telegram, BotId, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dead_instance_s_pending_update_is_taken_over_once_its_lease_runs_out()
    {
        await Instance("a").RecordAsync(Telegram, BotId, [Update(5)], 6, CancellationToken.None);
        _clock.Advance(PostgresInboundJournal.Lease + TimeSpan.FromSeconds(1));

        var b = Instance("b");
        (await b.LoadPendingAsync(Telegram, BotId, CancellationToken.None)).Select(u => u.Id).ShouldBe([5]);
        (await Instance("c").LoadPendingAsync(Telegram, BotId, CancellationToken.None)).ShouldBeEmpty("b holds it now");
        await b.MarkHandledAsync(Telegram, BotId, 5, CancellationToken.None);
        _clock.Advance(PostgresInboundJournal.Lease + TimeSpan.FromSeconds(1));
        (await Instance("c").LoadPendingAsync(Telegram, BotId, CancellationToken.None)).ShouldBeEmpty("it was handled");
    }
}
