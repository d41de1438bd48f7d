using Bot.Core.Facts;
using Shouldly;

namespace Bot.Core.Tests.Facts;

public sealed class ExtractionTests
{
    [Theory]
    [InlineData("The pivotal moment came on January 7, 1979, when troops arrived.", 1979, 1, 7)]
    [InlineData("It was held on 7 January 2024 in Phnom Penh.", 2024, 1, 7)]
    [InlineData("The trial opened on June 27, 2011.", 2011, 6, 27)]
    [InlineData("The report is dated 2026-01-07.", 2026, 1, 7)]
    [InlineData("The January 7th, 1979 victory saved lives.", 1979, 1, 7)]
    [InlineData("They met on Dec. 2, 2025.", 2025, 12, 2)]
    public void Full_dates_in_any_common_order(string sentence, int year, int month, int day) =>
        Extraction.Dates(sentence, null).ShouldContain(d => d.Kind == DateKind.FullDate && d.Year == year && d.Month == month && d.Day == day);

    [Theory]
    [InlineData("On January 5, a meeting took place in Hanoi.", 2014, 2014, 1, 5)]
    [InlineData("The statement was made on 5 January in Hanoi.", 2014, 2014, 1, 5)]
    [InlineData("On January 5, a meeting took place in Hanoi.", null, null, 1, 5)]
    [InlineData("The nation observes January 7 Victory Day.", 2024, null, 1, 7)]
    public void Month_and_day_take_the_document_year(string sentence, int? documentYear, int? year, int month, int day) =>
        Extraction.Dates(sentence, documentYear).ShouldContain(d => d.Kind == DateKind.MonthDay && d.Year == year && d.Month == month && d.Day == day);

    [Theory]
    [InlineData("The regime ruled Cambodia from 1975 to 1979.", 1975, 1979)]
    [InlineData("Reigning from 1975-1979, the regime killed millions.", 1975, 1979)]
    [InlineData("Soldiers served during the 1979–1989 period.", 1979, 1989)]
    [InlineData("Talks took place between 1991 and 1993.", 1991, 1993)]
    [InlineData("The victory (January 7, 1979-2014) was marked.", 1979, 2014)]
    public void Year_ranges(string sentence, int from, int to) =>
        Extraction.Dates(sentence, null).ShouldContain(d => d.Kind == DateKind.YearRange && d.Year == from && d.EndYear == to);

    [Theory]
    [InlineData("The policy began in the late 1990s.", 1997, 1999)]
    [InlineData("The policy began in the early 1990s.", 1990, 1993)]
    [InlineData("The policy began in the mid-1990s.", 1994, 1996)]
    [InlineData("The policy began in the 1990s.", 1990, 1999)]
    public void Decades_name_the_years_an_event_fell_in(string sentence, int from, int to) =>
        Extraction.Dates(sentence, null).ShouldContain(d => d.Kind == DateKind.Decade && d.Year == from && d.EndYear == to);

    [Theory]
    [InlineData("It killed people in only 3 years, 8 months and 20 days.", "3 years, 8 months and 20 days")]
    [InlineData("It killed people in only three years, eight months and 20 days.", "three years, eight months and 20 days")]
    [InlineData("Officials stayed for a decade to help.", "a decade")]
    public void Durations(string sentence, string text) =>
        Extraction.Dates(sentence, null).ShouldContain(d => d.Kind == DateKind.Duration && d.Text == text);

    [Theory]
    [InlineData("three years, eight months and 20 days", 44)]
    [InlineData("3 years, 8 months and 20 days", 44)]
    [InlineData("a decade", 120)]
    [InlineData("two years", 24)]
    public void A_duration_in_years_and_months_is_counted_in_whole_months(string duration, int months) =>
        Extraction.WholeMonths(duration).ShouldBe(months);

    [Theory]
    [InlineData("three years, eight months and 20 days", 3, 8, 20)]
    [InlineData("two decades", 20, 0, 0)]
    [InlineData("3 weeks", 0, 0, 21)]
    public void A_duration_is_read_as_years_months_and_days(string duration, int years, int months, int days) =>
        Extraction.LengthParts(duration).ShouldBe((years, months, days));

    [Fact]
    public void A_duration_in_days_alone_has_no_whole_months() =>
        Extraction.WholeMonths("20 days").ShouldBeNull();

    [Fact]
    public void A_duration_too_long_to_count_has_no_whole_months() =>
        Extraction.WholeMonths("3000000000 years").ShouldBeNull();

    [Fact]
    public void A_count_of_decades_too_long_to_count_is_no_number_of_years() =>
        Extraction.DecadesInYears("3000000000 decades").ShouldBeNull();

    [Theory]
    [InlineData("The nation observes Victory Day, a day that signifies the end of the war.")]
    [InlineData("They declared a year of mourning for the victims.")]
    public void An_article_and_a_unit_without_a_word_that_measures_time_are_not_a_duration(string sentence) =>
        Extraction.Dates(sentence, null).ShouldNotContain(d => d.Kind == DateKind.Duration);

    [Theory]
    [InlineData("At a ceremony marking the 47th anniversary of the Front’s establishment on December 2, 2025, he spoke.", 1978, 12, 2)]
    [InlineData("The 35th anniversary of the victory (January 7, 2014) was celebrated.", 1979, 1, 7)]
    [InlineData("The 35th anniversary of the historical victory (January 7, 1979 – January 7, 2014) was marked.", 1979, 1, 7)]
    [InlineData("The 35th anniversary of the joint victory (January 7, 1979-2014).", 1979, 1, 7)]
    public void Ordinal_anniversaries_give_the_origin_date(string sentence, int year, int month, int day) =>
        Extraction.Dates(sentence, null).ShouldContain(d => d.Kind == DateKind.AnniversaryOrigin && d.Year == year && d.Month == month && d.Day == day);

    [Fact]
    public void An_anniversary_span_is_not_read_as_the_anniversary_date() =>
        Extraction.Dates("The 35th anniversary of the victory (January 7, 1979 – January 7, 2014) was marked.", null)
            .ShouldNotContain(d => d.Kind == DateKind.AnniversaryOrigin && d.Year == 1944);

    [Theory]
    [InlineData("The town was founded 35 years ago by fishermen.", 2014, 1979)]
    [InlineData("Ten years ago the mill closed.", 2020, 2010)]
    public void Years_ago_are_counted_back_from_the_report_year(string sentence, int reportYear, int year) =>
        Extraction.Dates(sentence, reportYear).ShouldContain(d => d.Kind == DateKind.RelativeYear && d.Year == year);

    [Fact]
    public void Years_ago_without_a_report_year_give_no_date() =>
        Extraction.Dates("The town was founded 35 years ago.", null).ShouldNotContain(d => d.Kind == DateKind.RelativeYear);

    [Fact]
    public void An_undated_ordinal_anniversary_is_counted_back_from_the_report_year() =>
        Extraction.Dates("The nation observes the 45th anniversary of March 3 Harbour Day.", 2024)
            .ShouldContain(d => d.Kind == DateKind.AnniversaryOrigin && d.Year == 1979 && d.Month == 3 && d.Day == 3);

    [Theory]
    [InlineData("He had hoped they would stand together in 2019 to mark the 50th anniversary of the landing.", 2012, 1969)]
    [InlineData("In 2030, the 25th anniversary of the bridge will be marked with a parade.", 2024, 2005)]
    public void An_ordinal_anniversary_after_in_and_a_year_counts_back_from_that_year(string sentence, int reportYear, int origin) =>
        Extraction.Dates(sentence, reportYear).ShouldContain(d => d.Kind == DateKind.AnniversaryOrigin && d.Year == origin);

    [Fact]
    public void A_year_after_an_ordinal_anniversary_does_not_replace_the_report_year() =>
        Extraction.Dates("The 35th anniversary of the victory in 1979 was marked.", 2014)
            .ShouldContain(d => d.Kind == DateKind.AnniversaryOrigin && d.Year == 1979);

    [Fact]
    public void Weekdays_are_dates_too() =>
        Extraction.Dates("A ceremony opened in HCM city on Tuesday.", null).ShouldContain(d => d.Kind == DateKind.Weekday && d.Text == "Tuesday");

    [Theory]
    [InlineData("The genocidal regime killed nearly 3 million Cambodians.", "nearly 3 million Cambodians", 3e6, 3e6)]
    [InlineData("It led to the death of an estimated 2 to 3 million Cambodians from starvation.", "an estimated 2 to 3 million Cambodians", 2e6, 3e6)]
    [InlineData("About 10,000 Cambodian people attend the ceremony.", "About 10,000 Cambodian people", 1e4, 1e4)]
    [InlineData("It killed more than three million innocent people during its rule.", "more than three million innocent people", 3e6, 3e6)]
    [InlineData("The Senate President allocated $4.8 million from the fund.", "$4.8 million", 4.8e6, 4.8e6)]
    [InlineData("The victory helped rescue around five million Cambodians.", "around five million Cambodians", 5e6, 5e6)]
    public void Quantities_with_modifiers_ranges_and_what_they_count(string sentence, string text, double low, double high)
    {
        var quantity = Extraction.Quantities(sentence).ShouldHaveSingleItem();
        quantity.Text.ShouldStartWith(text);
        quantity.Low.ShouldBe(low);
        quantity.High.ShouldBe(high);
    }

    [Fact]
    public void Fractions_are_quantities() =>
        Extraction.Quantities("It killed 2 to 3 million Cambodians, nearly a quarter of the country's population.")
            .ShouldContain(q => q.IsFraction && q.Low == 0.25);

    [Theory]
    [InlineData("The victory came on January 7, 1979.")]
    [InlineData("Political commissar of Military Zone 7 spoke.")]
    [InlineData("The 35th anniversary was marked in 2014.")]
    [InlineData("It was a joint victory of the two people’s in their protection of sovereignty.")]
    public void Dates_years_labels_and_ordinals_are_not_quantities(string sentence) =>
        Extraction.Quantities(sentence).ShouldBeEmpty();
}
