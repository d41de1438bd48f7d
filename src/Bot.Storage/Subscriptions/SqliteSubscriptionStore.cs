using System.Data.Common;
using Bot.Core.Subscriptions;

namespace Bot.Storage.Subscriptions;

/// <summary>Subscriptions in the embedded SQLite store (INTEGER <c>enabled</c>; see 002_subscriptions.sql).</summary>
public sealed class SqliteSubscriptionStore(SqliteDatabase database) : SubscriptionStore
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await database.OpenAsync(cancellationToken);

    /// <summary>Queued with the other delivery writes and committed with them in one transaction, instead of one
    /// write transaction (and one wait for SQLite's lock) per delivery.</summary>
    public override Task RecordOutcomeAsync(long id, LastPost? post, LastError? failure, int consecutiveFailures, CancellationToken cancellationToken) =>
        database.ExecuteQueuedAsync(
            RecordOutcomeSql,
            [.. OutcomeParameters(id, post, failure, consecutiveFailures).Select(p => (p.Name, p.Value))],
            cancellationToken);
}
