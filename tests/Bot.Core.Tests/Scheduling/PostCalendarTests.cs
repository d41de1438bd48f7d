using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using NodaTime;
using Shouldly;

namespace Bot.Core.Tests.Scheduling;

public sealed class PostCalendarTests
{
    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    [Theory]
    [InlineData("Asia/Phnom_Penh", "2027-01-07T02:00:00Z")]
    [InlineData("Pacific/Kiritimati", "2027-01-06T19:00:00Z")]
    [InlineData("America/St_Johns", "2027-01-07T12:30:00Z")]
    [InlineData("Asia/Kathmandu", "2027-01-07T03:15:00Z")]
    [InlineData("America/New_York", "2027-01-07T14:00:00Z")]
    [InlineData("Europe/London", "2027-01-07T09:00:00Z")]
    public void Nine_o_clock_on_January_7_in_each_zone(string zone, string utc)
    {
        var due = PostCalendar.DueAt(new LocalDate(2027, 1, 7), new LocalTime(9, 0), Zone(zone));
        due.ToInstant().ToString().ShouldBe(utc);
    }

    [Fact]
    public void Post_time_in_spring_forward_gap_posts_at_next_valid_minute()
    {
        // New York skips 02:00–03:00 on 2027-03-14: 02:30 does not exist that day.
        var due = PostCalendar.DueAt(new LocalDate(2027, 3, 14), new LocalTime(2, 30), Zone("America/New_York"));
        due.LocalDateTime.ShouldBe(new LocalDateTime(2027, 3, 14, 3, 0));
        due.ToInstant().ToString().ShouldBe("2027-03-14T07:00:00Z");
    }

    [Fact]
    public void Post_time_in_fall_back_overlap_resolves_once_to_the_earlier_instant()
    {
        // London repeats 01:00–02:00 on 2027-10-31.
        var due = PostCalendar.DueAt(new LocalDate(2027, 10, 31), new LocalTime(1, 30), Zone("Europe/London"));
        due.ToInstant().ToString().ShouldBe("2027-10-31T00:30:00Z");
    }

    [Fact]
    public void Next_after_now_skips_todays_post_once_its_time_has_passed()
    {
        var occasions = new[] { new Occasion("jan7", 1, 7, 1979, "Victory Day", "…") };
        var zone = Zone("Asia/Phnom_Penh");
        var before = PostCalendar.NextAfter(Instant.FromUtc(2027, 1, 7, 1, 0), new LocalTime(9, 0), zone, occasions)!;
        before.Date.ShouldBe(new LocalDate(2027, 1, 7));
        var after = PostCalendar.NextAfter(Instant.FromUtc(2027, 1, 7, 3, 0), new LocalTime(9, 0), zone, occasions)!;
        after.Date.ShouldBe(new LocalDate(2028, 1, 7));
    }

    [Fact]
    public void Kiritimati_is_already_on_January_7_when_utc_is_on_January_6()
    {
        var today = PostCalendar.Today(Instant.FromUtc(2027, 1, 6, 12, 0), Zone("Pacific/Kiritimati"));
        today.ShouldBe(new LocalDate(2027, 1, 7));
    }

    [Fact]
    public void Catch_up_deadline_is_the_end_of_the_local_day_by_default()
    {
        var zone = Zone("America/St_Johns");
        var date = new LocalDate(2027, 1, 7);
        var due = PostCalendar.DueAt(date, new LocalTime(9, 0), zone);
        PostCalendar.CatchUpDeadline(date, due, null).ToString().ShouldBe("2027-01-08T03:30:00Z");
        PostCalendar.CatchUpDeadline(date, due, TimeSpan.FromHours(2)).ShouldBe(due.ToInstant() + Duration.FromHours(2));
    }

    [Fact]
    public void Leap_day_and_february_28_occasions_share_february_28_in_common_years()
    {
        var occasions = new[] { new Occasion("leap", 2, 29, 1996, "Leap", "…"), new Occasion("feb28", 2, 28, 1990, "Feb 28", "…") };
        PostCalendar.On(new LocalDate(2027, 2, 28), occasions).Select(a => a.Occasion.Id).ShouldBe(["leap", "feb28"], ignoreOrder: true);
        PostCalendar.On(new LocalDate(2028, 2, 28), occasions).Select(a => a.Occasion.Id).ShouldBe(["feb28"]);
        PostCalendar.On(new LocalDate(2028, 2, 29), occasions).Select(a => a.Occasion.Id).ShouldBe(["leap"]);
    }

    [Fact]
    public void Every_day_of_a_year_in_three_zones_has_its_due_instant_at_the_local_post_time()
    {
        var occasions = AllDays();
        foreach (var id in new[] { "Asia/Phnom_Penh", "America/New_York", "Europe/London" })
        {
            var zone = Zone(id);
            var date = new LocalDate(2027, 3, 1);
            var seen = 0;
            while (date < new LocalDate(2028, 3, 1))
            {
                var next = PostCalendar.NextPosts(date, new LocalTime(9, 0), zone, occasions)!;
                next.Date.ShouldBe(date);
                next.Due.LocalDateTime.ShouldBe(date.At(new LocalTime(9, 0)));
                next.Anniversaries.Count.ShouldBe(1, $"{id} {date}");
                date = date.PlusDays(1);
                seen++;
            }

            seen.ShouldBe(366);
        }
    }

    [Fact]
    public void Delivery_keys_are_stable_short_and_distinct()
    {
        var key = DeliveryKey.For(42, "jan7", new LocalDate(2027, 1, 7));
        key.Length.ShouldBeLessThanOrEqualTo(25);
        key.ShouldBe(DeliveryKey.For(42, "jan7", new LocalDate(2027, 1, 7)));
        key.ShouldNotBe(DeliveryKey.For(43, "jan7", new LocalDate(2027, 1, 7)));
        key.ShouldNotBe(DeliveryKey.For(42, "jan7", new LocalDate(2028, 1, 7)));
        key.ShouldNotBe(DeliveryKey.For(42, "dec2", new LocalDate(2027, 1, 7)));
        key.ShouldMatch("^[0-9a-z]+$");
    }

    /// <summary>One occasion on every day of the year, February 29 included.</summary>
    public static IReadOnlyList<Occasion> AllDays() =>
        [.. Enumerable.Range(1, 12).SelectMany(m => Enumerable.Range(1, DateTime.DaysInMonth(2000, m)).Select(d =>
            new Occasion($"o{m:00}{d:00}", m, d, 1979, $"Day {m}/{d}", "An event."))) ];
}
