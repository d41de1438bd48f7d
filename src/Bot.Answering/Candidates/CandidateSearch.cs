using System.Buffers;
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

        // Scores only while scanning postings (a common word may hold thousands of sentences), in arrays rented for
        // the question; how each concept matched is worked out afterwards for the few sentences kept.
        var scores = new Dictionary<int, (double Focus, double All)>();
        using (var scratch = new Scratch(index.Count))
        {
            for (var c = 0; c < concepts.Count; c++)
            {
                foreach (var (terms, _) in concepts[c].Forms)
                {
                    Accumulate(concepts[c], c, terms, scratch);
                }
            }

            foreach (var sentence in scratch.Touched)
            {
                scores[sentence] = (scratch.Focus[sentence], scratch.All[sentence]);
            }
        }

        var kept = Best(scores, p => p.Focus).Concat(Best(scores, p => p.All)).Distinct().ToList();
        if (vectors is not null && question.English)
        {
            var meaning = vectors.Embed(question.Text);
            var taken = kept.ToHashSet();
            kept.AddRange(Enumerable.Range(0, index.Count).Select(s => (Sentence: s, Similarity: vectors.Similarity(meaning, s)))
                .OrderByDescending(p => p.Similarity).ThenBy(p => p.Sentence).Take(PerList)
                .Where(p => p.Similarity > 0 && !taken.Contains(p.Sentence)).Select(p => p.Sentence));
        }

        var candidates = kept.Select(sentence =>
        {
            var entry = scores.GetValueOrDefault(sentence);
            return new Candidate(sentence, [.. concepts.Select(c => Match(sentence, c))], entry.Focus, entry.All);
        }).ToList();
        return new CandidateSet(concepts, candidates);
    }

    /// <summary>Adds a concept's BM25 share to every sentence holding one of its forms, once per concept (the first
    /// form found counts). The rented arrays are never cleared: a sentence's slots are valid only once it stands in
    /// <paramref name="touched"/> at its <paramref name="position"/> (a sparse set).</summary>
    private void Accumulate(ResolvedConcept concept, int c, int[] terms, Scratch scratch)
    {
        var rarest = terms.MinBy(t => index.Postings(t).Length);
        var postings = index.Postings(rarest);
        var saturation = index.Saturation(rarest);
        for (var i = 0; i < postings.Length; i++)
        {
            var sentence = postings[i];
            if (terms.Length > 1 && !index.SentenceHasAll(sentence, terms))
            {
                continue;
            }

            var at = scratch.Position[sentence];
            if ((uint)at >= (uint)scratch.Touched.Count || scratch.Touched[at] != sentence)
            {
                scratch.Position[sentence] = scratch.Touched.Count;
                scratch.Touched.Add(sentence);
                scratch.Focus[sentence] = 0;
                scratch.All[sentence] = 0;
                scratch.LastConcept[sentence] = -1;
            }

            if (scratch.LastConcept[sentence] == c)
            {
                continue;
            }

            scratch.LastConcept[sentence] = c;

            // A phrase is weighed by its first word's frequency in the sentence, as a single word is by its own.
            var score = concept.Weight * (rarest == terms[0] ? saturation[i] : Saturation(sentence, terms[0]));
            scratch.Focus[sentence] += concept.Concept.InFocus ? score : 0;
            scratch.All[sentence] += score;
        }
    }

    /// <summary>Per-question working arrays, one slot per sentence, rented and returned.</summary>
    private sealed class Scratch : IDisposable
    {
        public Scratch(int size)
        {
            Focus = ArrayPool<double>.Shared.Rent(size);
            All = ArrayPool<double>.Shared.Rent(size);
            Position = ArrayPool<int>.Shared.Rent(size);
            LastConcept = ArrayPool<int>.Shared.Rent(size);
        }

        public double[] Focus { get; }

        public double[] All { get; }

        public int[] Position { get; }

        public int[] LastConcept { get; }

        public List<int> Touched { get; } = [];

        public void Dispose()
        {
            ArrayPool<double>.Shared.Return(Focus);
            ArrayPool<double>.Shared.Return(All);
            ArrayPool<int>.Shared.Return(Position);
            ArrayPool<int>.Shared.Return(LastConcept);
        }
    }

    /// <summary>The best <see cref="PerList"/> sentences by one score (ties by sentence order), without sorting them all.</summary>
    private static IEnumerable<int> Best(Dictionary<int, (double Focus, double All)> scores, Func<(double Focus, double All), double> by)
    {
        var heap = new PriorityQueue<int, (double Score, int Sentence)>(PerList + 1, Comparer<(double Score, int Sentence)>.Create(
            (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Sentence.CompareTo(a.Sentence)));
        foreach (var (sentence, entry) in scores)
        {
            var score = by(entry);
            if (score <= 0)
            {
                continue;
            }

            heap.Enqueue(sentence, (score, sentence));
            if (heap.Count > PerList)
            {
                heap.Dequeue();
            }
        }

        var best = new List<(int Sentence, double Score)>();
        while (heap.TryDequeue(out var sentence, out var key))
        {
            best.Add((sentence, key.Score));
        }

        return best.OrderByDescending(p => p.Score).ThenBy(p => p.Sentence).Select(p => p.Sentence);
    }

    /// <summary>How the sentence holds the concept: by the first of its forms (own stems, then synonyms, then a
    /// correction) whose stems it holds.</summary>
    private MatchKind Match(int sentence, ResolvedConcept concept)
    {
        foreach (var (terms, kind) in concept.Forms)
        {
            if (index.SentenceHasAll(sentence, terms))
            {
                return kind;
            }
        }

        return MatchKind.None;
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

    private double Saturation(int sentence, int term)
    {
        var tf = Math.Max(1, index.TermFrequency(sentence, term));
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * index.Length(sentence) / index.AverageLength));
    }
}
