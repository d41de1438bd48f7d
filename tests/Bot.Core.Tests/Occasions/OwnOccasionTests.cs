using Bot.Core.Facts;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;
using NodaTime;
using Shouldly;

namespace Bot.Core.Tests.Occasions;

public sealed class OwnOccasionTests
{
    private static OwnOccasion Own(int month, int day, int? year, string title) => new($"own-{month}{day}", month, day, year, title, "Mod (u1)", Instant.FromUtc(2027, 1, 1, 0, 0));

    [Theory]
    [InlineData("03-14 2019 Founding of this server", 3, 14, 2019, "Founding of this server")]
    [InlineData("3-14 Founding of this server", 3, 14, null, "Founding of this server")]
    [InlineData("02-29 Leap day meetup", 2, 29, null, "Leap day meetup")]
    [InlineData("02-29 2024 Leap day meetup", 2, 29, 2024, "Leap day meetup")]
    [InlineData("12-31   1999    Party   like   it's 1999", 12, 31, 1999, "Party like it's 1999")]
    [InlineData("01/07 20000 people marched", 1, 7, null, "20000 people marched")]
    public void Own_occasion_input_parses_day_optional_year_and_title(string text, int month, int day, int? year, string title) =>
        OwnOccasionParser.Parse(text, 2027).Value.ShouldBe(new OwnOccasionInput(month, day, year, title));

    [Theory]
    [InlineData("02-30 Impossible", "02-30 is not a date: February has days 1 to 29.")]
    [InlineData("04-31 Impossible", "04-31 is not a date: April has days 1 to 30.")]
    [InlineData("00-10 Nothing", "00-10 is not a date: the month comes first, from 01 to 12 (MM-DD).")]
    [InlineData("14th March Founding", "'14th' is not a day: write the month, then the day, as MM-DD.")]
    [InlineData("03-14 2028 Future", "2028 cannot be the year of the event: give a year from 0001 to 2027, or none.")]
    [InlineData("03-14 ...", "Give a title after the day")]
    [InlineData("", "Give the day and a title")]
    public void Invalid_own_occasion_input_names_what_was_wrong(string text, string expected) =>
        OwnOccasionParser.Parse(text, 2027).Error.ShouldNotBeNull().ShouldStartWith(expected);

    [Fact]
    public void A_title_with_half_a_character_is_refused()
    {
        var broken = "03-14 Broken " + (char)0xD800 + " text";

        OwnOccasionParser.Parse(broken, 2027).Error.ShouldBe("The title has control characters or broken text; use plain text.");
    }

    [Fact]
    public void An_own_occasion_without_a_year_is_observed_every_year_without_an_ordinal()
    {
        var anniversary = Anniversary.In(Own(2, 29, null, "Leap day meetup").ToOccasion(), 2027).ShouldNotBeNull();

        anniversary.Date.ShouldBe(new LocalDate(2027, 2, 28));
        anniversary.Ordinal.ShouldBe("");
        PostRenderer.DefaultText(anniversary).ShouldBe("On this day: Leap day meetup.");
    }

    [Fact]
    public void An_own_occasion_with_a_year_is_posted_with_its_title_and_ordinal()
    {
        var anniversary = Anniversary.In(Own(3, 14, 2019, "Founding of this server").ToOccasion(), 2027).ShouldNotBeNull();

        var post = PostRenderer.Render(anniversary, []);

        post.Title.ShouldBe("March 14: Founding of this server");
        post.Text.ShouldBe("On this day in 2019: Founding of this server.\nToday marks the 8th anniversary.");
    }

    [Theory]
    [InlineData("January 7 victory", "The January 7th, 1979 victory saved the Cambodian People's lives.", true)]
    [InlineData("Victories of January", "The January 7th, 1979 victory saved the Cambodian People's lives.", true)]
    [InlineData("Founding of this server", "The Front was founded in 1978 as a political organisation.", false)]
    [InlineData("of the", "The Front was founded in 1978.", false)]
    public void An_own_occasion_quotes_a_sentence_only_when_it_carries_every_word_of_the_title(string title, string sentence, bool expected) =>
        OccasionFacts.Names(title, sentence).ShouldBe(expected);

    [Fact]
    public void Occasions_are_found_by_number_title_or_a_word_and_ambiguity_asks_for_the_number()
    {
        IReadOnlyList<Occasion> catalog =
        [
            new("jan7", 1, 7, 1979, "Victory Day, the fall of the Khmer Rouge regime", "…"),
            new("jun27", 6, 27, 2011, "Trial of Khmer Rouge leaders opens", "…"),
        ];
        var subscription = new Subscription { Platform = "telegram", ChannelId = "1", OwnOccasions = [Own(3, 14, 2019, "Founding of this server")] };
        var chat = ChatOccasions.For(catalog, subscription);

        chat.Find("3").Value!.Title.ShouldBe("Founding of this server");
        chat.Find("trial").Value!.Id.ShouldBe("jun27");
        chat.Find("founding of this server").Value!.Own.ShouldBeTrue();
        chat.Find("khmer rouge").Error.ShouldBe("'khmer rouge' is in 2 titles: 1. Victory Day, the fall of the Khmer Rouge regime; 2. Trial of Khmer Rouge leaders opens. Give the number.");
        chat.Find(((char)0xDC00).ToString()).Error.ShouldBe("Say which occasion: its number in /occasions or words of its title.");
        chat.Find("4").Error.ShouldBe("There is no occasion 4: /occasions numbers them from 1 to 3.");
        chat.Find("trial", ownOnly: true).Error.ShouldBe("None of this chat's own occasions has 'trial' in its title. /occasions lists them with their numbers.");
    }
}
