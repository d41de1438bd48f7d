namespace Bot.Answering.Training;

/// <summary>One question's outcome as ../shared/eval/score.py counts it.</summary>
public sealed record QuestionOutcome(PoolQuestion Question, bool Declined, int? Rank, bool AnswerLineRight, double Confidence);

/// <summary>The pool's scores, computed as ../shared/eval/score.py computes them (multilingual questions apart).</summary>
public sealed record PoolScore(
    int Questions,
    int OnTopic,
    double RecallAt1,
    double RecallAt3,
    double AnswerLineRight,
    double AnsweredWrongShare,
    double UnanswerableDeclined,
    double OfftopicDeclined,
    double Auroc,
    int WronglyDeclined)
{
    /// <summary>Scores the bot's answers to the pool's questions exactly as ../shared/eval/score.py scores
    /// <c>ask --json</c>: the answer line shares rank 1 with the first passage.</summary>
    public static PoolScore OfAnswers(IReadOnlyList<(PoolQuestion Question, Bot.Core.Facts.Answer Answer)> answers) =>
        Of([.. answers.Select(p =>
        {
            var texts = new[] { p.Answer.Text }.Concat(p.Answer.Passages.Select(x => x.Text)).ToList();
            var at = texts.FindIndex(p.Question.Holds);
            var declined = p.Answer.Declined;
            return new QuestionOutcome(p.Question, declined, at < 0 || at > 3 ? null : Math.Max(at, 1), !declined && p.Question.Holds(p.Answer.Text), p.Answer.Confidence);
        })]);

    public static PoolScore Of(IReadOnlyList<QuestionOutcome> outcomes)
    {
        var scored = outcomes.Where(o => o.Question.Kind != "multilingual").ToList();
        var on = scored.Where(o => o.Question.OnTopic).ToList();
        var answered = scored.Where(o => !o.Declined).ToList();
        var right = answered.Where(o => o.Question.OnTopic && o.AnswerLineRight).Select(o => o.Confidence).ToList();
        var wrong = answered.Where(o => !(o.Question.OnTopic && o.AnswerLineRight)).Select(o => o.Confidence).ToList();
        var wins = right.Sum(p => wrong.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0));
        return new PoolScore(
            scored.Count,
            on.Count,
            Share(on.Count(o => !o.Declined && o.Rank == 1), on.Count),
            Share(on.Count(o => !o.Declined && o.Rank is <= 3), on.Count),
            Share(on.Count(o => !o.Declined && o.AnswerLineRight), on.Count),
            Share(wrong.Count, answered.Count),
            Share(scored.Count(o => o.Question.Kind == "unanswerable" && o.Declined), scored.Count(o => o.Question.Kind == "unanswerable")),
            Share(scored.Count(o => o.Question.Kind == "offtopic" && o.Declined), scored.Count(o => o.Question.Kind == "offtopic")),
            right.Count > 0 && wrong.Count > 0 ? wins / (right.Count * (double)wrong.Count) : double.NaN,
            on.Count(o => o.Declined));
    }

    private static double Share(int part, int whole) => whole == 0 ? double.NaN : Math.Round(part / (double)whole, 3);

    public override string ToString() =>
        $"n {Questions}, on-topic {OnTopic}: recall@1 {RecallAt1:0.000}, recall@3 {RecallAt3:0.000}, answer line right {AnswerLineRight:0.000}, " +
        $"answered-but-wrong {AnsweredWrongShare:0.000}, unanswerable declined {UnanswerableDeclined:0.000}, off-topic declined {OfftopicDeclined:0.000}, " +
        $"AUROC {Auroc:0.000}, wrongly declined {WronglyDeclined}";
}
