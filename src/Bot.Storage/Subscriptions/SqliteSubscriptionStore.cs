using System.Data.Common;

namespace Bot.Storage.Subscriptions;

/// <summary>Subscriptions in the embedded SQLite store (INTEGER <c>enabled</c>; see 002_subscriptions.sql).</summary>
public sealed class SqliteSubscriptionStore(SqliteDatabase database) : SubscriptionStore
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await database.OpenAsync(cancellationToken);
}
