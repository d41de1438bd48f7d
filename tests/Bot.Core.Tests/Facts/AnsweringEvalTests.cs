using Shouldly;

namespace Bot.Core.Tests.Facts;

/// <summary>The quality floors, scored like ../shared/eval/score.py, on the real corpus.</summary>
public sealed class AnsweringEvalTests(ITestOutputHelper output)
{
    [Fact]
    public void Dev_set_meets_the_recall_floor_and_declines_every_unanswerable_question()
    {
        var result = Score("qa-dev.jsonl");
        result.RecallAt1.ShouldBeGreaterThanOrEqualTo(0.85);
        result.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.95);
        result.NotDeclined.ShouldBeEmpty();
    }

    /// <summary>Informal chat questions written before any tuning (typos, slang, words the documents never use):
    /// the honest stand-in for the unseen set.</summary>
    [Fact]
    public void Informal_chat_questions_meet_the_recall_floor_and_most_unanswerable_ones_are_declined()
    {
        var result = Score("qa-informal.jsonl");
        result.RecallAt1.ShouldBeGreaterThanOrEqualTo(0.8);
        result.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.85);
        result.NotDeclined.Count.ShouldBeLessThanOrEqualTo(1);
    }

    /// <summary>A second informal set, written after the first round of tuning; its first score was recall@1
    /// 0.68: the floor keeps what later general fixes gained.</summary>
    [Fact]
    public void Second_informal_set_meets_its_floor_and_declines_every_unanswerable_question()
    {
        var result = Score("qa-informal-2.jsonl");
        result.RecallAt1.ShouldBeGreaterThanOrEqualTo(0.75);
        result.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.85);
        result.NotDeclined.ShouldBeEmpty();
    }

    /// <summary>A third informal set, written before running the system on it, with unanswerable questions that
    /// share the documents' words; its first score was recall@1 0.60, recall@3 0.77, 8 of 11 declined (0.767 /
    /// 0.867 before the question-type rules for "start", "these days", roles, labels and fractions).</summary>
    [Fact]
    public void Third_informal_set_meets_its_floor_and_declines_every_unanswerable_question()
    {
        var result = Score("qa-informal-3.jsonl");
        result.RecallAt1.ShouldBeGreaterThanOrEqualTo(0.9);
        result.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.95);
        result.NotDeclined.ShouldBeEmpty();
    }

    /// <summary>A fourth informal set (23 answerable, 6 unanswerable, 5 page-noise), written before running the
    /// system on it; its first score was recall@1 0.739, recall@3 0.870, 3 of 6 unanswerable and 5 of 5 page-noise
    /// questions declined. The general question-type rules that followed (tuned on the earlier sets' misses, not on
    /// this one's) brought it to 0.826 / 0.913 with 5 of 6 and 5 of 5 declined: the floor keeps that.</summary>
    [Fact]
    public void Fourth_informal_set_meets_its_floor_and_declines_most_unanswerable_questions()
    {
        var result = Score("qa-informal-4.jsonl");
        result.RecallAt1.ShouldBeGreaterThanOrEqualTo(0.8);
        result.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.9);
        result.NotDeclined.Count.ShouldBeLessThanOrEqualTo(1);
    }

    private EvalScoring.Result Score(string file)
    {
        var result = EvalScoring.Score(EvalQuestion.Load(Corpus.EvalFile(file)), Corpus.Answerer.Ask);
        output.WriteLine($"{file}: recall@1 {result.RecallAt1:0.000}, recall@3 {result.RecallAt3:0.000} over {result.Answerable}");
        foreach (var line in result.Misses.Concat(result.NotDeclined))
        {
            output.WriteLine(line);
        }

        return result;
    }
}
