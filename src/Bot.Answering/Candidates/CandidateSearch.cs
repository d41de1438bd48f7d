using Bot.Answering.Reading;
using Bot.Core.Facts;

namespace Bot.Answering.Candidates;

/// <summary>How a concept of the question was found in the corpus: by its own stems, by a synonym from the
/// vocabulary, or by a spelling correction.</summary>
public enum MatchKind : byte
{
    None,
    Exact,
    Synonym,
    Corrected,
}

/// <summary>A concept with the term ids of each form the corpus knows and its weight (IDF of its rarest known form;
/// the IDF of an unseen term when no form is known: a question word the documents never use).</summary>
public sealed record ResolvedConcept(Concept Concept, IReadOnlyList<(int[] Terms, MatchKind Kind)> Forms, double Weight)
{
    public bool Known => Forms.Count > 0;
}

/// <summary>A sentence that matched some concepts: per concept, how it matched; its BM25 over the focus concepts
/// and over all of them.</summary>
public sealed record Candidate(int Sentence, MatchKind[] Matches, double FocusBm25, double Bm25);

/// <summary>The candidates of one question, with the resolved concepts they were matched against.</summary>
public sealed record CandidateSet(IReadOnlyList<ResolvedConcept> Concepts, IReadOnlyList<Candidate> Candidates);

/// <summary>Stage 2: finds candidate sentences by BM25 over the question's concepts, each concept matched by its own
/// stems, its synonyms or a spelling correction; the best by the focus alone and by the whole message are kept, and,
/// with sentence vectors (semantic answering), the sentences nearest to the question's vector as a third list.</summary>
public sealed class CandidateSearch(PassageIndex index, SentenceVectors? vectors = null)
{
    public const int PerList = 30;
    private const double K1 = 1.2;
    private const double B = 0.75;

    public PassageIndex Index => index;

    public CandidateSet Search(ReadQuestion question)
    {
        var concepts = question.Concepts.Select(Resolve).ToList();
        var found = new Dictionary<int, (MatchKind[] Matches, double Focus, double All)>();
        for (var c = 0; c < concepts.Count; c++)
        {
            foreach (var (terms, kind) in concepts[c].Forms)
            {
                foreach (var sentence in SentencesWithAll(terms))
                {
                    if (!found.TryGetValue(sentence, out var entry))
                    {
                        entry = (new MatchKind[concepts.Count], 0, 0);
                    }

                    if (entry.Matches[c] != MatchKind.None)
                    {
                        continue;
                    }

                    entry.Matches[c] = kind;
                    var score = concepts[c].Weight * Saturation(sentence, terms[0]);
                    found[sentence] = (entry.Matches, entry.Focus + (concepts[c].Concept.InFocus ? score : 0), entry.All + score);
                }
            }
        }

        var byFocus = found.OrderByDescending(p => p.Value.Focus).ThenBy(p => p.Key).Take(PerList);
        var byAll = found.OrderByDescending(p => p.Value.All).ThenBy(p => p.Key).Take(PerList);
        var candidates = byFocus.Concat(byAll).DistinctBy(p => p.Key)
            .Select(p => new Candidate(p.Key, p.Value.Matches, p.Value.Focus, p.Value.All)).ToList();
        if (vectors is not null && question.English)
        {
            var meaning = vectors.Embed(question.Text);
            var taken = candidates.Select(c => c.Sentence).ToHashSet();
            var nearest = Enumerable.Range(0, index.Count).Select(s => (Sentence: s, Similarity: vectors.Similarity(meaning, s)))
                .OrderByDescending(p => p.Similarity).ThenBy(p => p.Sentence).Take(PerList).Where(p => p.Similarity > 0 && !taken.Contains(p.Sentence));
            candidates.AddRange(nearest.Select(p => found.TryGetValue(p.Sentence, out var entry)
                ? new Candidate(p.Sentence, entry.Matches, entry.Focus, entry.All)
                : new Candidate(p.Sentence, new MatchKind[concepts.Count], 0, 0)));
        }

        return new CandidateSet(concepts, candidates);
    }

    /// <summary>Whether the sentence holds the concept in any of its forms.</summary>
    public bool Holds(int sentence, ResolvedConcept concept) => concept.Forms.Any(f => index.SentenceHasAll(sentence, f.Terms));

    private ResolvedConcept Resolve(Concept concept)
    {
        var forms = new List<(int[] Terms, MatchKind Kind)>();
        var weight = 0.0;
        if (Terms(concept.Stems) is { } own)
        {
            forms.Add((own, MatchKind.Exact));
            weight = own.Max(index.Idf);
        }

        foreach (var alternative in concept.Alternatives)
        {
            if (Terms(alternative) is { } terms)
            {
                forms.Add((terms, MatchKind.Synonym));
                if (forms[0].Kind != MatchKind.Exact)
                {
                    weight = Math.Max(weight, terms.Max(index.Idf));
                }
            }
        }

        if (forms.Count == 0 && concept.Stems.Length == 1 && index.Correct(concept.Label) is { } corrected
            && Terms([Bot.Core.Facts.Stemmer.Stem(corrected)]) is { } fixedTerms)
        {
            forms.Add((fixedTerms, MatchKind.Corrected));
            weight = fixedTerms.Max(index.Idf);
        }

        return new ResolvedConcept(concept, forms, forms.Count > 0 ? weight : index.UnseenIdf);
    }

    private int[]? Terms(string[] stems)
    {
        var terms = new int[stems.Length];
        for (var i = 0; i < stems.Length; i++)
        {
            terms[i] = index.Term(stems[i]);
            if (terms[i] < 0)
            {
                return null;
            }
        }

        return terms;
    }

    private IEnumerable<int> SentencesWithAll(int[] terms)
    {
        var rarest = terms.MinBy(t => index.Postings(t).Length);
        foreach (var sentence in index.Postings(rarest))
        {
            if (terms.Length == 1 || index.SentenceHasAll(sentence, terms))
            {
                yield return sentence;
            }
        }
    }

    private double Saturation(int sentence, int term)
    {
        var tf = Math.Max(1, index.TermFrequency(sentence, term));
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * index.Length(sentence) / index.AverageLength));
    }
}
