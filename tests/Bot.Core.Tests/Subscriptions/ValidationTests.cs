using Bot.Core.Occasions;
using Bot.Core.Subscriptions;
using NodaTime;
using Shouldly;

namespace Bot.Core.Tests.Subscriptions;

public sealed class ValidationTests
{
    private static readonly Occasion[] Known =
    [
        new("jan7", 1, 7, 1979, "Victory Day", "…"),
        new("dec2", 12, 2, 1978, "Founding of the Front", "…"),
    ];

    [Theory]
    [InlineData("09:00", 9, 0)]
    [InlineData("9:05", 9, 5)]
    [InlineData("23:59", 23, 59)]
    [InlineData("00:00", 0, 0)]
    public void Valid_times_parse(string text, int hour, int minute) =>
        SubscriptionValidation.ParseTime(text).Value.ShouldBe(new LocalTime(hour, minute));

    [Theory]
    [InlineData("25:61")]
    [InlineData("24:00")]
    [InlineData("9")]
    [InlineData("nine")]
    [InlineData("")]
    public void Invalid_times_say_what_is_valid(string text)
    {
        var result = SubscriptionValidation.ParseTime(text);
        result.Ok.ShouldBeFalse();
        result.Error!.ShouldContain(SubscriptionValidation.TimeForms);
    }

    [Fact]
    public void Unknown_zone_says_what_is_valid()
    {
        var result = SubscriptionValidation.ParseZone("Mars/Base");
        result.Ok.ShouldBeFalse();
        result.Error!.ShouldContain("'Mars/Base' is not a time zone");
        result.Error!.ShouldContain("Asia/Bangkok");
    }

    [Theory]
    [InlineData("asia/phnom_penh", "Asia/Phnom_Penh")]
    [InlineData("Pacific/Kiritimati", "Pacific/Kiritimati")]
    [InlineData("America/St_Johns", "America/St_Johns")]
    [InlineData("Asia/Kathmandu", "Asia/Kathmandu")]
    public void Zones_match_without_regard_to_case(string text, string id) =>
        SubscriptionValidation.ParseZone(text).Value!.Id.ShouldBe(id);

    [Fact]
    public void Zone_suggestions_for_autocomplete()
    {
        ZoneInput.Suggest("Phnom", 5).ShouldContain("Asia/Phnom_Penh");
        ZoneInput.Suggest("America/New", 5).ShouldContain("America/New_York");
        ZoneInput.Suggest("", 3).Count.ShouldBe(3);
    }

    [Fact]
    public void Occasion_choices_parse_and_unknown_ones_list_the_valid()
    {
        SubscriptionValidation.ParseOccasions("all", Known).Value.ShouldBe(OccasionSelection.All);
        SubscriptionValidation.ParseOccasions("jan7", Known).Value.ShouldBe(OccasionSelection.VictoryDay);
        SubscriptionValidation.ParseOccasions("primary", Known).Value.ShouldBe(OccasionSelection.Primary);
        SubscriptionValidation.ParseOccasions("2, 1", Known).Value!.Ids.ShouldBe(["dec2", "jan7"]);
        SubscriptionValidation.ParseOccasions("dec2, JAN7", Known).Value!.Ids.ShouldBe(["dec2", "jan7"]);
        var error = SubscriptionValidation.ParseOccasions("2 pol-pot-day", Known).Error!;
        error.ShouldContain("'pol-pot-day' is not an occasion here");
        error.ShouldContain("all, primary (the main occasions), or numbers from 1 to 2 as /occasions lists them");
        error.ShouldNotContain("dec2");
        error.ShouldNotContain("jan7");
    }

    [Fact]
    public void Roles_accept_ids_and_mentions_never_everyone()
    {
        SubscriptionValidation.ParseRole("<@&123456>").Value.ShouldBe("123456");
        SubscriptionValidation.ParseRole("none").Value.ShouldBeNull();
        SubscriptionValidation.ParseRole("@everyone").Ok.ShouldBeFalse();
    }

    [Fact]
    public void Selections_round_trip_through_storage_form()
    {
        foreach (var selection in new[] { OccasionSelection.All, OccasionSelection.VictoryDay, new OccasionSelection(OccasionMode.List, ["dec2", "jun27"]) })
        {
            OccasionSelection.Deserialize(selection.Serialize()).ShouldBe(selection);
        }
    }
}
