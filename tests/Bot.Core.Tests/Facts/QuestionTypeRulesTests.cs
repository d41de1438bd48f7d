using Bot.Core.Facts;
using Shouldly;

namespace Bot.Core.Tests.Facts;

/// <summary>The question-type rules for informal questions, each on the real corpus with a wording that is not in
/// any eval set.</summary>
public sealed class QuestionTypeRulesTests
{
    private static FactAnswerer Answerer => Corpus.Answerer;

    [Fact]
    public void When_did_it_begin_answers_the_first_year_of_the_span() =>
        Answerer.Ask("when did pol pot's rule begin").Text.ShouldBe("1975.");

    [Fact]
    public void A_role_held_now_is_answered_from_a_sentence_that_is_not_about_the_past() =>
        Answerer.Ask("who is the cambodian prime minister now").Text.ShouldStartWith("Hun Manet");

    [Fact]
    public void Who_did_it_is_answered_by_the_name_after_the_verb_and_by() =>
        Answerer.Ask("who led the khmer rouge").Text.ShouldStartWith("Pol Pot");

    [Fact]
    public void A_surname_alone_is_answered_with_the_full_name_its_document_gives()
    {
        var answer = Answerer.Ask("who leads the cambodian government today");
        answer.Text.ShouldNotBe("Manet.");
    }

    [Fact]
    public void What_share_needs_a_fraction() =>
        Answerer.Ask("what share of the population perished under the khmer rouge").Text.ShouldContain("quarter");

    [Fact]
    public void What_is_it_called_prefers_a_sentence_that_names_it() =>
        Answerer.Ask("what is january 7 known as").Passages[0].Text.ShouldMatch("(Victory Day|birthday)");

    [Fact]
    public void A_kind_of_thing_no_document_mentions_is_declined() =>
        Answerer.Ask("what religion did the khmer rouge ban").Declined.ShouldBeTrue();

    [Theory]
    [InlineData("when did the regime start", true)]
    [InlineData("when did the regime end", false)]
    public void Start_words_make_a_when_ask_for_the_beginning(string question, bool wantsStart) =>
        Analyze(question).WantsStart.ShouldBe(wantsStart);

    [Fact]
    public void These_days_asks_about_the_present_and_is_not_a_concept()
    {
        var question = Analyze("whos the president these days");
        question.WantsCurrent.ShouldBeTrue();
        question.Concepts.Select(c => c.Label).ShouldNotContain("days");
    }

    [Fact]
    public void The_focus_skips_kind_of() =>
        Analyze("what kinda crimes were they charged with").Focus.ShouldBe("crimes");

    [Fact]
    public void A_possessive_without_its_apostrophe_still_names_the_phrase() =>
        Analyze("what was pol pots real name").Concepts.Select(c => c.Label).ShouldContain("pol pot");

    private static Question Analyze(string text) =>
        QuestionAnalyzer.Analyze(text, Answerer.Index.Correct, Answerer.Index.Acronyms, Answerer.Index.IsCapitalized);
}
