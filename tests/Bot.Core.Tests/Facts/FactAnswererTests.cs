using Bot.Core.Facts;
using Shouldly;

namespace Bot.Core.Tests.Facts;

public sealed class FactAnswererTests
{
    private static FactAnswerer Answerer => Corpus.Answerer;

    [Fact]
    public void When_question_gets_the_date_as_its_answer_line()
    {
        var answer = Answerer.Ask("when did vietnamese troops liberate phnom penh");
        answer.Text.ShouldBe("January 7, 1979.");
        answer.Declined.ShouldBeFalse();
    }

    [Fact]
    public void Who_question_gets_the_name_from_the_sentence_before_when_the_best_sentence_has_none() =>
        Answerer.Ask("Who is the Prime Minister who emphasized remembering the past?").Text.ShouldContain("Hun Manet");

    [Fact]
    public void How_many_question_gets_the_count() =>
        Answerer.Ask("how many people attended the ceremony in phnom penh").Text.ShouldStartWith("About 10,000");

    [Fact]
    public void Differing_death_tolls_are_reported_as_a_conflict_citing_each_variant()
    {
        var answer = Answerer.Ask("how many people did the khmer rouge kill");
        answer.Conflict.ShouldBeTrue();
        answer.Text.ShouldStartWith("My sources differ");
        answer.Passages.Count.ShouldBeGreaterThanOrEqualTo(2);
        answer.Passages.Select(p => p.DocumentId).Distinct().Count().ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void Founding_date_is_read_from_the_sentence_naming_the_establishment() =>
        Answerer.Ask("when was the salvation front set up").Text.ShouldContain("1978");

    [Theory]
    [InlineData("when did pol pot die")]
    [InlineData("who founded the khmer rouge")]
    [InlineData("when was the vietnam cambodia friendship association founded")]
    [InlineData("how old is hun sen")]
    public void Event_questions_are_declined_when_no_sentence_ties_the_event_to_what_they_name(string question) =>
        Answerer.Ask(question).Declined.ShouldBeTrue();

    [Fact]
    public void Passages_carry_title_date_and_source_of_their_document()
    {
        var passage = Answerer.Ask("who heads the association of victims of the khmer rouge").Passages[0];
        passage.DocumentId.ShouldStartWith("003");
        passage.Title.ShouldBe("Victory over Pol Pot regime represents justice, Vietnam-Cambodia friendship");
        passage.Date.ShouldBe("2014");
        passage.Source.ShouldBe("VOV");
    }

    [Fact]
    public void Every_cited_passage_is_a_stored_sentence_of_its_document()
    {
        foreach (var question in EvalQuestion.Load(Corpus.EvalFile("qa-dev.jsonl")))
        {
            foreach (var passage in Answerer.Ask(question.Question).Passages)
            {
                Corpus.Document(passage.DocumentId[..3]).Body.ShouldContain(passage.Text);
            }
        }
    }

    [Theory]
    [InlineData("What is the population of Paris?")]
    [InlineData("how many people died of rabies this year")]
    [InlineData("when were durians first shipped to china")]
    [InlineData("how much money did the senate president give to hospitals")]
    [InlineData("who won the 2022 world cup")]
    public void Questions_the_documents_do_not_answer_are_declined_without_passages(string question)
    {
        var answer = Answerer.Ask(question);
        answer.Declined.ShouldBeTrue();
        answer.Passages.ShouldBeEmpty();
        answer.Text.ShouldStartWith(FactAnswerer.DeclineText);
        answer.Text.ShouldContain("/fact");
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("NEAR(khmer rouge, 3)")]
    [InlineData("khmer*")]
    [InlineData("AND OR NOT")]
    [InlineData("^victory")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("🎉🎉🎉 khmer rouge 🎉")]
    [InlineData("ក្រុមខ្មែរក្រហម")]
    [InlineData("Chiến thắng 7/1 là gì?")]
    [InlineData("text:khmer {col1 col2}: victory - rouge + \"unterminated")]
    public void Hostile_strings_answer_or_decline_without_throwing(string question)
    {
        var answer = Answerer.Ask(question);
        (answer.Declined || answer.Passages.Count > 0).ShouldBeTrue();
    }

    [Fact]
    public void Ten_kilobytes_of_text_answer_or_decline_without_throwing()
    {
        var answer = Answerer.Ask(string.Concat(Enumerable.Repeat("when did the khmer rouge regime fall ", 300)));
        (answer.Declined || answer.Passages.Count > 0).ShouldBeTrue();
    }

    [Fact]
    public void Typos_are_corrected_against_the_documents_vocabulary() =>
        Answerer.Index.Correct("provnce").ShouldBe("province");

    [Fact]
    public void A_real_word_is_not_corrected_into_another_one() =>
        Answerer.Index.Correct("bring").ShouldBeNull();

    [Fact]
    public void Acronym_questions_are_answered_from_the_definition_in_the_documents() =>
        Answerer.Ask("what does ECCC stand for").Text.ShouldBe("ECCC stands for Extraordinary Chambers of the Courts of Cambodia.");

    [Fact]
    public void A_question_naming_only_an_acronym_asks_what_it_stands_for() =>
        Answerer.Ask("wats sfdcm").Text.ShouldStartWith("SFDCM stands for Solidarity Front for the Development");

    [Fact]
    public void Who_followed_by_a_name_asks_about_that_person() =>
        Answerer.Ask("who's sam sitha").Passages[0].Text.ShouldStartWith("Sam Sitha from Kandal province");

    [Fact]
    public void What_a_named_soldier_did_is_answered_with_the_deed_not_declined_for_want_of_another_name() =>
        Answerer.Ask("wat did the soldier dong do for chum mey").Passages[0].Text.ShouldContain("gave his coat");

    [Fact]
    public void A_share_question_is_not_answered_with_differing_counts() =>
        Answerer.Ask("what fraction of cambodians died under pol pot").Conflict.ShouldBeFalse();

    [Fact]
    public void A_title_names_the_person_after_it() =>
        Answerer.Ask("who was prime minister at the 45th anniversary ceremony in phnom penh").Text.ShouldStartWith("Hun Manet");

    [Fact]
    public void A_phrase_of_several_words_finds_only_sentences_that_have_every_word()
    {
        var answerer = new FactAnswerer(FactIndex.From([DocumentParser.Parse(new DocumentText("a.txt",
            "Notes\n\nThe Khmer Rouge took Phnom Penh in 1975.\n\nA rouge sky hung over the river.\n\nKhmer music filled the hall.\n\nFarmers planted rice near Rouge village, said a Khmer elder."))]));
        var question = QuestionAnalyzer.Analyze("khmer rouge", answerer.Index.Correct, answerer.Index.Acronyms);

        var found = answerer.Rank(question, 10).Select(c => answerer.Index.Sentences[c.Sentence].Text).ToList();

        found.ShouldBe(["The Khmer Rouge took Phnom Penh in 1975.", "Farmers planted rice near Rouge village, said a Khmer elder."], ignoreOrder: true);
    }

    [Fact]
    public void A_phrase_ranks_the_same_the_second_time_it_is_asked()
    {
        var answerer = new FactAnswerer(FactIndex.From(Corpus.Documents));
        var question = QuestionAnalyzer.Analyze("when did the khmer rouge regime start", answerer.Index.Correct, answerer.Index.Acronyms);

        var first = answerer.Rank(question, 12);

        answerer.Rank(question, 12).ShouldBe(first);
    }
}
