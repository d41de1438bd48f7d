using Bot.Core.Occasions;
using Bot.Core.Subscriptions;
using NodaTime;
using NodaTime.TimeZones;

namespace Bot.Core.Scheduling;

/// <summary>The defaults a channel without settings gets; also the zone /today and /next answer in there.</summary>
public sealed record SchedulingDefaults(string TimeZone = "Asia/Phnom_Penh", LocalTime? PostTime = null)
{
    public LocalTime Time => PostTime ?? new LocalTime(9, 0);

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];
}

/// <summary>The posts of one local date: when they are due and which anniversaries they commemorate.</summary>
public sealed record PlannedPosts(LocalDate Date, ZonedDateTime Due, IReadOnlyList<Anniversary> Anniversaries)
{
    public Instant DueUtc => Due.ToInstant();
}

/// <summary>The one place that decides on which day and at which instant posts are due. The scheduler, /today,
/// /next, preview and settings all ask it, so what a command says and what is posted never disagree.</summary>
public static class PostCalendar
{
    /// <summary>A local time that does not exist on a date (spring-forward gap) resolves to the first instant after
    /// the gap; one that exists twice (fall-back overlap) to the earlier, so it is posted once.</summary>
    private static readonly ZoneLocalMappingResolver Resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    public static ZonedDateTime DueAt(LocalDate date, LocalTime time, DateTimeZone zone) => zone.ResolveLocal(date.At(time), Resolver);

    public static LocalDate Today(Instant now, DateTimeZone zone) => now.InZone(zone).Date;

    /// <summary>The anniversaries observed on <paramref name="date"/> among <paramref name="occasions"/>.</summary>
    public static IReadOnlyList<Anniversary> On(LocalDate date, IEnumerable<Occasion> occasions) =>
        [.. occasions
            .Where(o => o.Month == date.Month || (o.Month == 2 && o.Day == 29 && date.Month == 2))
            .Select(o => Anniversary.In(o, date.Year))
            .OfType<Anniversary>()
            .Where(a => a.Date == date)];

    /// <summary>The first date on or after <paramref name="from"/> with at least one anniversary, and its
    /// anniversaries; null when there are no occasions.</summary>
    public static (LocalDate Date, IReadOnlyList<Anniversary> Anniversaries)? Next(LocalDate from, IReadOnlyList<Occasion> occasions)
    {
        LocalDate? best = null;
        foreach (var occasion in occasions)
        {
            var firstYear = Math.Max(from.Year, occasion.OriginalYear + 1);
            for (var year = firstYear; year <= firstYear + 1; year++)
            {
                var anniversary = Anniversary.In(occasion, year);
                if (anniversary is not null && anniversary.Date >= from)
                {
                    if (best is null || anniversary.Date < best)
                    {
                        best = anniversary.Date;
                    }

                    break;
                }
            }
        }

        return best is { } date ? (date, On(date, occasions)) : null;
    }

    /// <summary>The next posts of a channel from <paramref name="from"/> on (a local date in its zone).</summary>
    public static PlannedPosts? NextPosts(LocalDate from, LocalTime time, DateTimeZone zone, IReadOnlyList<Occasion> selected)
    {
        var next = Next(from, selected);
        return next is { } found ? new PlannedPosts(found.Date, DueAt(found.Date, time, zone), found.Anniversaries) : null;
    }

    /// <summary>The next posts due strictly after <paramref name="now"/>: used when a subscription is set up, changed
    /// or resumed, so nothing missed before the change is caught up.</summary>
    public static PlannedPosts? NextAfter(Instant now, LocalTime time, DateTimeZone zone, IReadOnlyList<Occasion> selected)
    {
        var from = Today(now, zone);
        for (var i = 0; i < 3; i++)
        {
            var next = NextPosts(from, time, zone, selected);
            if (next is null)
            {
                return null;
            }

            if (next.DueUtc > now)
            {
                return next;
            }

            from = next.Date.PlusDays(1);
        }

        return null;
    }

    /// <summary>The next posts of a subscription strictly after <paramref name="now"/>, with its own settings and occasions.</summary>
    public static PlannedPosts? NextAfter(Instant now, Subscription subscription, IReadOnlyList<Occasion> all) =>
        NextAfter(now, subscription.PostTime, DateTimeZoneProviders.Tzdb[subscription.TimeZone], subscription.Receives(all));

    /// <summary>The latest instant a post due on <paramref name="date"/> may still go out: the end of that local
    /// day by default (the start of the next), or due + <paramref name="window"/> when one is configured.</summary>
    public static Instant CatchUpDeadline(LocalDate date, ZonedDateTime due, TimeSpan? window)
    {
        if (window is { } w)
        {
            return due.ToInstant() + Duration.FromTimeSpan(w);
        }

        return due.Zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
    }
}
