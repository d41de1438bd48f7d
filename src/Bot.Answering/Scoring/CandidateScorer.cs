using Bot.Answering.Candidates;
using Bot.Answering.Reading;

namespace Bot.Answering.Scoring;

/// <summary>A candidate with its features and the fitted probability that it, of all the question's candidates, is
/// the one that holds the answer (a softmax of the ranker's scores over the candidates).</summary>
public sealed record ScoredCandidate(Candidate Candidate, double[] Features, double Probability)
{
    public int Sentence => Candidate.Sentence;
}

/// <summary>Stage 3: scores every candidate with the learned ranker and orders them, best first.</summary>
public sealed class CandidateScorer(LogisticModel ranker)
{
    public IReadOnlyList<ScoredCandidate> Score(ReadQuestion question, CandidateSet set, CandidateSearch search) =>
        Rank(ranker, [.. Features(question, set, search)]);

    /// <summary>Candidates ordered by the ranker, each with its softmax share of the question's candidates.</summary>
    public static IReadOnlyList<ScoredCandidate> Rank(LogisticModel ranker, IReadOnlyList<(Candidate Candidate, double[] Features)> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var logits = rows.Select(r => ranker.Logit(r.Features)).ToArray();
        var max = logits.Max();
        var exp = logits.Select(z => Math.Exp(z - max)).ToArray();
        var total = exp.Sum();
        return [.. rows.Select((r, i) => new ScoredCandidate(r.Candidate, r.Features, exp[i] / total))
            .OrderByDescending(c => c.Probability).ThenBy(c => c.Sentence)];
    }

    /// <summary>The features of each candidate, in the order of the set (also what fitting reads).</summary>
    public static IEnumerable<(Candidate Candidate, double[] Features)> Features(ReadQuestion question, CandidateSet set, CandidateSearch search)
    {
        var byFocus = set.Candidates.OrderByDescending(c => c.FocusBm25).ThenBy(c => c.Sentence).Select((c, rank) => (c.Sentence, rank)).ToDictionary(p => p.Sentence, p => p.rank);
        var bestFocus = set.Candidates.Count == 0 ? 0 : set.Candidates.Max(c => c.FocusBm25);
        var bestAll = set.Candidates.Count == 0 ? 0 : set.Candidates.Max(c => c.Bm25);
        foreach (var candidate in set.Candidates)
        {
            yield return (candidate, CandidateFeatures.Of(question, set, candidate, search, byFocus[candidate.Sentence], bestFocus, bestAll));
        }
    }
}
