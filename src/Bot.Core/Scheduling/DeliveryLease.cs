using NodaTime;

namespace Bot.Core.Scheduling;

/// <summary>Who holds a ledger row while it is being sent, and for how long: in a shared ledger (several instances on
/// one PostgreSQL) a row an instance is sending is held by it until <see cref="Length"/> has passed, after which any
/// other instance may take it over. It must exceed the longest a send can take, retry-after waits included.</summary>
public sealed record DeliveryLease(string Instance, Duration Length);

/// <summary>A ledger shared by several instances. Besides the planner's claim (any instance), each instance's
/// pipeline takes over open rows nobody holds: pending rows no instance has started (so the fan-out spreads across
/// instances) and rows left <see cref="DeliveryStatus.Sending"/> by an instance whose lease ran out (it died).</summary>
public interface IDeliveryLeases
{
    /// <summary>Leases to this instance up to <paramref name="limit"/> open rows that no live instance holds; rows
    /// another instance is taking at the same moment are skipped, not waited for.</summary>
    Task<IReadOnlyList<Delivery>> TakeOverAsync(Instant now, int limit, CancellationToken cancellationToken);
}
