namespace Bot.Core.Messaging;

/// <summary>Something a platform sent the bot (a Telegram update, a Discord interaction) as the journal keeps it:
/// the platform's id for it, the lane it must be handled in order with (a chat; null for none) and its payload as
/// the platform sent it.</summary>
public sealed record InboundEntry(long Id, long? Lane, string Payload);

/// <summary>Where what platforms send the bot is written down before it is handled, so that it is handled once:
/// an entry is recorded (with the platform's cursor past it, in one step) before the platform is told it arrived, a
/// copy of one already recorded (pending or handled) is recognised by platform, account and id and ignored, and an
/// entry stays pending until handled, so that one cut short by a restart is handled after it. The store implements
/// it on its database; <see cref="InMemoryInboundJournal"/> serves tests and runs without a store.</summary>
public interface IInboundJournal
{
    /// <summary>Where the platform's feed resumes for this account (Telegram's getUpdates offset), or null when it
    /// was never read.</summary>
    Task<long?> LoadCursorAsync(string platform, long account, CancellationToken cancellationToken);

    /// <summary>Records the entries not seen before and, when given, moves the cursor forward (never back),
    /// atomically. Returns the entries that were new.</summary>
    Task<IReadOnlyList<InboundEntry>> RecordAsync(string platform, long account, IReadOnlyList<InboundEntry> entries, long? cursor, CancellationToken cancellationToken);

    /// <summary>Recorded entries not yet handled that this instance may handle, in id order.</summary>
    Task<IReadOnlyList<InboundEntry>> LoadPendingAsync(string platform, long account, CancellationToken cancellationToken);

    /// <summary>The entry was handled: it is not handled again, and a copy of it is ignored.</summary>
    Task MarkHandledAsync(string platform, long account, long id, CancellationToken cancellationToken);
}

/// <summary>Keeps the journal in memory (lost with the process; the host uses its database).</summary>
public sealed class InMemoryInboundJournal : IInboundJournal
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Platform, long Account), long> _cursors = [];
    private readonly Dictionary<(string Platform, long Account, long Id), (InboundEntry Entry, bool Handled)> _entries = [];

    public Task<long?> LoadCursorAsync(string platform, long account, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_cursors.TryGetValue((platform, account), out var cursor) ? cursor : (long?)null);
        }
    }

    public Task<IReadOnlyList<InboundEntry>> RecordAsync(string platform, long account, IReadOnlyList<InboundEntry> entries, long? cursor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var fresh = new List<InboundEntry>();
            foreach (var entry in entries)
            {
                if (_entries.TryAdd((platform, account, entry.Id), (entry, false)))
                {
                    fresh.Add(entry);
                }
            }

            if (cursor is { } next)
            {
                _cursors[(platform, account)] = Math.Max(next, _cursors.GetValueOrDefault((platform, account)));
            }

            return Task.FromResult<IReadOnlyList<InboundEntry>>(fresh);
        }
    }

    public Task<IReadOnlyList<InboundEntry>> LoadPendingAsync(string platform, long account, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<InboundEntry>>([.. _entries
                .Where(e => e.Key.Platform == platform && e.Key.Account == account && !e.Value.Handled)
                .Select(e => e.Value.Entry)
                .OrderBy(e => e.Id)]);
        }
    }

    public Task MarkHandledAsync(string platform, long account, long id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((platform, account, id), out var entry))
            {
                _entries[(platform, account, id)] = (entry.Entry, true);
            }

            return Task.CompletedTask;
        }
    }
}
