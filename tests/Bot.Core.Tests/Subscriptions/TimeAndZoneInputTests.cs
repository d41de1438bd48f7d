using Bot.Core.Subscriptions;
using NodaTime;
using Shouldly;

namespace Bot.Core.Tests.Subscriptions;

/// <summary>Times and zones as people type them.</summary>
public sealed class TimeAndZoneInputTests
{
    private static readonly Instant Summer = Instant.FromUtc(2027, 7, 1, 0, 0);

    [Theory]
    [InlineData("9am", 9, 0)]
    [InlineData("9 am", 9, 0)]
    [InlineData("9 a.m.", 9, 0)]
    [InlineData("9:30 pm", 21, 30)]
    [InlineData("9:30PM", 21, 30)]
    [InlineData("21h", 21, 0)]
    [InlineData("21h30", 21, 30)]
    [InlineData("21:00", 21, 0)]
    [InlineData("0900", 9, 0)]
    [InlineData("2359", 23, 59)]
    [InlineData("12am", 0, 0)]
    [InlineData("12:15 am", 0, 15)]
    [InlineData("12pm", 12, 0)]
    [InlineData("12:45pm", 12, 45)]
    [InlineData("11pm", 23, 0)]
    public void Times_in_the_forms_people_type_parse(string text, int hour, int minute) =>
        SubscriptionValidation.ParseTime(text).Value.ShouldBe(new LocalTime(hour, minute));

    [Theory]
    [InlineData("25:00", "the hour must be 0 to 23")]
    [InlineData("9:75", "the minutes must be 00 to 59")]
    [InlineData("13pm", "with am or pm the hour must be 1 to 12")]
    [InlineData("0am", "with am or pm the hour must be 1 to 12")]
    [InlineData("9", "needs minutes, am/pm or h")]
    [InlineData("banana", "is not a time of day")]
    public void Bad_times_get_one_line_naming_the_fault_and_the_accepted_forms(string text, string fault)
    {
        var error = SubscriptionValidation.ParseTime(text).Error!;
        error.ShouldContain($"'{text}'");
        error.ShouldContain(fault);
        error.ShouldEndWith(SubscriptionValidation.TimeForms);
        error.ShouldNotContain('\n');
    }

    [Theory]
    [InlineData("Phnom Penh", "Asia/Phnom_Penh")]
    [InlineData("phnom_penh", "Asia/Phnom_Penh")]
    [InlineData("Hanoi", "Asia/Ho_Chi_Minh")]
    [InlineData("Bangkok", "Asia/Bangkok")]
    [InlineData("new york", "America/New_York")]
    [InlineData("ASIA/PHNOM_PENH", "Asia/Phnom_Penh")]
    [InlineData("Saigon", "Asia/Ho_Chi_Minh")]
    [InlineData("Cambodia", "Asia/Phnom_Penh")]
    [InlineData("JST", "Asia/Tokyo")]
    public void Cities_ids_and_single_zone_names_read_as_their_zone(string text, string id) =>
        ZoneInput.Read(text).Zone!.Id.ShouldBe(id);

    [Theory]
    [InlineData("UTC+7", 7 * 60)]
    [InlineData("GMT+7", 7 * 60)]
    [InlineData("utc +7", 7 * 60)]
    [InlineData("+07:00", 7 * 60)]
    [InlineData("+0530", 5 * 60 + 30)]
    [InlineData("UTC-3:30", -(3 * 60 + 30))]
    [InlineData("GMT-5", -5 * 60)]
    [InlineData("UTC+14", 14 * 60)]
    public void Offsets_are_that_much_ahead_of_or_behind_utc(string text, int minutes)
    {
        var zone = ZoneInput.Read(text).Zone!;
        zone.GetUtcOffset(Summer).ShouldBe(Offset.FromSeconds(minutes * 60));
        // Stored by id and looked up again by the scheduler: the id must lead back to the same offset.
        DateTimeZoneProviders.Tzdb[zone.Id].GetUtcOffset(Summer).ShouldBe(zone.GetUtcOffset(Summer));
    }

    [Fact]
    public void Gmt_plus_seven_is_shown_in_the_normal_sign()
    {
        ZoneInput.Read("GMT+7").Zone!.Id.ShouldBe("UTC+07");
        ZoneInput.Read("UTC-3:30").Zone!.Id.ShouldBe("UTC-03:30");
    }

    [Fact]
    public void The_posix_etc_name_keeps_its_meaning_but_is_shown_in_the_normal_sign()
    {
        var zone = ZoneInput.Read("Etc/GMT+7").Zone!;
        zone.GetUtcOffset(Summer).ShouldBe(Offset.FromHours(-7));
        zone.Id.ShouldBe("UTC-07");
    }

    [Theory]
    [InlineData("IST", "Asia/Kolkata", "Europe/Dublin")]
    [InlineData("ict", "Asia/Phnom_Penh", "Asia/Bangkok")]
    [InlineData("CST", "America/Chicago", "Asia/Shanghai")]
    public void An_ambiguous_abbreviation_is_a_question_with_choices_never_a_guess(string text, string first, string second)
    {
        var reading = ZoneInput.Read(text);
        reading.Zone.ShouldBeNull();
        reading.Choices.ShouldContain(first);
        reading.Choices.ShouldContain(second);
        reading.Error!.ShouldContain("Which one?");
        reading.Error!.ShouldContain(first);
    }

    [Fact]
    public void A_city_in_several_zones_is_a_question()
    {
        var reading = ZoneInput.Read("United States");
        reading.Zone.ShouldBeNull();
        reading.Choices.ShouldContain("America/New_York");
    }

    [Theory]
    [InlineData("Bangkock", "Asia/Bangkok")]
    [InlineData("Phnom", "Asia/Phnom_Penh")]
    [InlineData("Mars/Base", null)]
    [InlineData("banana", null)]
    public void An_unknown_zone_is_refused_with_the_closest_names(string text, string? suggestion)
    {
        var reading = ZoneInput.Read(text);
        reading.Zone.ShouldBeNull();
        reading.Choices.ShouldBeEmpty();
        reading.Error!.ShouldContain($"'{text}' is not a time zone I know");
        reading.Error!.ShouldContain(ZoneInput.Forms);
        if (suggestion is not null)
        {
            reading.Error!.ShouldContain($"Did you mean {suggestion}");
        }
    }

    [Theory]
    [InlineData("UTC+15")]
    [InlineData("UTC-13")]
    [InlineData("+07:75")]
    public void Offsets_beyond_the_earths_range_are_refused(string text) =>
        ZoneInput.Read(text).Error!.ShouldContain("UTC offsets run from UTC-12 to UTC+14");

    [Fact]
    public void Every_name_in_the_zone_names_file_leads_to_tz_database_zones() =>
        ZoneInput.KnownNames.Values.SelectMany(ids => ids).ShouldAllBe(id => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) != null);

    [Fact]
    public void Autocomplete_offers_an_abbreviations_zones_first() =>
        ZoneInput.Suggest("ict", 3).ShouldBe(["Asia/Phnom_Penh", "Asia/Bangkok", "Asia/Ho_Chi_Minh"]);
}
