namespace Bot.Telegram.Receiving;

/// <summary>An update as kept until it is handled: its id, its chat (for ordering) and its Bot API JSON.</summary>
public sealed record StoredUpdate(int UpdateId, long? ChatId, string Payload);

/// <summary>Where received updates wait until they are handled, and the getUpdates offset, so that intake is
/// exactly-once across restarts: updates are stored (with the offset past them, in one step) before Telegram is
/// told they were received, and are removed from the pending set only once handled. The host implements it on its
/// database; <see cref="InMemoryTelegramUpdateStore"/> serves tests and runs without a store.</summary>
public interface ITelegramUpdateStore
{
    /// <summary>The offset for the next getUpdates, or null when the bot has never polled.</summary>
    Task<int?> LoadOffsetAsync(long botId, CancellationToken cancellationToken);

    /// <summary>Stores the updates not seen before (ids already stored, pending or handled, are skipped) and, when
    /// given, the new offset, atomically. Returns the updates that were new.</summary>
    Task<IReadOnlyList<StoredUpdate>> SaveAsync(long botId, IReadOnlyList<StoredUpdate> updates, int? nextOffset, CancellationToken cancellationToken);

    /// <summary>Stored updates not yet handled, in update id order.</summary>
    Task<IReadOnlyList<StoredUpdate>> LoadPendingAsync(long botId, CancellationToken cancellationToken);

    /// <summary>The update was handled: it is not handled again, and a redelivered copy is ignored.</summary>
    Task MarkHandledAsync(long botId, int updateId, CancellationToken cancellationToken);
}

/// <summary>Keeps updates and the offset in memory (lost with the process; the host uses its database).</summary>
public sealed class InMemoryTelegramUpdateStore : ITelegramUpdateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, int> _offsets = [];
    private readonly Dictionary<(long Bot, int Id), (StoredUpdate Update, bool Handled)> _updates = [];

    public Task<int?> LoadOffsetAsync(long botId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_offsets.TryGetValue(botId, out var offset) ? offset : (int?)null);
        }
    }

    public Task<IReadOnlyList<StoredUpdate>> SaveAsync(long botId, IReadOnlyList<StoredUpdate> updates, int? nextOffset, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var fresh = new List<StoredUpdate>();
            foreach (var update in updates)
            {
                if (_updates.TryAdd((botId, update.UpdateId), (update, false)))
                {
                    fresh.Add(update);
                }
            }

            if (nextOffset is { } offset)
            {
                _offsets[botId] = Math.Max(offset, _offsets.GetValueOrDefault(botId));
            }

            return Task.FromResult<IReadOnlyList<StoredUpdate>>(fresh);
        }
    }

    public Task<IReadOnlyList<StoredUpdate>> LoadPendingAsync(long botId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredUpdate>>([.. _updates
                .Where(e => e.Key.Bot == botId && !e.Value.Handled)
                .Select(e => e.Value.Update)
                .OrderBy(u => u.UpdateId)]);
        }
    }

    public Task MarkHandledAsync(long botId, int updateId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_updates.TryGetValue((botId, updateId), out var entry))
            {
                _updates[(botId, updateId)] = (entry.Update, true);
            }

            return Task.CompletedTask;
        }
    }
}
