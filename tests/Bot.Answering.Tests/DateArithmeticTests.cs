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

    /// <summary>The question path over one made-up document, under the fake clock at <see cref="Mid2027"/>.</summary>
    private static QuestionPipeline Over(string text) => new(
        QuestionPipelineFactory.Index([Core.Facts.DocumentParser.Parse(new Core.Facts.DocumentText("made-up.txt", text))], SmallCorpus.Vocabulary),
        SmallCorpus.Vocabulary,
        ShippedAnswering.Model,
        clock: new FakeTimeProvider(Mid2027));

    /// <summary>A report of the bridge's 25th anniversary, with the opening day or another body.</summary>
    private static QuestionPipeline Marked(string body = "The bridge opened on May 3, 1999.") =>
        Over($"Riverton celebrates its bridge\n\nRiverton, May 3, 2024 - Crowds marked the 25th anniversary of the bridge with fireworks.\n\n{body}\n");

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
        Line("how many years ago was the bridge opened", Mid2027).ShouldStartWith("28 years: from May 3, 1999 to today, June 1, 2027");
        Line("how many years ago was the bridge opened", Mid2027.AddYears(10)).ShouldStartWith("38 years: from May 3, 1999 to today, June 1, 2037");
    }

    [Fact]
    public void Years_ago_are_whole_years_until_the_anniversary_comes_round()
    {
        Line("how many years ago was the bridge opened", new DateTimeOffset(2027, 5, 2, 0, 0, 0, TimeSpan.Zero))
            .ShouldStartWith("27 years: from May 3, 1999 to today, May 2, 2027 (the 28th anniversary is on May 3, 2027)");
    }

    [Fact]
    public void Years_to_a_year_the_question_names_are_counted_to_that_year()
    {
        Line("in 2040, how many years had it been since the bridge opened", Mid2027).ShouldStartWith("41 years: from May 3, 1999 to 2040.");
    }

    [Theory]
    [InlineData("how many years between the bridge opening and the tunnel plans")]
    [InlineData("how many years after the bridge opened were the tunnel plans presented")]
    public void Years_between_two_events_are_counted_between_their_dates(string question)
    {
        Line(question, Mid2027).ShouldStartWith("21 years: from May 3, 1999 to June 1, 2020.");
    }

    [Theory]
    [InlineData("how many years from now is the 50th anniversary of the bridge opening", "22 years: the 50th anniversary of May 3, 1999 is on May 3, 2049.")]
    [InlineData("how many years until the centenary of the bridge opening", "72 years: the 100th anniversary of May 3, 1999 is on May 3, 2099.")]
    [InlineData("how many years ago was the 25th of the bridge opening", "3 years ago: the 25th anniversary of May 3, 1999 was on May 3, 2024.")]
    public void Years_to_an_anniversary_named_by_number_are_counted_from_today_either_way(string question, string line)
    {
        Line(question, Mid2027).ShouldStartWith(line);
    }

    [Theory]
    [InlineData("what day of the week was the bridge opened", "May 3, 1999 fell on Monday.")]
    [InlineData("which day of the week is the anniversary of the bridge opening in 2030", "May 3, 2030 (the 31st anniversary of May 3, 1999) falls on Friday.")]
    [InlineData("what day of the week was the 25th anniversary of the bridge opening", "May 3, 2024 (the 25th anniversary of May 3, 1999) fell on Friday.")]
    public void The_day_of_the_week_is_computed_from_the_calendar(string question, string line)
    {
        Line(question, Mid2027).ShouldStartWith(line);
    }

    [Theory]
    [InlineData("what day of the week is the next anniversary of the bridge opening", "May 3, 2028 (the 29th anniversary of May 3, 1999) falls on Wednesday.")]
    [InlineData("what day of the week is the bridge opening anniversary this year", "May 3, 2027 (the 28th anniversary of May 3, 1999) fell on Monday.")]
    public void The_next_anniversary_is_next_year_once_this_years_has_passed(string question, string line)
    {
        Line(question, Mid2027).ShouldStartWith(line);
    }

    [Fact]
    public void How_long_from_one_dated_event_to_another_is_the_days_between_them()
    {
        var voyage = """
            The voyage

            The rocket lifted off on July 16, 1969, from the coast.
            The crew splashed down in the ocean on July 24, 1969.
            """;
        Over(voyage).Run("how long was the voyage from liftoff to splashdown").Written.ShouldNotBeNull().Line.ShouldStartWith("8 days: from July 16, 1969 to July 24, 1969.");
    }

    [Fact]
    public void An_anniversary_event_dated_by_its_own_years_report_is_counted_from_that_date_not_as_an_origin()
    {
        var concert = """
            Riverton remembers the flood

            Riverton, May 5, 2024 - On May 4, a concert to mark the 25th anniversary of the flood was held in the park.
            """;
        Over(concert).Run("how many years ago was the 25th anniversary concert in the park").Written.ShouldNotBeNull().Line.ShouldStartWith("3 years: from May 4, 2024");
    }

    [Fact]
    public void A_misspelt_event_word_dates_the_event_the_corpus_word_names()
    {
        var mayor = """
            The old mayor

            Born on March 2, 1950, in Riverton, Park studied law in the city.
            Mayor Ellen Park opened the bridge on May 3, 1999.
            """;
        Over(mayor).Run("how old was ellen parkk when she opened the bridge").Written.ShouldNotBeNull().Line.ShouldStartWith("49 years: from March 2, 1950 to May 3, 1999.");
    }

    [Fact]
    public void An_age_at_an_anniversary_is_counted_from_the_birth_to_that_anniversary()
    {
        var pipeline = Marked("The bridge opened on May 3, 1999.\nEllen Park was born on March 2, 1950, in Riverton.");
        pipeline.Run("how old was ellen park at the 25th anniversary").Written.ShouldNotBeNull().Line
            .ShouldStartWith("74 years: from March 2, 1950 to the 25th anniversary of May 3, 1999, May 3, 2024.");
    }

    [Fact]
    public void An_age_at_an_anniversary_is_not_computed_without_a_birth()
    {
        var pipeline = Marked();
        pipeline.Run("how old was ellen park at the 25th anniversary").Written?.Computed.ShouldNotBe(true);
    }

    [Fact]
    public void An_event_is_dated_by_a_sentence_of_an_article_whose_title_names_it()
    {
        var ferry = """
            Ferry 12 turns fifty

            The boat was launched on May 1, 1960, at the river yard.
            Crowds watched from both banks.
            """;
        Over(ferry).Run("when was ferry 12 launched").Written.ShouldNotBeNull().Line.ShouldStartWith("May 1, 1960.");
    }

    [Fact]
    public void An_event_is_not_dated_by_a_sentence_naming_another_of_its_name_and_number()
    {
        var ferries = """
            The ferries of Riverton

            Ferry 2 was launched in 1950 from the same yard as the others.
            Ferry 12 was launched on May 1, 1960, and still sails.
            """;
        Over(ferries).Run("when was ferry 12 launched from the yard").Written.ShouldNotBeNull().Line.ShouldStartWith("May 1, 1960.");
    }

    [Fact]
    public void An_anniversary_named_by_number_is_not_dated_by_that_anniversary_of_another_event()
    {
        var two = """
            Riverton's two jubilees

            Riverton, May 3, 2024 - In an article published on the occasion of the 25th anniversary of the bridge, the paper praised its builders.
            At a ceremony marking the 25th anniversary of the Riverton Guild's founding on March 1, 2020, the mayor spoke of the bridge.
            """;
        Over(two).Run("how many years ago was the 25th anniversary of the bridge marked").Written.ShouldNotBeNull().Line.ShouldStartWith("3 years: from May 3, 2024");
    }

    [Fact]
    public void How_long_something_took_is_the_duration_the_documents_state()
    {
        Line("how long did the building of the bridge last", Mid2027).ShouldStartWith("Four years.");
    }

    [Fact]
    public void A_duration_that_measures_time_since_a_moment_is_not_how_long_something_lasted()
    {
        var reunion = """
            Ferry crew meets again

            Riverton, June 1, 2030 - Three decades after their last crossing, the ferry crew met again at the old pier.

            The ferry ran across the river from 1950 to 1999.
            """;
        var pipeline = Over(reunion);
        pipeline.Run("how long did the ferry crossing last").Written.ShouldNotBeNull().Line.ShouldStartWith("49 years: 1950 to 1999.");
    }

    [Fact]
    public void A_length_stated_beside_a_range_of_years_is_how_long_rather_than_the_range()
    {
        var strike = """
            The long strike

            Running from 1983-1985, the miners' strike shut every pit in the valley, and the men stayed out for one year, eleven months and 3 days.
            The miners' strike ended in 1985.
            """;
        Over(strike).Run("how long did the miners strike last").Written.ShouldNotBeNull().Line.ShouldStartWith("One year, eleven months and 3 days.");
    }

    [Fact]
    public void A_length_stated_in_a_sentence_ranked_low_for_the_event_is_how_long_rather_than_a_range()
    {
        var strike = """
            The long strike

            The strike ran from 1983 to 1985.
            The strike closed 12 pits in March 1984.
            The strike split 40 villages in April 1984.
            The strike cost 2 million pounds in May 1984.
            The strike drew 300 police officers in June 1984.
            The strike left 6 men in prison in July 1984.
            The strike had 5 leaders in August 1984.
            The strike shut 3 steelworks in September 1984.
            The strike moved 7 choirs to sing in October 1984.
            The strike closed 4 schools in November 1984.
            The strike filled 9 newspapers in December 1984.
            The strike brought 20 marches in January 1985.
            The strike closed 8 shops in February 1985.
            The strike cut 11 bus routes in March 1985.
            The strike kept 14 trains idle in April 1985.
            The strike sent 30 pickets south in May 1985.
            The strike moved 2 bishops to speak in June 1985.
            The strike filled 6 halls in July 1985.
            Across the valley, in every village hall and chapel, families kept soup kitchens going, and the miners held the strike for one year, eleven months and 3 days, until the union voted to return.
            """;
        Over(strike).Run("how long did the strike last").Written.ShouldNotBeNull().Line.ShouldStartWith("One year, eleven months and 3 days.");
    }

    [Theory]
    [InlineData("between which years did the ferry run")]
    [InlineData("what years was the ferry in service")]
    public void The_years_something_spanned_are_the_range_the_documents_give(string question)
    {
        var ferry = """
            The ferry of Riverton

            The ferry opened on May 3, 1950, with a brass band on the pier.
            The ferry ran across the river from 1950 to 1999.
            """;
        Over(ferry).Run(question).Written.ShouldNotBeNull().Line.ShouldStartWith("1950 to 1999.");
    }

    [Fact]
    public void How_long_something_lasted_is_found_in_a_range_the_question_ranks_low()
    {
        var ferry = """
            The ferry of Riverton

            The ferry carried 300 passengers on busy days.
            The ferry cost 5 cents a ride.
            The ferry had 12 benches and 2 decks.
            The ferry crew of 8 wore blue caps.
            The ferry made 20 crossings a day.
            The ferry sank 3 times in storms.
            The ferry's bell weighed 40 pounds.
            The ferry ran across the river from 1950 to 1999.
            """;
        Over(ferry).Run("how long did the ferry last").Written.ShouldNotBeNull().Line.ShouldStartWith("49 years: 1950 to 1999.");
    }

    [Fact]
    public void Coming_to_power_is_the_start_of_the_years_someone_ruled()
    {
        var mayor = """
            Riverton's long-serving mayor

            The mayor came to the town hall on January 7, 2001, to open the new library.
            The old mayor ruled Riverton from 1985 to 2005.
            """;
        Over(mayor).Run("how many years ago did the old mayor come to power").Written.ShouldNotBeNull().Line.ShouldStartWith("42 years: from 1985");
    }

    [Fact]
    public void An_anniversary_of_another_event_does_not_date_the_event_asked_about()
    {
        var pipeline = Over("""
            Riverton's busy weekend

            Riverton, May 3, 2024 - Crowds marked the 25th anniversary of the bridge with fireworks, music, food stalls and a long parade through the old town, in which the rowing club also took part.

            The rowing club was founded on June 9, 1980, by four students.
            """);
        pipeline.Run("how many days until the anniversary of the rowing club").Written.ShouldNotBeNull().Line.ShouldStartWith("8 days: the 47th anniversary of June 9, 1980 is on June 9, 2027.");
    }

    [Fact]
    public void A_day_of_the_week_is_dated_from_the_report_it_stands_in()
    {
        var pipeline = Over("Riverton mourns its ferryman\n\nRiverton, May 3, 2024 - The old ferryman of Riverton died on Wednesday at his home by the river.\n");
        pipeline.Run("when did the old ferryman die").Written.ShouldNotBeNull().Line.ShouldStartWith("May 1, 2024.");
    }

    [Fact]
    public void Years_since_an_event_dated_by_part_of_a_decade_are_given_as_a_span()
    {
        var pipeline = Marked("The ferry service, started by the mayor in the late 1990s, still runs every hour.");
        pipeline.Run("how many years ago did the mayor start the ferry service").Written.ShouldNotBeNull().Line.ShouldStartWith("28 to 30 years: from the late 1990s to today");
    }

    [Fact]
    public void A_decade_is_when_something_happened_not_how_long_it_lasted()
    {
        var pipeline = Marked("The ferry service was started by the mayor in the 1990s.");
        pipeline.Run("how long did the ferry service last").Written?.Line.ShouldNotStartWith("9 years");
    }

    [Fact]
    public void How_old_something_is_counts_from_its_founding()
    {
        var pipeline = Marked("The rowing club was founded on June 9, 1980, by four students.");
        pipeline.Run("how old is the rowing club").Written.ShouldNotBeNull().Line.ShouldStartWith("46 years: from June 9, 1980 to today");
    }

    [Fact]
    public void How_old_something_is_finds_its_founding_among_many_sentences_that_name_it()
    {
        var races = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"The Riverton rowing and sailing club held race number {i} on the river."));
        var pipeline = Over($"Riverton rowing and sailing club\n\n{races}\n\nMembers recalled the club's establishment on June 9, 1980.\n");
        pipeline.Run("how old is the riverton rowing and sailing club").Written.ShouldNotBeNull().Line.ShouldStartWith("46 years: from June 9, 1980 to today");
    }

    [Fact]
    public void How_old_someone_is_never_counts_from_what_they_founded()
    {
        var pipeline = Marked("The rowing club was founded by the mayor on June 9, 1980.");
        pipeline.Run("how old is the mayor").Written.ShouldNotBeNull().Computed.ShouldBeFalse();
    }

    [Fact]
    public void How_old_someone_was_at_an_event_is_the_whole_years_from_the_birth_to_the_event()
    {
        var pipeline = Marked("Born on June 2, 1950, in Riverton, the mayor studied engineering.\n\nThe mayor opened the bridge on May 3, 1999.");
        pipeline.Run("how old was the mayor when he opened the bridge").Written.ShouldNotBeNull().Line.ShouldStartWith("48 years: from June 2, 1950 to May 3, 1999.");
    }

    [Fact]
    public void The_span_an_anniversary_counts_is_not_how_long_something_lasted()
    {
        var pipeline = Over("""
            Ferry remembered

            Riverton, June 1, 2024 - Crowds marked the 25th anniversary of the ferry's last run (1999-2024), and the ferry crew came to the pier where the ferry run ended.

            Boats crossed the river from 1950 to 1999, and one of them was the ferry.
            """);
        pipeline.Run("how long did the ferry run").Written.ShouldNotBeNull().Line.ShouldStartWith("49 years: 1950 to 1999.");
    }

    [Fact]
    public void An_anniversary_asked_by_number_is_not_dated_by_a_sentence_about_another()
    {
        var pipeline = Marked("The 20th anniversary ceremony of the bridge was held on May 4, 2019, in the rain.");
        pipeline.Run("how many years ago did the 10th anniversary ceremony of the bridge take place").Written.ShouldNotBeNull().Line.ShouldStartWith("18 years: from 2009");
    }

    [Fact]
    public void Coming_home_is_leaving()
    {
        var pipeline = Marked("The engineers came to Riverton on May 3, 1999, for the opening.\n\nThe engineers withdrew from Riverton in 2005.");
        pipeline.Run("in what year did the engineers come home").Written.ShouldNotBeNull().Line.ShouldStartWith("2005.");
    }

    [Fact]
    public void What_started_places_the_date_not_the_word_start()
    {
        var pipeline = Over("""
            Riverton news

            The ferry is painted green. The ferry has a bell. The ferry crew wear caps.

            Crowds joined the celebration of the rowing club's establishment on June 9, 1980, at the pier.

            On May 5, 1950, the ferry made its first crossing of the river.
            """);
        pipeline.Run("when did the ferry start").Written.ShouldNotBeNull().Line.ShouldStartWith("May 5, 1950.");
    }

    [Fact]
    public void Taking_over_is_the_start_of_the_years_someone_ruled()
    {
        var pipeline = Marked("The council came to the bridge on May 3, 1999, for the opening.\n\nThe council ruled Riverton from 1985 to 2005.");
        pipeline.Run("in which year did the council take over").Written.ShouldNotBeNull().Line.ShouldStartWith("1985.");
    }

    [Fact]
    public void How_many_years_something_went_on_after_an_event_dated_the_same_year_is_how_long_it_lasted()
    {
        var pipeline = Marked("The bridge opened on May 3, 1999.\n\nAfter the opening in 1999, the engineers helped Riverton for two decades.");
        pipeline.Run("how many years did the engineers help riverton after the opening").Written.ShouldNotBeNull().Line.ShouldStartWith("20 years (two decades).");
    }

    [Fact]
    public void A_duration_in_decades_is_given_in_years()
    {
        var pipeline = Marked("After the opening, the engineers stayed in Riverton for two decades to look after the bridge.");
        pipeline.Run("how many years did the engineers stay in riverton").Written.ShouldNotBeNull().Line.ShouldStartWith("20 years (two decades).");
    }

    [Fact]
    public void A_when_question_is_answered_with_the_date_nearest_its_words()
    {
        Line("when was the bridge opened", Mid2027).ShouldStartWith("May 3, 1999.");
    }

    [Fact]
    public void A_question_that_names_no_event_counts_from_the_anniversary_the_documents_mark_most()
    {
        Marked("The mayor thanked the builders.").Run("which anniversary is it this year").Written.ShouldNotBeNull().Line.ShouldStartWith("The 28th anniversary: 2027 is 28 years after 1999.");
    }

    [Fact]
    public void Days_until_the_next_one_count_to_the_day_of_the_anniversary_the_documents_mark_most()
    {
        Marked().Run("how many days until the next one").Written.ShouldNotBeNull().Line.ShouldStartWith("337 days: the 29th anniversary of May 3, 1999 is on May 3, 2028.");
    }

    [Theory]
    [InlineData("Riverton, May 3, 2024 - The old ferry ran across the river from 1950 to 1999.")]
    [InlineData("2024-05-03 RIVERTON – The old ferry ran across the river from 1950 to 1999.")]
    public void A_dateline_dates_the_report_not_the_event_in_its_sentence(string sentence)
    {
        var pipeline = Over($"Ferry history\n\n{sentence}\n");
        pipeline.Run("how many years ago did the old ferry end").Written.ShouldNotBeNull().Line.ShouldStartWith("28 years: from 1999");
    }

    [Fact]
    public void When_an_anniversary_named_by_number_falls_is_counted_from_the_origin_when_no_report_dates_it()
    {
        Marked().Run("the 25th was in 2024, so when is the 60th").Written.ShouldNotBeNull().Line.ShouldStartWith("May 3, 2059: the 60th anniversary of May 3, 1999.");
    }

    [Fact]
    public void An_anniversary_named_by_number_that_no_report_dates_is_counted_from_the_anniversary_the_documents_mark_most()
    {
        Marked().Run("the 25th was marked in 2024, how many more years until the 50th").Written.ShouldNotBeNull().Line.ShouldStartWith("25 years: from May 3, 2024 to May 3, 2049.");
    }

    [Fact]
    public void An_event_named_by_its_day_is_dated_by_that_day_not_by_another_date_near_the_words()
    {
        var pipeline = Marked("The bridge opened on May 3, 1999.\n\nOn May 5, 2010, a number of bridge lanes were going to be closed for the anniversary.");
        pipeline.Run("what number anniversary is may 3 going to be in 2030").Written.ShouldNotBeNull().Line.ShouldStartWith("The 31st anniversary: 2030 is 31 years after May 3, 1999.");
    }

    [Fact]
    public void A_count_after_a_word_that_says_an_anniversary_arrives_names_that_anniversary()
    {
        Line("in which year will the bridge opening turn 100", Mid2027).ShouldStartWith("2099: the 100th anniversary of May 3, 1999.");
    }

    [Fact]
    public void What_year_without_an_anniversary_number_is_answered_as_when()
    {
        Line("what year was the bridge opened", Mid2027).ShouldStartWith("May 3, 1999.");
    }

    [Fact]
    public void A_range_word_the_documents_never_use_does_not_count_against_a_computed_line()
    {
        var ferry = """
            Ferry history

            The old ferry ran across the river from 1950 to 1999.

            Visitors still ask about the ferry.
            """;
        var run = Over(ferry).Run("years since the ferry was forced out");
        run.Written.ShouldNotBeNull().Line.ShouldStartWith("28 years: from 1999");
        var features = run.DecisionFeatures.ShouldNotBeNull();
        features[Array.IndexOf(Decision.DecisionFeatures.Names, "unknown_focus_share")].ShouldBe(0);
        features[Array.IndexOf(Decision.DecisionFeatures.Names, "top_focus_coverage")].ShouldBe(1);
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
    [InlineData("how many years between the opening and the plans", DateAsk.YearsBetween)]
    [InlineData("how long did the building take", DateAsk.HowLong)]
    [InlineData("between which years did the ferry run", DateAsk.Span)]
    [InlineData("what year is the 60th", DateAsk.YearOf)]
    [InlineData("when is the 60th anniversary of the opening", DateAsk.YearOf)]
    [InlineData("years since the opening", DateAsk.YearsSince)]
    [InlineData("the bridge anniversary is tomorrow, which one is it", DateAsk.WhichAnniversary)]
    [InlineData("what age would the mayor be turning today", DateAsk.Age)]
    [InlineData("how many days til the next one", DateAsk.DaysUntil)]
    [InlineData("how many days do i have to wait for the next one", DateAsk.DaysUntil)]
    [InlineData("what is the date of the next bridge anniversary", DateAsk.YearOf)]
    [InlineData("how many years separate the opening and the plans", DateAsk.YearsBetween)]
    public void The_reader_names_the_computation_asked_for(string question, DateAsk ask) =>
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read(question).DateAsk.ShouldBe(ask);

    [Theory]
    [InlineData("which anniversery of the bridge opening falls in 2030", DateAsk.WhichAnniversary)]
    [InlineData("how many days untill the next one", DateAsk.DaysUntil)]
    public void A_misspelt_word_of_the_vocabulary_is_read_as_that_word(string question, DateAsk ask) =>
        new Reading.QuestionReader(SmallCorpus.Vocabulary, SmallCorpus.Index.HasWord).Read(question).DateAsk.ShouldBe(ask);

    [Fact]
    public void A_word_the_documents_hold_is_not_taken_for_a_misspelling_of_the_vocabulary()
    {
        var pipeline = Over("The stones of Riverton\n\nThe marker stone has stood by the river since 1950.\n");
        new Reading.QuestionReader(SmallCorpus.Vocabulary, pipeline.Index.HasWord).Read("where is the marker stone").Words.ShouldContain("marker");
    }

    [Theory]
    [InlineData("how many years between the bridge opening and the tunnel plans", "the bridge opening", "the tunnel plans")]
    [InlineData("how many years after the bridge opened were the tunnel plans presented", "the bridge opened", "the tunnel plans presented")]
    [InlineData("counting from the bridge opening, how many years until the tunnel plans", "the bridge opening", "the tunnel plans")]
    [InlineData("how many years between the mayor and the engineer dying", "the mayor dying", "the engineer dying")]
    [InlineData("how many years from the bridge opening to the tunnel plans", "the bridge opening", "the tunnel plans")]
    [InlineData("how many years from when the bridge opened to the tunnel plans", "the bridge opened", "the tunnel plans")]
    public void The_reader_splits_a_question_into_the_two_events_it_names(string question, string first, string second) =>
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read(question).Events.ShouldBe([first, second]);

    [Theory]
    [InlineData("what year will be the 75th anniversary of the town's liberation from the occupation", "will be the 75th anniversary of the town liberation from the occupation")]
    [InlineData("which anniversary of the rescue from the flood is it in 2030", "of the rescue from the flood is it in 2030")]
    public void A_computation_of_one_event_takes_all_of_the_question_but_its_cue(string question, string only) =>
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read(question).Events.ShouldBe([only]);

    [Fact]
    public void The_day_of_an_event_held_for_a_numbered_anniversary_is_its_own_date_not_that_anniversary_of_it()
    {
        var concert = """
            Riverton remembers

            The bridge opened on May 3, 1999.
            On May 1, 2024, a riverside concert marked the 25th anniversary of the bridge.
            """;
        Over(concert).Run("what day was the riverside concert for the 25th anniversary held").Written.ShouldNotBeNull().Line.ShouldStartWith("May 1, 2024.");
    }

    private const string MayorsTown = """
        The mayor's town

        Under Mayor Hobbs, the council ran Riverton from 1960 to 1972.
        Mayor Hobbs opened the town hall on May 3, 1961.
        """;

    [Fact]
    public void A_death_is_not_dated_by_the_years_someone_held_power()
    {
        Over(MayorsTown).Run("when did mayor hobbs die").Written.ShouldNotBeNull().Computed.ShouldBeFalse();
    }

    [Fact]
    public void A_birth_is_not_dated_by_a_sentence_that_says_nobody_was_born()
    {
        Over(MayorsTown).Run("when was mayor hobbs born").Written.ShouldNotBeNull().Computed.ShouldBeFalse();
    }

    [Fact]
    public void A_birthday_is_not_dated_by_a_sentence_that_says_nobody_was_born()
    {
        Over(MayorsTown).Run("when is mayor hobbs's birthday").Written.ShouldNotBeNull().Computed.ShouldBeFalse();
    }

    [Fact]
    public void A_life_is_dated_by_years_in_brackets_beside_the_name()
    {
        Over(MayorsTown + "Mayor Hobbs (1921-1990) is buried by the river.\n").Run("when did mayor hobbs die").Written.ShouldNotBeNull().Line.ShouldStartWith("1990.");
    }

    [Fact]
    public void How_long_something_lasted_after_another_event_is_its_stated_length_not_the_time_between_them()
    {
        var rescue = """
            Riverton flood

            The rescuers came back to Riverton on May 9, 1999.
            The rescuers went into quarantine on May 12, 1999, and stayed in quarantine for 14 days.
            """;
        Over(rescue).Run("how long did the rescuers stay in quarantine after coming back").Written.ShouldNotBeNull().Line.ShouldStartWith("14 days.");
    }

    [Fact]
    public void Days_until_a_birthday_named_by_number_count_to_that_birthday()
    {
        Over("Riverton people\n\nMayor Hobbs was born on June 10, 1950, in a house by the river.\n")
            .Run("how many days until mayor hobbs's 100th birthday").Written.ShouldNotBeNull().Line.ShouldStartWith("8410 days: the 100th anniversary of June 10, 1950 is on June 10, 2050.");
    }

    [Fact]
    public void A_year_told_beside_this_year_dates_the_event_rather_than_being_the_year_asked_about()
    {
        Line("the bridge opened in 1999. which anniversary of the opening is it this year?", Mid2027).ShouldStartWith("The 28th anniversary: 2027 is 28 years after");
    }

    [Fact]
    public void An_end_is_not_dated_by_a_dateline_whose_sentence_says_nothing_ended()
    {
        var town = """
            Riverton remembers

            Riverton, May 3, 2024 - In a ceremony in Riverton, the mayor paid tribute to the guards who fought the pirates of Riverton.

            The pirates of Riverton were feared along the whole coast.

            The pirates of Riverton hid in the caves.

            The old guard of Riverton, armed with muskets and pikes and led by a blacksmith who had lost two sons at sea and a farmer who had lost his barn to fire, freed the harbour on June 2, 1825.
            """;
        Over(town).Run("when did the pirates get kicked out of riverton").Written.ShouldNotBeNull().Line.ShouldStartWith("June 2, 1825.");
    }

    [Fact]
    public void A_form_of_a_generic_word_does_not_name_the_event()
    {
        var town = """
            Riverton remembers

            The flood of June 2, 1950 was a turning point for the whole valley.
            The old ferry is now a museum.
            """;
        Over(town).Run("what year did the ferry get turned into a museum").Written.ShouldNotBeNull().Computed.ShouldBeFalse();
    }

    [Fact]
    public void A_past_anniversary_told_beside_next_is_not_the_one_asked_about()
    {
        Line("the bridge had its 25th anniversary in 2024. which anniversary of the bridge opening is coming up next?", Mid2027)
            .ShouldStartWith("The 29th anniversary: 2028 is 29 years after May 3, 1999.");
    }

    [Fact]
    public void A_word_of_one_cue_standing_inside_another_is_not_part_of_the_event()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("how many days left until the next bridge day in riverton").Events.ShouldBe(["the next bridge day in riverton"]);
    }

    [Fact]
    public void The_event_after_a_leading_join_keeps_the_verb_to_itself()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("how many years after the flood did the bridge building start").Events.ShouldBe(["the flood", "the bridge building start"]);
    }

    [Fact]
    public void A_bare_year_after_the_event_is_not_a_second_event()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("how many years did the engineers stay in riverton after 1999").Events.ShouldBe(["did the engineers stay in riverton"]);
    }

    [Fact]
    public void How_many_years_something_lasted_after_a_year_is_the_duration_the_documents_state()
    {
        var pipeline = Marked("After the opening in 1999, the engineers stayed in Riverton for two decades to look after the bridge.");
        pipeline.Run("how many years did the engineers stay in riverton after 1999").Written.ShouldNotBeNull().Line.ShouldStartWith("20 years (two decades).");
    }

    [Fact]
    public void The_year_a_count_of_years_since_the_event_falls_in_is_the_year_of_that_anniversary()
    {
        Line("what year will it be 100 years since the bridge opening", Mid2027).ShouldStartWith("2099: the 100th anniversary of May 3, 1999.");
    }

    [Fact]
    public void A_second_event_that_opens_with_a_pronoun_is_about_the_firsts_subject()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("how old was the mayor when he died").Events.ShouldBe(["the mayor", "the mayor died"]);
    }

    [Fact]
    public void A_join_word_inside_a_range_phrase_does_not_split_the_event()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("how many years ago did the mayor come to power").Events.ShouldBe(["did the mayor come to power"]);
    }

    [Theory]
    [InlineData("how many years since the fall of the city to the army", "the fall of the city to the army")]
    [InlineData("how many years ago was the bridge handed to the mayor and the council", "was the bridge handed to the mayor and the council")]
    public void To_and_and_join_nothing_in_a_question_that_opens_one_event(string question, string only) =>
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read(question).Events.ShouldBe([only]);

    [Fact]
    public void A_day_named_relative_to_today_is_not_searched_for()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("the bridge anniversary is tomorrow, which one is it").Concepts.ShouldNotContain(c => c.Label == "tomorrow");
    }

    [Theory]
    [InlineData("how many full years between the bridge opening and the tunnel opening", "20 years: from May 3, 1999 to March 1, 2020.")]
    [InlineData("how many years between the bridge opening and the tunnel opening", "20 years and 9 months (21 in calendar years, 1999 to 2020): from May 3, 1999 to March 1, 2020.")]
    public void Full_years_between_two_events_are_whole_years_and_plain_years_give_whole_and_calendar_years_where_they_differ(string question, string line)
    {
        var written = Over("Riverton news\n\nThe bridge opened on May 3, 1999.\n\nThe tunnel opened on March 1, 2020.\n").Run(question).Written.ShouldNotBeNull();
        written.Line.ShouldStartWith(line);
    }

    [Theory]
    [InlineData("when is the next anniversary of the bridge opening", "May 3, 2028: the 29th anniversary of May 3, 1999.")]
    [InlineData("when's the next bridge opening anniversary", "May 3, 2028: the 29th anniversary of May 3, 1999.")]
    [InlineData("whats the date of the next anniversary of the bridge opening", "May 3, 2028: the 29th anniversary of May 3, 1999.")]
    public void The_next_anniversary_is_dated_by_the_calendar(string question, string line)
    {
        Line(question, Mid2027).ShouldStartWith(line);
    }

    [Fact]
    public void The_next_anniversary_is_this_years_until_it_has_passed()
    {
        Line("when is the next anniversary of the bridge opening", new DateTimeOffset(2027, 5, 3, 8, 0, 0, TimeSpan.Zero)).ShouldStartWith("May 3, 2027: the 28th anniversary");
    }

    [Fact]
    public void A_question_in_the_past_with_next_is_not_about_the_next_anniversary()
    {
        Line("when did the next bridge open", Mid2027).ShouldNotContain("anniversary");
    }

    [Fact]
    public void Decades_are_counted_as_whole_decades_with_their_years()
    {
        Line("how many decades have passed since the bridge opened", Mid2027).ShouldStartWith("2 decades (28 years): from May 3, 1999 to today");
    }

    [Fact]
    public void How_many_months_something_lasted_is_its_stated_length_in_whole_months()
    {
        var written = Over("Riverton news\n\nThe old ferry ran for two years and three months until it closed.\n").Run("how many months did the old ferry run").Written.ShouldNotBeNull();
        written.Line.ShouldStartWith("27 months (two years and three months).");
    }

    [Fact]
    public void Weeks_until_the_next_anniversary_are_whole_weeks_and_days()
    {
        Line("how many weeks until the next anniversary of the bridge opening", Mid2027).ShouldStartWith("48 weeks and 1 day (337 days): the 29th anniversary of May 3, 1999 is on May 3, 2028.");
    }

    [Fact]
    public void A_start_is_the_end_the_question_gives_less_the_length_it_gives()
    {
        var written = Over("Riverton news\n\nThe old ferry ran for two years and three months until it closed.\n")
            .Run("the old ferry ran for two years and three months and stopped on march 1 2020. when did it start running?").Written.ShouldNotBeNull();
        written.Line.ShouldStartWith("December 1, 2017: two years and three months before March 1, 2020.");
    }

    [Fact]
    public void An_end_is_the_start_the_question_gives_plus_the_length_it_gives()
    {
        var written = Over("Riverton news\n\nThe old ferry ran for two years and three months until it closed.\n")
            .Run("the old ferry started on december 1 2017 and ran for two years and three months. when did it end?").Written.ShouldNotBeNull();
        written.Line.ShouldStartWith("March 1, 2020: two years and three months after December 1, 2017.");
    }

    [Fact]
    public void Separate_opens_two_events()
    {
        Line("how many years separate the bridge opening and the tunnel plans", Mid2027).ShouldStartWith("21 years: from May 3, 1999 to June 1, 2020.");
    }

    [Fact]
    public void Words_that_only_say_how_long_is_left_are_not_searched_for()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("how many days to go until the bridge opening").Concepts.ShouldNotContain(c => c.Label == "go");
    }

    [Fact]
    public void The_reader_takes_the_event_after_since()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("in 2040, how many years had it been since the bridge opened").Events.ShouldBe(["the bridge opened"]);
    }

    [Fact]
    public void An_opening_word_inside_the_event_after_since_opens_nothing()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("how many full years has it been since the city was freed from the army").Events.ShouldBe(["the city was freed from the army"]);
    }

    [Fact]
    public void The_next_anniversary_is_next_years_once_this_years_has_passed()
    {
        Line("which anniversary of the bridge opening is next", Mid2027).ShouldStartWith("The 29th anniversary: 2028 is 29 years after May 3, 1999.");
    }

    [Fact]
    public void The_anniversary_next_year_is_counted_in_next_year()
    {
        Line("which anniversary of the bridge opening is it next year", new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero)).ShouldStartWith("The 29th anniversary: 2028");
    }

    [Fact]
    public void An_anniversary_is_never_counted_from_a_report_dateline()
    {
        Line("which year is the 50th anniversary of june 1", Mid2027).ShouldNotStartWith("2070");
    }

    [Fact]
    public void A_range_end_phrase_with_a_stop_word_takes_the_end_of_the_range()
    {
        var council = """
            Town history

            The old council ruled the town from 1980 to 1992, when the new charter came in.
            """;
        var pipeline = Over(council);
        pipeline.Run("how many years ago was the old council out of power").Written.ShouldNotBeNull().Line.ShouldStartWith("35 years: from 1992");
    }

    [Fact]
    public void A_date_question_does_not_search_for_the_ordinal_word_it_names() =>
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("which year will be the centenary of the bridge opening").Concepts.ShouldNotContain(c => c.Label == "centenary");

    [Fact]
    public void The_reader_takes_ordinals_written_as_words()
    {
        new Reading.QuestionReader(SmallCorpus.Vocabulary).Read("what year is the centenary").Ordinal.ShouldBe(100);
    }

    [Fact]
    public void A_death_is_not_dated_by_a_sentence_in_which_the_one_asked_about_killed_others()
    {
        var written = Over("Riverton news\n\nThe river pirate Black Tom killed eleven sailors between 1820 and 1825.\n").Run("when did black tom die").Written.ShouldNotBeNull();
        written.Computed.ShouldBeFalse();
    }

    [Fact]
    public void A_death_is_dated_by_a_sentence_in_which_the_one_asked_about_was_killed()
    {
        var written = Over("Riverton news\n\nSoldiers killed the river pirate Black Tom in 1825.\n").Run("when did black tom die").Written.ShouldNotBeNull();
        written.Computed.ShouldBeTrue();
        written.Line.ShouldContain("1825");
    }

    [Fact]
    public void An_event_is_not_dated_by_a_sentence_that_names_nothing_of_what_was_asked()
    {
        var written = Over("Riverton news\n\nThe ferry company was founded on March 3, 1950.\n\nThe court of appeal hears cases each week.\n")
            .Run("what year was the court set up").Written.ShouldNotBeNull();
        written.Computed.ShouldBeFalse();
    }

    [Fact]
    public void Years_since_a_month_and_year_are_whole_until_that_month_comes_round()
    {
        Over("Riverton news\n\nThe Riverton ferry company closed in August 2012.\n").Run("how many years ago did the ferry company close")
            .Written.ShouldNotBeNull().Line.ShouldStartWith("14 years: from August 2012 to today, June 1, 2027.");
    }

    [Fact]
    public void Days_from_today_count_to_the_event_named_in_the_clause_before()
    {
        Line("the bridge day is next week right? exactly how many days from today?", new DateTimeOffset(2027, 4, 26, 12, 0, 0, TimeSpan.Zero))
            .ShouldStartWith("7 days: the 28th anniversary of May 3, 1999 is on May 3, 2027.");
    }

    [Fact]
    public void Chatter_after_until_the_next_one_is_no_second_event()
    {
        Line("planning a picnic for the bridge opening day, how many days do we have left until the next one?? we are slow planners lol", Mid2027)
            .ShouldStartWith("337 days: the 29th anniversary of May 3, 1999 is on May 3, 2028.");
    }

    [Fact]
    public void A_length_after_an_event_moves_its_day_forward()
    {
        Line("what was the date exactly 100 days after the bridge opened?", Mid2027).ShouldStartWith("August 11, 1999: 100 days after May 3, 1999.");
    }

    [Fact]
    public void A_length_before_an_event_moves_its_day_back()
    {
        Line("what date was it two weeks before the bridge opened", Mid2027).ShouldStartWith("April 19, 1999: two weeks before May 3, 1999.");
    }

    [Fact]
    public void An_adverb_in_a_date_question_names_no_event()
    {
        Over("Riverton news\n\nAfter the flood the army stayed to rebuild the town, and it decided to completely withdraw from Riverton in 1989.\n")
            .Run("the army stayed on after the flood to rebuild... what year did they finally pull out?").Written.ShouldNotBeNull().Line.ShouldStartWith("1989.");
    }

    [Fact]
    public void A_clause_that_describes_the_event_asked_about_is_no_second_event()
    {
        Line("how many days left till the bridge day? the may 3 one, when the bridge was opened. planning a picnic", Mid2027)
            .ShouldStartWith("337 days: the 29th anniversary of May 3, 1999 is on May 3, 2028.");
    }

    [Fact]
    public void A_guess_after_the_question_is_not_the_question()
    {
        Line("what is the number of the next bridge opening anniversary? like 20-somethingth?", Mid2027)
            .ShouldStartWith("The 29th anniversary: 2028 is 29 years after May 3, 1999.");
    }

    [Fact]
    public void How_long_till_an_anniversary_counts_the_days_to_it()
    {
        Line("how long till the bridge opening anniversary?? days pls", Mid2027).ShouldStartWith("337 days: the 29th anniversary of May 3, 1999 is on May 3, 2028.");
    }

    [Fact]
    public void Days_ago_are_counted_in_days_when_the_day_is_known()
    {
        Line("how many days ago was the bridge opened?", Mid2027).ShouldStartWith("10256 days: from May 3, 1999 to today, June 1, 2027.");
    }

    [Fact]
    public void Days_ago_of_an_anniversary_named_by_its_number_are_counted_in_days()
    {
        Marked().Run("i was at the fireworks for the 25th anniversary of the bridge. how many days ago was that")
            .Written.ShouldNotBeNull().Line.ShouldStartWith("1124 days: from May 3, 2024 to today, June 1, 2027.");
    }

    [Fact]
    public void A_birthday_in_the_clause_before_an_age_question_does_not_date_the_moment_asked_about()
    {
        var mayor = """
            The old mayor

            Born on March 2, 1950, in Riverton, Park studied law in the city.
            Mayor Ellen Park opened the bridge on May 3, 1999.
            """;
        Over(mayor).Run("today is ellen park's birthday. how old was she when she opened the bridge")
            .Written.ShouldNotBeNull().Line.ShouldStartWith("49 years: from March 2, 1950 to May 3, 1999.");
    }

    [Fact]
    public void An_ordinal_after_a_marking_word_names_the_event_held_for_it_not_the_anniversary_asked()
    {
        Marked().Run("the fireworks show for the 25th anniversary of the bridge, what weekday was it on")
            .Written.ShouldNotBeNull().Line.ShouldStartWith("May 3, 2024 fell on Friday.");
    }

    [Fact]
    public void An_event_is_dated_by_the_sentence_naming_more_of_it_before_one_naming_a_word_of_it_nearer_a_date()
    {
        var town = """
            Riverton news

            On May 3, 1999, after years of delays and two changes of contractor, the mayor finally cut the ribbon of the bridge in Riverton.
            The old ferryman died on June 2, 2020, in Riverton.
            """;
        Over(town).Run("what date was the ribbon of the bridge cut in riverton").Written.ShouldNotBeNull().Line.ShouldStartWith("May 3, 1999.");
    }

    [Fact]
    public void A_year_still_to_come_in_a_days_until_question_is_the_year_of_the_anniversary_not_of_the_event()
    {
        Line("leap day 2028!! how many days till the bridge opening anniversary", new DateTimeOffset(2028, 2, 29, 12, 0, 0, TimeSpan.Zero))
            .ShouldStartWith("64 days: the 29th anniversary of May 3, 1999 is on May 3, 2028.");
    }

    [Fact]
    public void Days_since_this_years_anniversary_count_from_this_years_day()
    {
        Line("how many days has it been since this year's bridge opening anniversary", Mid2027)
            .ShouldStartWith("29 days: from May 3, 2027 (the 28th anniversary of May 3, 1999) to today, June 1, 2027.");
    }

    [Fact]
    public void Weekday_or_weekend_asks_the_day_of_the_week()
    {
        Line("does the bridge opening anniversary land on a weekday or weekend in 2030", Mid2027).ShouldStartWith("May 3, 2030 (the 31st anniversary of May 3, 1999) falls on Friday.");
    }

    [Fact]
    public void A_sentence_saying_someone_was_born_does_not_date_another_start()
    {
        var town = """
            Riverton news

            Born on March 2, 1950, in Riverton, Ellen Park studied law in the city.
            The bridge opened on May 3, 1999.
            """;
        Over(town).Run("when was the riverton museum founded").Written.ShouldNotBeNull().Line.ShouldNotStartWith("March 2, 1950");
    }
}
