using NodaTime;

namespace Bot.Core.Subscriptions;

/// <summary>Subscriptions and their audit trail. Every write goes with its audit entry in one transaction.</summary>
public interface ISubscriptionStore
{
    Task<Subscription?> FindAsync(string platform, string channelId, CancellationToken cancellationToken);

    Task<Subscription?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Inserts (Id 0) or updates the subscription and writes the audit entry; returns it with its id.</summary>
    Task<Subscription> SaveAsync(Subscription subscription, string action, string detail, CancellationToken cancellationToken);

    /// <summary>Deletes the subscription, auditing who and why; false when there was none.</summary>
    Task<bool> DeleteAsync(long id, string changedBy, Instant at, string detail, CancellationToken cancellationToken);

    Task<IReadOnlyList<Subscription>> ByGuildAsync(string platform, string guildId, CancellationToken cancellationToken);

    /// <summary>Enabled subscriptions whose next post is due at or before <paramref name="now"/>, earliest first
    /// (an indexed range scan: the cost is the number due, not the number of subscriptions).</summary>
    Task<IReadOnlyList<Subscription>> DueAsync(Instant now, int limit, CancellationToken cancellationToken);

    /// <summary>Subscriptions whose bot was removed before <paramref name="cutoff"/> (retention).</summary>
    Task<IReadOnlyList<Subscription>> RemovedBeforeAsync(Instant cutoff, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a post on the subscription (last post, last error, failure count) without
    /// an audit entry: these are the scheduler's observations, not configuration changes.</summary>
    Task RecordOutcomeAsync(long id, LastPost? post, LastError? failure, int consecutiveFailures, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> AuditAsync(long subscriptionId, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);
}
