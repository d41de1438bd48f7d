using System.Globalization;
using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;
using NodaTime.Text;

namespace Bot.Core.Commands;

/// <summary>How the scheduling commands word dates, times and outcomes, so every command says them the same way.</summary>
public static class ScheduleText
{
    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture("dddd d MMMM yyyy 'at' HH:mm");
    private static readonly InstantPattern Utc = InstantPattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm 'UTC'");
    private static readonly LocalDatePattern Date = LocalDatePattern.CreateWithInvariantCulture("dddd d MMMM yyyy");

    public static string When(PlannedPosts posts) =>
        $"{Local.Format(posts.Due.LocalDateTime)} ({posts.Due.Zone.Id}), {Utc.Format(posts.DueUtc)}";

    public static string Day(LocalDate date) => Date.Format(date);

    public static string UtcText(Instant instant) => Utc.Format(instant);

    public static string LocalText(Instant instant, string zoneId) =>
        Local.Format(instant.InZone(DateTimeZoneProviders.Tzdb[zoneId]).LocalDateTime) + $" ({zoneId})";

    public static string Which(IReadOnlyList<Anniversary> anniversaries) =>
        string.Join("; ", anniversaries.Select(a => a.Years > 0
            ? $"{a.Occasion.Title} ({a.Ordinal} anniversary{(a.IsMilestone ? ", a milestone" : "")})"
            : a.Occasion.Title));

    /// <summary>The channel's subscription zone, else the default zone.</summary>
    public static DateTimeZone ZoneOf(Subscription? subscription, SchedulingDefaults defaults) =>
        subscription is not null ? DateTimeZoneProviders.Tzdb[subscription.TimeZone] : defaults.Zone;

    /// <summary>The posts <paramref name="subscription"/> has scheduled next (from its stored next due date).</summary>
    public static PlannedPosts? Scheduled(Subscription subscription, IReadOnlyList<Occasion> all)
    {
        if (!subscription.Enabled || subscription.NextLocalDate is not { } date)
        {
            return null;
        }

        var zone = DateTimeZoneProviders.Tzdb[subscription.TimeZone];
        return new PlannedPosts(date, PostCalendar.DueAt(date, subscription.PostTime, zone), PostCalendar.On(date, subscription.Receives(all)));
    }

    /// <summary>An occasion's title by its id, for what members read; an occasion since removed is named as such.</summary>
    public static string TitleOf(string occasionId, Subscription subscription, IReadOnlyList<Occasion> all) =>
        all.Concat(subscription.OwnOccasions.Select(o => o.ToOccasion())).FirstOrDefault(o => o.Id == occasionId)?.Title ?? "an occasion since removed";

    public static CommandResult Private(string text) => CommandResult.Reply(new OutgoingMessage(text) { Private = true });

    public static string Settings(Subscription s, IReadOnlyList<Occasion> all)
    {
        var lines = new List<string>
        {
            s.Enabled ? "Scheduled posts: on" : $"Scheduled posts: paused ({s.PausedReason ?? "no reason given"}). /resume starts them again.",
            $"Post time: {SubscriptionService.Format(s.PostTime)} in {s.TimeZone}",
            $"Occasions: {s.Occasions.Describe(all)}{(s.OwnOccasions.Count > 0 ? $", and {s.OwnOccasions.Count} of this chat's own" : "")}",
        };
        var next = Scheduled(s, all);
        lines.Add(next is null
            ? "Next post: none scheduled"
            : $"Next post: {When(next)}: {Which(next.Anniversaries)}");
        lines.Add(s.LastPost is { } post
            ? $"Last post: {LocalText(post.At, s.TimeZone)}, {UtcText(post.At)}: {TitleOf(post.OccasionId, s, all)} of {post.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, message id {post.MessageId ?? "unknown"}"
            : "Last post: none yet");
        lines.Add(s.LastError is { } error
            ? $"Last error: {UtcText(error.At)}: {error.Reason}"
            : "Last error: none");
        lines.Add($"Role mentioned: {(s.MentionRoleId is null ? "none" : s.MentionRoleId)}");
        lines.Add($"Template: {(s.Template is null ? "default" : s.Template)}");
        lines.Add($"Last changed by {s.ChangedBy} at {UtcText(s.ChangedAt)}");
        return string.Join('\n', lines);
    }
}
