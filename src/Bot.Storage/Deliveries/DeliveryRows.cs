using System.Data.Common;
using Bot.Core.Scheduling;
using NodaTime;
using NodaTime.Text;

namespace Bot.Storage.Deliveries;

/// <summary>How a ledger row is stored, the same in SQLite and PostgreSQL: the columns a <see cref="Delivery"/> is
/// read from, in order, and the status names. Each ledger keeps its own SQL, except the planner's claim, which
/// both run as <see cref="DeliveryClaims"/>.</summary>
internal static class DeliveryRows
{
    public const string Columns = """
        id, subscription_id, occasion_id, local_date, due_utc, deadline_utc, idempotency_key, status, attempts,
        next_attempt_utc, sent_at, message_id, last_error, resent_after_crash
        """;

    public static async Task<IReadOnlyList<Delivery>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new List<Delivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    /// <summary>The row under the reader, its columns as in <see cref="Columns"/>.</summary>
    public static Delivery Read(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        SubscriptionId = r.GetInt64(1),
        OccasionId = r.GetString(2),
        LocalDate = LocalDatePattern.Iso.Parse(r.GetString(3)).Value,
        DueUtc = Instant.FromUnixTimeMilliseconds(r.GetInt64(4)),
        DeadlineUtc = Instant.FromUnixTimeMilliseconds(r.GetInt64(5)),
        IdempotencyKey = r.GetString(6),
        Status = Parse(r.GetString(7)),
        Attempts = r.GetInt32(8),
        NextAttemptUtc = r.IsDBNull(9) ? null : Instant.FromUnixTimeMilliseconds(r.GetInt64(9)),
        SentAt = r.IsDBNull(10) ? null : Instant.FromUnixTimeMilliseconds(r.GetInt64(10)),
        MessageId = r.IsDBNull(11) ? null : r.GetString(11),
        LastError = r.IsDBNull(12) ? null : r.GetString(12),
        // INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL: both providers read either as a bool.
        ResentAfterCrash = r.GetBoolean(13),
    };

    public static string Name(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sending => "sending",
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.FailedRetryable => "failed_retryable",
        DeliveryStatus.FailedPermanent => "failed_permanent",
        DeliveryStatus.Uncertain => "uncertain",
        DeliveryStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static DeliveryStatus Parse(string status) => status switch
    {
        "pending" => DeliveryStatus.Pending,
        "sending" => DeliveryStatus.Sending,
        "sent" => DeliveryStatus.Sent,
        "failed_retryable" => DeliveryStatus.FailedRetryable,
        "failed_permanent" => DeliveryStatus.FailedPermanent,
        "uncertain" => DeliveryStatus.Uncertain,
        "skipped" => DeliveryStatus.Skipped,
        _ => throw new InvalidDataException($"Unknown delivery status '{status}'."),
    };

    public static T? FirstOrNull<T>(IReadOnlyList<T> items) where T : class => items.Count > 0 ? items[0] : null;
}
