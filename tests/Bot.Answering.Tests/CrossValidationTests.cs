using Bot.Answering.Training;
using Bot.Testing;
using Shouldly;

namespace Bot.Answering.Tests;

/// <summary>Fits the model on the pool (tests/pool, without its final slice) as <c>train-answering</c> does, with
/// five folds grouped by question id. The floors are out-of-fold numbers on both corpora: what a question nobody
/// fitted on meets. The final slice is never read here.</summary>
[Trait("Category", "Slow")]
public sealed class CrossValidationTests
{
    private static readonly Lazy<IReadOnlyList<TrainingCorpus>> Pool = new(() => TrainingPool.Load(
        ShippedAnswering.Root, Path.Combine(ShippedAnswering.Root, "tests", "pool"), Path.Combine(ShippedAnswering.Root, "config", "answering"), finalSlice: false));

    private static readonly Lazy<TrainingReport> Report = new(() => new AnsweringTrainer().Fit(Pool.Value));

    [Fact]
    public void The_final_slice_is_kept_out_of_fitting()
    {
        Pool.Value.SelectMany(c => c.Questions).ShouldNotContain(q => q.InFinalSlice);
        Pool.Value.Sum(c => c.Questions.Count).ShouldBeGreaterThan(250);
    }

    [Fact]
    public void Out_of_fold_ranking_finds_the_answer_in_the_first_three_on_both_corpora()
    {
        var ranking = Report.Value.OutOfFoldRanking;
        ranking.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.82);
        ranking.RecallAt1.ShouldBeGreaterThanOrEqualTo(0.68);
        Report.Value.OutOfFold.RecallAt3.ShouldBeGreaterThanOrEqualTo(0.55);
    }

    [Fact]
    public void Out_of_fold_decisions_decline_what_the_documents_do_not_say()
    {
        // The fitted threshold moves between 0.50 and 0.55 on the flat top of the utility as the pool grows, trading
        // unanswerable questions declined (0.65 against 0.70) for right lines (0.64 against 0.61).
        Report.Value.OutOfFold.UnanswerableDeclined.ShouldBeGreaterThanOrEqualTo(0.62);
        Report.Value.OutOfFold.OfftopicDeclined.ShouldBeGreaterThanOrEqualTo(0.95);
        Report.Value.OutOfFold.AnsweredWrongShare.ShouldBeLessThanOrEqualTo(0.2);
    }

    [Fact]
    public void Confidence_separates_right_from_wrong_answers_out_of_fold()
    {
        Report.Value.OutOfFoldRanking.Auroc.ShouldBeGreaterThanOrEqualTo(0.85);
        // Among answered questions only: which questions cross the threshold moves it by a few hundredths.
        Report.Value.OutOfFold.Auroc.ShouldBeGreaterThanOrEqualTo(0.68);
    }

    [Fact]
    public void Fitted_and_out_of_fold_scores_stay_close()
    {
        Math.Abs(Report.Value.Fitted.AnswerLineRight - Report.Value.OutOfFold.AnswerLineRight).ShouldBeLessThanOrEqualTo(0.05);
    }

    [Fact]
    public void Fitting_twice_gives_the_same_model()
    {
        var again = new AnsweringTrainer().Fit(Pool.Value);
        again.Model.Ranker.Weights.ShouldBe(Report.Value.Model.Ranker.Weights);
        again.Model.Threshold.ShouldBe(Report.Value.Model.Threshold);
        again.Model.ComputedThreshold.ShouldBe(Report.Value.Model.ComputedThreshold);
    }

    [Fact]
    public void The_shipped_model_is_the_one_the_pool_fits()
    {
        // config/answering/model.json must be what train-answering writes from the pool as it stands.
        ShippedAnswering.Model.Ranker.Weights.ShouldBe(Report.Value.Model.Ranker.Weights, tolerance: 1e-9);
        ShippedAnswering.Model.Threshold.ShouldBe(Report.Value.Model.Threshold, tolerance: 1e-4);
        ShippedAnswering.Model.ThresholdFor(computed: true).ShouldBe(Report.Value.Model.ThresholdFor(computed: true), tolerance: 1e-4);
    }
}
