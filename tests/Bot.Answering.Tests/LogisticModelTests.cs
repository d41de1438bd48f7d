using Bot.Answering.Scoring;
using Shouldly;

namespace Bot.Answering.Tests;

public sealed class LogisticModelTests
{
    private static readonly string[] Features = ["x"];

    [Fact]
    public void Fitting_learns_the_direction_of_a_feature_that_predicts_the_label()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new double[] { i }).ToList();
        var labels = rows.Select(r => r[0] >= 20).ToList();
        var model = LogisticModel.Fit(Features, rows, labels, l2: 0.1);
        model.Probability([35]).ShouldBeGreaterThan(0.9);
        model.Probability([5]).ShouldBeLessThan(0.1);
    }

    [Fact]
    public void Fitting_is_deterministic()
    {
        var rows = Enumerable.Range(0, 30).Select(i => new double[] { i % 7 }).ToList();
        var labels = rows.Select((r, i) => (i * 13) % 5 < 2).ToList();
        LogisticModel.Fit(Features, rows, labels, 1).Weights.ShouldBe(LogisticModel.Fit(Features, rows, labels, 1).Weights);
    }

    [Fact]
    public void A_listwise_ranker_puts_the_labelled_candidate_of_each_question_first()
    {
        // In each question the answer has the highest x, though x differs in scale between questions.
        var questions = Enumerable.Range(1, 20).Select(q => (
            Rows: Enumerable.Range(0, 5).Select(c => new double[] { q * 10 + c }).ToArray(),
            Labels: Enumerable.Range(0, 5).Select(c => c == 4).ToArray())).ToList();
        var model = LogisticModel.FitListwise(Features, questions, l2: 0.01);
        model.Weights[0].ShouldBeGreaterThan(0);
        model.Logit([104]).ShouldBeGreaterThan(model.Logit([103]));
    }
}
