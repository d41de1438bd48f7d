using Bot.Answering.Reading;
using Bot.Answering.Vocabulary;
using Shouldly;

namespace Bot.Answering.Tests;

public sealed class QuestionReaderTests
{
    private static readonly QuestionReader Reader = new(SmallCorpus.Vocabulary);

    [Theory]
    [InlineData("when was the bridge opened", AnswerType.Date)]
    [InlineData("what was the date when the bridge opened", AnswerType.Date)]
    [InlineData("what year did the bridge open", AnswerType.Date)]
    [InlineData("how many people crossed it", AnswerType.Number)]
    [InlineData("who designed the bridge", AnswerType.Person)]
    [InlineData("where is the tunnel", AnswerType.Place)]
    [InlineData("why did the ferry close", AnswerType.Reason)]
    [InlineData("was the bridge opened in 1999", AnswerType.YesNo)]
    [InlineData("tell me about the tunnel", AnswerType.Thing)]
    public void The_focus_names_the_kind_of_answer(string question, AnswerType type) =>
        Reader.Read(question).Type.ShouldBe(type);

    [Theory]
    [InlineData("how big was the crowd at the bridge")]
    [InlineData("how tall is the tower")]
    [InlineData("how far up the river is the tunnel")]
    public void A_size_or_distance_is_asked_as_a_figure(string question) =>
        Reader.Read(question).Type.ShouldBe(AnswerType.Number);

    [Theory]
    [InlineData("what time did the fireworks start")]
    [InlineData("at what time was the bridge opened")]
    public void A_time_of_day_is_asked_as_a_figure_not_a_date(string question)
    {
        var read = Reader.Read(question);
        read.Type.ShouldBe(AnswerType.Number);
        read.DateAsk.ShouldBeNull();
    }

    [Fact]
    public void Chat_filler_for_now_is_not_a_concept()
    {
        Reader.Read("whats the best ferry rn").Concepts.Select(c => c.Label).ShouldNotContain("now");
    }

    [Theory]
    [InlineData("how many full years ago was the bridge opened")]
    [InlineData("how many whole years ago was the bridge opened")]
    public void A_word_that_only_says_how_to_count_is_not_a_concept_of_a_date_question(string question) =>
        Reader.Read(question).Concepts.Select(c => c.Label).ShouldBe(["bridge", "opened"], ignoreOrder: true);

    [Theory]
    [InlineData("when the ferry stopped running who designed the bridge", AnswerType.Person)]
    [InlineData("who was the mayor back when they did the bridge opening", AnswerType.Person)]
    [InlineData("the engineer who spoke when it opened, who was that", AnswerType.Person)]
    [InlineData("when did the ferry stop running", AnswerType.Date)]
    [InlineData("when exactly was the bridge opened", AnswerType.Date)]
    [InlineData("the bridge opened when", AnswerType.Date)]
    [InlineData("where'd the ferry go when they stopped running it", AnswerType.Place)]
    [InlineData("who'd the mayor invite when it opened", AnswerType.Person)]
    public void A_when_that_opens_a_clause_of_time_does_not_ask_for_a_date(string question, AnswerType type) =>
        Reader.Read(question).Type.ShouldBe(type);

    [Fact]
    public void Chat_spellings_are_rewritten_before_reading()
    {
        var read = Reader.Read("how many ppl crossed on the 1st day");
        read.Words.ShouldContain("people");
        read.Concepts.ShouldContain(c => c.Label == "people");
    }

    [Fact]
    public void In_a_long_message_the_last_question_is_the_focus_and_the_rest_is_context()
    {
        var read = Reader.Read("My grandfather worked on the ferry for years. He never talked about it. Who designed the bridge?");
        read.Type.ShouldBe(AnswerType.Person);
        read.FocusConcepts.Select(c => c.Label).ShouldBe(["designed", "bridge"]);
        read.ContextConcepts.Select(c => c.Label).ShouldContain("ferry");
    }

    [Fact]
    public void A_question_marked_with_a_question_mark_is_the_focus_though_a_remark_follows_it()
    {
        var read = Reader.Read("who designed the bridge? the paper names a couple of engineers");
        read.Type.ShouldBe(AnswerType.Person);
        read.FocusConcepts.Select(c => c.Label).ShouldBe(["designed", "bridge"]);
        read.ContextConcepts.Select(c => c.Label).ShouldContain("engineers");
    }

    [Fact]
    public void A_clause_that_opens_with_a_question_after_a_marked_tag_is_the_focus()
    {
        var read = Reader.Read("the bridge opened in may right? how many people crossed it on the first day");
        read.Type.ShouldBe(AnswerType.Number);
        read.FocusConcepts.Select(c => c.Label).ShouldContain("crossed");
        read.FocusConcepts.Select(c => c.Label).ShouldNotContain("opened");
    }

    [Fact]
    public void A_remark_in_brackets_is_context_not_the_question()
    {
        var read = new QuestionReader(SmallCorpus.Vocabulary).Read("in months, how long did the ferry run (ignore the leftover days)?");
        read.Focus.ShouldNotContain("ignore");
        read.Concepts.ShouldContain(c => c.Label == "ignore" && !c.InFocus);
    }

    [Fact]
    public void A_focus_that_names_almost_nothing_takes_the_clause_before_it()
    {
        var read = Reader.Read("The engineer who designed the bridge also planned a tunnel. Which one?");
        read.FocusConcepts.Select(c => c.Label).ShouldContain("tunnel");
    }

    [Fact]
    public void A_synonym_phrase_is_one_concept_with_its_alternatives()
    {
        var read = Reader.Read("when did they take power");
        var concept = read.Concepts.ShouldHaveSingleItem();
        concept.Label.ShouldBe("take power");
        var rule = Bot.Core.Facts.Stemmer.Stem("rule");
        concept.Alternatives.ShouldContain(a => a.Length == 1 && a[0] == rule);
    }

    [Theory]
    [InlineData("Ai là người xây cây cầu?")]
    [InlineData("តើស្ពាននេះបើកនៅពេលណា?")]
    public void A_question_in_another_script_or_with_many_marks_is_not_english(string question) =>
        Reader.Read(question).English.ShouldBeFalse();

    [Fact]
    public void Numbers_in_the_question_are_kept()
    {
        Reader.Read("what happened on the 25th anniversary in 2024").Numbers.ShouldBe(["25th", "2024"]);
    }

    [Fact]
    public void A_phrasal_verb_with_a_pronoun_between_its_words_is_read_as_the_phrase()
    {
        Reader.Read("which boat picked them up").Concepts.ShouldContain(c => c.Label == "picked up");
    }

    [Theory]
    [InlineData("when did the ferry stop running after the flood in 79?", 1979)]
    [InlineData("how many people crossed the bridge back in '99", 1999)]
    [InlineData("the tunnel was dug from 07 to 09, when did it open", 2009)]
    public void Two_digits_after_a_word_that_leads_a_year_are_a_year(string question, int year) =>
        Reader.Read(question).Year.ShouldBe(year);

    [Fact]
    public void Two_digits_before_a_unit_are_a_count_not_a_year() =>
        Reader.Read("what will the bridge look like in 10 years").Year.ShouldBeNull();

    [Fact]
    public void A_phrase_with_its_object_between_its_words_is_the_phrase() =>
        Reader.Read("when did the ferry company pull the last of its boats out of riverton").Concepts.Select(c => c.Label).ShouldContain("pull out");
}
