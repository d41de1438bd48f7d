using Bot.Answering.Candidates;
using Bot.Answering.Reading;
using Bot.Answering.Scoring;
using Bot.Core.Facts;

namespace Bot.Answering.Writing;

/// <summary>Documents that disagree on a figure: for a "how many" question, the passages shown, from different documents,
/// that each count what the question asks about ("3 million people", "2 to 3 million people") with figures whose
/// ranges do not meet. The answer then says that the sources differ and quotes each, rather than picking one.</summary>
public sealed class DifferingFigures(PassageIndex index)
{
    /// <summary>The differing figures and the sentences that give them, best first; empty when the sources agree,
    /// when only one document counts it, or when the question asks for something else.</summary>
    public IReadOnlyList<(int Sentence, Quantity Figure)> Find(ReadQuestion question, IReadOnlyList<ScoredCandidate> ranked)
    {
        if (question.Type != Vocabulary.AnswerType.Number || ranked.Count < 2)
        {
            return [];
        }

        // Figures differ only when they count the same asked noun in passages that also share another word of the
        // question ("600 million people watched" and "650 million people watched", not "rescued" beside "killed").
        var focus = question.Concepts.Select((c, i) => (c, i)).Where(p => p.c.InFocus).ToList();
        var found = new List<(int Sentence, Quantity Figure, int Counts, HashSet<int> Holds)>();
        foreach (var candidate in ranked.Take(AnswerWriter.MaxPassages))
        {
            var document = index.DocumentIndexOf(candidate.Sentence);
            if (found.Any(f => index.DocumentIndexOf(f.Sentence) == document))
            {
                continue;
            }

            // A passage with several figures does not say which of them counts what is asked.
            var figures = index.Evidence(candidate.Sentence).Quantities.Where(q => !q.IsFraction).ToList();
            foreach (var figure in figures.Count == 1 ? figures : [])
            {
                var heads = figure.Head.Select(h => Stemmer.Stem(h.ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);
                var counted = focus.FirstOrDefault(p => p.c.Stems.Any(heads.Contains) || p.c.Alternatives.Any(a => a.Length == 1 && heads.Contains(a[0])));
                if (counted.c is not null)
                {
                    var holds = focus.Where(p => p.i != counted.i && candidate.Candidate.Matches[p.i] != MatchKind.None).Select(p => p.i).ToHashSet();
                    found.Add((candidate.Sentence, figure, counted.i, holds));
                    break;
                }
            }
        }

        var differing = found.Where(f => found.Any(g => g.Counts == f.Counts && g.Holds.Overlaps(f.Holds) && (g.Figure.High < f.Figure.Low || f.Figure.High < g.Figure.Low)))
            .Select(f => (f.Sentence, f.Figure)).ToList();
        return differing.Count >= 2 ? differing : [];
    }
}
