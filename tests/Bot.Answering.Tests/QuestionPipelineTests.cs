using Bot.Core.Facts;
using Shouldly;

namespace Bot.Answering.Tests;

/// <summary>The whole path with the shipped model over the made-up corpus: what a member reads.</summary>
public sealed class QuestionPipelineTests
{
    [Fact]
    public void An_answer_quotes_a_sentence_of_the_documents_and_cites_up_to_three()
    {
        var run = SmallCorpus.Pipeline.Run("who designed the river bridge");
        run.Ranked.ShouldNotBeEmpty();
        var best = SmallCorpus.Index.Sentences[run.Ranked[0].Sentence].Text;
        best.ShouldContain("Tomas Varga");
        if (!run.Answer.Declined)
        {
            run.Answer.Text.ShouldBe(run.Answer.Hedged ? $"{Core.Facts.AnswerTexts.Hedge} {best}" : best);
            run.Answer.Passages.Count.ShouldBeInRange(1, 3);
            run.Answer.Passages[0].DocumentId.ShouldBe("bridge.txt");
        }
    }

    [Fact]
    public void The_answer_line_is_a_sentence_of_the_documents_or_quotes_one()
    {
        foreach (var question in new[] { "when did the bridge open", "how many people crossed", "why was the ferry closed", "what would the tunnel cost" })
        {
            var answer = SmallCorpus.Pipeline.Ask(question);
            if (!answer.Declined)
            {
                SmallCorpus.Index.Sentences.ShouldContain(s => answer.Text == s.Text || answer.Text.EndsWith($"(“{s.Text}”)", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void A_question_the_documents_do_not_touch_is_declined_without_passages()
    {
        var answer = SmallCorpus.Pipeline.Ask("what is the boiling point of mercury on venus");
        answer.Declined.ShouldBeTrue();
        answer.Passages.ShouldBeEmpty();
        answer.Text.ShouldBe(AnswerTexts.Decline);
    }

    [Fact]
    public void A_question_in_another_language_is_declined_saying_english_is_understood()
    {
        var answer = SmallCorpus.Pipeline.Ask("Ai đã thiết kế cây cầu này?");
        answer.Declined.ShouldBeTrue();
        answer.Text.ShouldBe(AnswerTexts.EnglishOnly);
    }

    [Fact]
    public void Confidence_is_a_probability_and_at_least_the_threshold_when_answered()
    {
        foreach (var question in new[] { "who designed the bridge", "when did the bridge open", "tell me about fireworks", "zzz" })
        {
            var answer = SmallCorpus.Pipeline.Ask(question);
            answer.Confidence.ShouldBeInRange(0, 1);
            if (!answer.Declined)
            {
                answer.Confidence.ShouldBeGreaterThanOrEqualTo(Bot.Testing.ShippedAnswering.Model.Threshold);
            }
        }
    }

    [Fact]
    public void Explain_prints_each_stage()
    {
        var text = SmallCorpus.Pipeline.Explain("who designed the bridge");
        foreach (var stage in new[] { "1 read:", "2 candidates:", "3 scored", "4 written:", "5 decided:" })
        {
            text.ShouldContain(stage);
        }
    }

    [Fact]
    public void Hostile_input_is_answered_or_declined_without_throwing()
    {
        foreach (var question in new[] { "", "   ", "?!?!", new string('a', 5000), "' OR 1=1 --", "<script>alert(1)</script>", "\u0000\u200b", string.Concat(Enumerable.Repeat("bridge ", 2000)) })
        {
            Should.NotThrow(() => SmallCorpus.Pipeline.Ask(question));
        }
    }

    [Fact]
    public void A_figure_computed_with_the_calendar_is_held_to_its_own_threshold()
    {
        var model = Bot.Testing.ShippedAnswering.Model with { Threshold = 1.0, ComputedThreshold = 0.0 };
        var pipeline = new QuestionPipeline(SmallCorpus.Index, SmallCorpus.Vocabulary, model);
        pipeline.Run("when was the bridge opened").Answer.Declined.ShouldBeFalse();
        pipeline.Run("who designed the bridge").Answer.Declined.ShouldBeTrue();
    }
}
