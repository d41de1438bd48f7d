using Bot.Core.Messaging;
using Bot.Core.Occasions;
using NodaTime;

namespace Bot.Core.Subscriptions;

/// <summary>One channel's configuration of the scheduled posts, with what the scheduler last did there.</summary>
public sealed record Subscription
{
    public long Id { get; init; }

    public required string Platform { get; init; }

    public required string ChannelId { get; init; }

    public string? GuildId { get; init; }

    /// <summary>Local time of day the post goes out (default 09:00).</summary>
    public LocalTime PostTime { get; init; } = new(9, 0);

    /// <summary>IANA time zone id (default Asia/Phnom_Penh).</summary>
    public string TimeZone { get; init; } = "Asia/Phnom_Penh";

    /// <summary>Which of the bot's occasions the channel receives; a new channel gets the primary ones.</summary>
    public OccasionSelection Occasions { get; init; } = OccasionSelection.Primary;

    /// <summary>The chat's own occasions (/occasion add), in the order added; posted whatever <see cref="Occasions"/> selects.</summary>
    public IReadOnlyList<OwnOccasion> OwnOccasions { get; init; } = [];

    public bool Enabled { get; init; } = true;

    /// <summary>Why the subscription is paused (a moderator's /pause, or the reason a platform gave).</summary>
    public string? PausedReason { get; init; }

    /// <summary>A role mentioned at the top of each post (Discord role id), or none.</summary>
    public string? MentionRoleId { get; init; }

    /// <summary>The channel's post template, validated with <see cref="Occasions.PostTemplate"/>; null for the default.</summary>
    public string? Template { get; init; }

    public string ChangedBy { get; init; } = "";

    public Instant ChangedAt { get; init; }

    /// <summary>The next due instant in UTC (indexed: the planner finds due posts by it), null when none.</summary>
    public Instant? NextDueUtc { get; init; }

    /// <summary>The local date whose posts <see cref="NextDueUtc"/> is for.</summary>
    public LocalDate? NextLocalDate { get; init; }

    /// <summary>Permanent failures since the last successful post.</summary>
    public int ConsecutiveFailures { get; init; }

    public LastPost? LastPost { get; init; }

    public LastError? LastError { get; init; }

    /// <summary>When the bot was removed from the guild or chat; the subscription is deleted after the retention period.</summary>
    public Instant? BotRemovedAt { get; init; }

    public ChannelAddress Channel => new(Platform, ChannelId, GuildId);

    /// <summary>Every occasion this channel receives: those of <paramref name="all"/> it selected, then its own.</summary>
    public IReadOnlyList<Occasion> Receives(IReadOnlyList<Occasion> all) =>
        OwnOccasions.Count == 0 ? Occasions.Filter(all) : [.. Occasions.Filter(all), .. OwnOccasions.Select(o => o.ToOccasion())];
}

public sealed record LastPost(Instant At, string OccasionId, LocalDate LocalDate, string? MessageId);

public sealed record LastError(Instant At, string Reason);

/// <summary>One change to a subscription, kept in the audit table: who, when, what.</summary>
public sealed record AuditEntry(long SubscriptionId, string Platform, string ChannelId, Instant At, string ChangedBy, string Action, string Detail);
