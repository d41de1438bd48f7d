using System.Data.Common;
using Bot.Core.Messaging;

namespace Bot.Storage.Inbound;

/// <summary>Reads the rows of a journal query that selects <c>entry_id, lane, payload</c>, the same for both stores.</summary>
internal static class InboundEntryReader
{
    public static async Task<List<InboundEntry>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var entries = new List<InboundEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new InboundEntry(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2)));
        }

        return entries;
    }
}
