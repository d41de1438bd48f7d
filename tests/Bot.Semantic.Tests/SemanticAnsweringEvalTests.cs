using System.Diagnostics;
using Bot.Core.Tests.Facts;
using Shouldly;

namespace Bot.Semantic.Tests;

/// <summary>Semantic scoring on (<c>Answering:Semantic</c>) keeps the lexical floors on every eval set and still
/// declines what the documents do not say. Timings are printed for the README, never asserted.</summary>
public sealed class SemanticAnsweringEvalTests(ITestOutputHelper output)
{
    [Fact]
    public void Dev_set_meets_the_recall_floor_and_declines_every_unanswerable_question()
    {
        var result = Score("qa-dev.jsonl");
        result.RecallAt1.ShouldBeGreaterThanOrEqualTo(0.85);
        result.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.95);
        result.NotDeclined.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("qa-informal.jsonl", 0.8, 0.85, 1)]
    [InlineData("qa-informal-2.jsonl", 0.75, 0.85, 0)]
    [InlineData("qa-informal-3.jsonl", 0.9, 0.95, 0)]
    [InlineData("qa-informal-4.jsonl", 0.8, 0.9, 1)]
    public void Informal_sets_keep_their_lexical_floors(string file, double recallAt1, double recallAt3, int notDeclined)
    {
        var result = Score(file);
        result.RecallAt1.ShouldBeGreaterThanOrEqualTo(recallAt1);
        result.RecallAt3.ShouldBeGreaterThanOrEqualTo(recallAt3);
        result.NotDeclined.Count.ShouldBeLessThanOrEqualTo(notDeclined);
    }

    private EvalScoring.Result Score(string file)
    {
        var answerer = SemanticCorpus.Answerer;
        var questions = EvalQuestion.Load(Corpus.EvalFile(file));
        var clock = Stopwatch.StartNew();
        var result = EvalScoring.Score(questions, answerer.Ask);
        output.WriteLine($"{file} (semantic): recall@1 {result.RecallAt1:0.000}, recall@3 {result.RecallAt3:0.000} over {result.Answerable}; {result.NotDeclined.Count} not declined; {clock.Elapsed.TotalMilliseconds / questions.Count:0.0} ms/question");
        foreach (var line in result.Misses.Concat(result.NotDeclined))
        {
            output.WriteLine(line);
        }

        return result;
    }
}
