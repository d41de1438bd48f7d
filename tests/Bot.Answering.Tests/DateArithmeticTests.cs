using Bot.Answering.Vocabulary;
using Bot.Testing;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Answering.Tests;

/// <summary>Questions that compute with the calendar, over the made-up corpus (the bridge opened on May 3, 1999),
/// under a fake clock: the figure is computed from the dated fact, never copied from an article.</summary>
public sealed class DateArithmeticTests
{
    private static string Line(string question, DateTimeOffset today)
    {
        var pipeline = new QuestionPipeline(SmallCorpus.Index, SmallCorpus.Vocabulary, ShippedAnswering.Model, clock: new FakeTimeProvider(today));
        return pipeline.Run(question).Written.ShouldNotBeNull().Line;
    }

    private static readonly DateTimeOffset Mid2027 = new(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_anniversary_falling_in_a_year_is_counted_from_the_event()
    {
        Line("which anniversary of the bridge opening falls in 2030", Mid2027).ShouldStartWith("The 31st anniversary: 2030 is 31 years after May 3, 1999.");
    }

    [Fact]
    public void The_year_of_an_ordinal_anniversary_is_the_event_year_plus_the_ordinal()
    {
        Line("in what year is the 50th anniversary of the bridge opening", Mid2027).ShouldStartWith("2049: the 50th anniversary of May 3, 1999.");
    }

    [Fact]
    public void Years_ago_are_counted_to_the_bot_clock_today_not_copied_from_the_article()
    {
        Line("how many years ago was the bridge opened", Mid2027).ShouldStartWith("28 years: from May 3, 1999 to 2027.");
        Line("how many years ago was the bridge opened", Mid2027.AddYears(10)).ShouldStartWith("38 years: from May 3, 1999 to 2037.");
    }

    [Fact]
    public void Days_until_the_next_anniversary_cross_the_year_end()
    {
        Line("how many days until the anniversary of the bridge opening", new DateTimeOffset(2027, 5, 1, 0, 0, 0, TimeSpan.Zero)).ShouldStartWith("2 days:");
        Line("how many days until the anniversary of the bridge opening", new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero)).ShouldStartWith("124 days:");
    }

    [Fact]
    public void The_computed_line_quotes_the_fact_it_comes_from()
    {
        Line("which anniversary of the bridge opening falls in 2030", Mid2027).ShouldContain("May 3, 1999 by Mayor Ellen Park");
    }

    [Theory]
    [InlineData("which anniversary is it in 2031", DateAsk.WhichAnniversary)]
    [InlineData("which bridge anniversary is it in 2031", DateAsk.WhichAnniversary)]
    [InlineData("how many years since the opening", DateAsk.YearsSince)]
    [InlineData("how many days until the next one", DateAsk.DaysUntil)]
    public void The_reader_names_the_computation_asked_for(string question, DateAsk ask) =>
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read(question).DateAsk.ShouldBe(ask);

    [Fact]
    public void The_reader_takes_ordinals_written_as_words()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("what year is the centenary").Ordinal.ShouldBe(100);
    }
}
