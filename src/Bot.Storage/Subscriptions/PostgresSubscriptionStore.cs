using System.Data.Common;

namespace Bot.Storage.Subscriptions;

/// <summary>Subscriptions in PostgreSQL (BOOLEAN <c>enabled</c>, identity ids; see 002_subscriptions.sql).</summary>
public sealed class PostgresSubscriptionStore(PostgresDatabase database) : SubscriptionStore
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await database.OpenAsync(cancellationToken);
}
