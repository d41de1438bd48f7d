using System.Globalization;
using System.Text.Json;
using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;
using NodaTime.Text;

namespace Bot.Host.Verbs;

/// <summary><c>preview [--channel platform:id] [--from YYYY-MM-DD] [--days N] [--tz ZONE] [--json]</c>: what would
/// be posted when, computed by the same calendar the scheduler uses. Sends nothing.</summary>
public sealed class PreviewVerb : ICliVerb
{
    public string Name => "preview";

    public string Usage => "preview [--channel platform:id] [--from YYYY-MM-DD] [--days N] [--tz ZONE] [--json]   what would be posted when (sends nothing)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var defaults = services.GetRequiredService<SchedulingDefaults>();
        var time = services.GetRequiredService<TimeProvider>();
        Subscription? subscription = null;
        if (VerbArguments.Value(args, "--channel") is { } channelText)
        {
            var colon = channelText.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == channelText.Length - 1)
            {
                return await UsageErrorAsync($"--channel must be platform:id, e.g. telegram:-100123 or console:local (was '{channelText}').");
            }

            subscription = await services.GetRequiredService<ISubscriptionStore>().FindAsync(channelText[..colon], channelText[(colon + 1)..], cancellationToken);
            if (subscription is null)
            {
                return await UsageErrorAsync($"No subscription for {channelText}; without --channel the defaults are previewed.");
            }
        }

        var zone = ScheduleText(subscription, defaults);
        if (VerbArguments.Value(args, "--tz") is { } zoneText)
        {
            var parsed = SubscriptionValidation.ParseZone(zoneText);
            if (!parsed.Ok)
            {
                return await UsageErrorAsync(parsed.Error!);
            }

            zone = parsed.Value!;
        }

        var from = PostCalendar.Today(Instant.FromDateTimeOffset(time.GetUtcNow()), zone);
        if (VerbArguments.Value(args, "--from") is { } fromText)
        {
            var parsed = LocalDatePattern.Iso.Parse(fromText);
            if (!parsed.Success)
            {
                return await UsageErrorAsync($"--from must be a date YYYY-MM-DD (was '{fromText}').");
            }

            from = parsed.Value;
        }

        var days = 7;
        if (VerbArguments.Value(args, "--days") is { } daysText && (!int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > 3660))
        {
            return await UsageErrorAsync($"--days must be a whole number from 1 to 3660 (was '{daysText}').");
        }

        var postTime = subscription?.PostTime ?? defaults.Time;
        var all = await services.GetRequiredService<IOccasionCatalog>().AllAsync(cancellationToken);
        var selected = subscription?.Receives(all) ?? OccasionSelection.Primary.Filter(all);
        var composer = services.GetRequiredService<PostComposer>();
        var style = new PostStyle(subscription?.Template, subscription?.MentionRoleId);
        var posts = new List<PreviewPost>();
        for (var date = from; date < from.PlusDays(days); date = date.PlusDays(1))
        {
            var due = PostCalendar.DueAt(date, postTime, zone);
            foreach (var anniversary in PostCalendar.On(date, selected))
            {
                var message = await composer.ComposeAsync(anniversary, style, cancellationToken);
                posts.Add(new PreviewPost(
                    LocalDatePattern.Iso.Format(date),
                    due.LocalDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
                    zone.Id,
                    InstantPattern.General.Format(due.ToInstant()),
                    anniversary.Occasion.Id,
                    anniversary.Occasion.Title,
                    anniversary.Occasion.Own ? "own" : anniversary.Occasion.Curated ? "curated" : "derived",
                    anniversary.Years,
                    anniversary.Ordinal,
                    anniversary.IsMilestone,
                    message.Title,
                    message.Text,
                    [.. message.Citations.Select(c => new PreviewCitation(c.DocumentId, c.Title, c.Date, c.Source, c.Quote))],
                    PlainText.Render(message)));
            }
        }

        if (VerbArguments.Flag(args, "--json"))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(posts, VerbJson.Options));
            return 0;
        }

        await Console.Out.WriteLineAsync($"Preview {LocalDatePattern.Iso.Format(from)} + {days} day(s), {SubscriptionService.Format(postTime)} {zone.Id}: {posts.Count} post(s). Nothing is sent.");
        foreach (var post in posts)
        {
            await Console.Out.WriteLineAsync();
            await Console.Out.WriteLineAsync($"{post.LocalTime} {post.TimeZone} ({post.Utc}) — {post.OccasionId}, {post.Ordinal} anniversary{(post.Milestone ? " (milestone)" : "")}");
            await Console.Out.WriteLineAsync(post.Rendered);
        }

        return 0;
    }

    private static DateTimeZone ScheduleText(Subscription? subscription, SchedulingDefaults defaults) =>
        subscription is null ? defaults.Zone : DateTimeZoneProviders.Tzdb[subscription.TimeZone];

    private static async Task<int> UsageErrorAsync(string message)
    {
        await Console.Error.WriteLineAsync(message);
        return 2;
    }

    public sealed record PreviewPost(
        string LocalDate,
        string LocalTime,
        string TimeZone,
        string Utc,
        string OccasionId,
        string Title,
        string Kind,
        int Years,
        string Ordinal,
        bool Milestone,
        string? Heading,
        string Text,
        IReadOnlyList<PreviewCitation> Citations,
        string Rendered);

    public sealed record PreviewCitation(string DocumentId, string Title, string? Date, string? Source, string Quote);
}
