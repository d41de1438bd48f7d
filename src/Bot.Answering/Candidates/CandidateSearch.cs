using System.Buffers;
using System.Collections.Concurrent;
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

    /// <summary>Every stem of the concept and of its synonyms, gathered once per question (features ask it per candidate).</summary>
    public HashSet<string> AllStems { get; } = [.. Concept.Stems.Concat(Concept.Alternatives.SelectMany(a => a))];
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
        // the question; the best are picked straight from those arrays, and only the few kept are copied out and
        // worked out (how each concept matched).
        List<int> kept;
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

            kept = Best(scratch.TouchedSentences, scratch.Focus).Concat(Best(scratch.TouchedSentences, scratch.All)).Distinct().ToList();
            foreach (var sentence in kept)
            {
                scores[sentence] = (scratch.Focus[sentence], scratch.All[sentence]);
            }
        }

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
    /// the touched list at its position (a sparse set).</summary>
    private void Accumulate(ResolvedConcept concept, int c, int[] terms, Scratch scratch)
    {
        var (sentences, wordSaturation, phraseSaturation) = Postings(terms);
        for (var i = 0; i < sentences.Length; i++)
        {
            var sentence = sentences[i];
            var at = scratch.Position[sentence];
            if ((uint)at >= (uint)scratch.TouchedCount || scratch.Touched[at] != sentence)
            {
                scratch.Position[sentence] = scratch.TouchedCount;
                scratch.Touched[scratch.TouchedCount++] = sentence;
                scratch.Focus[sentence] = 0;
                scratch.All[sentence] = 0;
                scratch.LastConcept[sentence] = -1;
            }

            if (scratch.LastConcept[sentence] == c)
            {
                continue;
            }

            scratch.LastConcept[sentence] = c;
            var score = concept.Weight * (wordSaturation is not null ? wordSaturation[i] : phraseSaturation![i]);
            scratch.Focus[sentence] += concept.Concept.InFocus ? score : 0;
            scratch.All[sentence] += score;
        }
    }

    /// <summary>The sentences holding every term of a form, each with the BM25 saturation of its first word (a phrase
    /// is weighed by its first word's frequency in the sentence, as a single word is by its own). A single word's are
    /// the index's own; a phrase's are worked out once, from its rarest word's postings, and kept (up to
    /// <see cref="MaxPhrasePostings"/> postings in all): synonym phrases recur in question after question.</summary>
    private (int[] Sentences, float[]? Word, double[]? Phrase) Postings(int[] terms)
    {
        if (terms.Length == 1)
        {
            return (index.Postings(terms[0]), index.Saturation(terms[0]), null);
        }

        var key = string.Join(',', terms);
        if (_phrases.TryGetValue(key, out var known))
        {
            return (known.Sentences, null, known.Saturation);
        }

        var rarest = terms.MinBy(t => index.Postings(t).Length);
        var postings = index.Postings(rarest);
        var rarestSaturation = index.Saturation(rarest);
        var sentences = new List<int>();
        var saturation = new List<double>();
        for (var i = 0; i < postings.Length; i++)
        {
            if (index.SentenceHasAll(postings[i], terms))
            {
                sentences.Add(postings[i]);
                saturation.Add(rarest == terms[0] ? rarestSaturation[i] : Saturation(postings[i], terms[0]));
            }
        }

        var found = (Sentences: sentences.ToArray(), Saturation: saturation.ToArray());
        if (Interlocked.Add(ref _phrasePostingsKept, found.Sentences.Length) <= MaxPhrasePostings)
        {
            _phrases.TryAdd(key, found);
        }
        else
        {
            Interlocked.Add(ref _phrasePostingsKept, -found.Sentences.Length);
        }

        return (found.Sentences, null, found.Saturation);
    }

    /// <summary>How many phrase postings are kept in all (12 bytes each, about 24 MB): a bound on memory whatever
    /// members type; past it, a new phrase is worked out for each question.</summary>
    private const long MaxPhrasePostings = 2_000_000;

    private long _phrasePostingsKept;

    private readonly ConcurrentDictionary<string, (int[] Sentences, double[] Saturation)> _phrases = new(StringComparer.Ordinal);

    /// <summary>Per-question working arrays, one slot per sentence, rented and returned.</summary>
    private sealed class Scratch : IDisposable
    {
        public Scratch(int size)
        {
            Focus = ArrayPool<double>.Shared.Rent(size);
            All = ArrayPool<double>.Shared.Rent(size);
            Position = ArrayPool<int>.Shared.Rent(size);
            LastConcept = ArrayPool<int>.Shared.Rent(size);
            Touched = ArrayPool<int>.Shared.Rent(size);
        }

        public double[] Focus { get; }

        public double[] All { get; }

        public int[] Position { get; }

        public int[] LastConcept { get; }

        /// <summary>The sentences scored so far, in the order first met: the first <see cref="TouchedCount"/> slots.</summary>
        public int[] Touched { get; }

        public int TouchedCount { get; set; }

        public ReadOnlySpan<int> TouchedSentences => Touched.AsSpan(0, TouchedCount);

        public void Dispose()
        {
            ArrayPool<double>.Shared.Return(Focus);
            ArrayPool<double>.Shared.Return(All);
            ArrayPool<int>.Shared.Return(Position);
            ArrayPool<int>.Shared.Return(LastConcept);
            ArrayPool<int>.Shared.Return(Touched);
        }
    }

    /// <summary>The best <see cref="PerList"/> sentences by one score (ties by sentence order), without sorting them
    /// all: a sentence that cannot beat the lowest of those kept so far is skipped before it touches the heap.</summary>
    private static List<int> Best(ReadOnlySpan<int> touched, double[] score)
    {
        var heap = new PriorityQueue<int, (double Score, int Sentence)>(PerList + 1, Lowest);
        var floor = (Score: 0.0, Sentence: int.MaxValue);
        foreach (var sentence in touched)
        {
            var value = score[sentence];
            if (value <= 0 || value < floor.Score || (value == floor.Score && sentence >= floor.Sentence))
            {
                continue;
            }

            heap.Enqueue(sentence, (value, sentence));
            if (heap.Count > PerList)
            {
                heap.Dequeue();
            }

            if (heap.Count == PerList)
            {
                heap.TryPeek(out _, out floor);
            }
        }

        var best = new List<(int Sentence, double Score)>(heap.Count);
        while (heap.TryDequeue(out var sentence, out var key))
        {
            best.Add((sentence, key.Score));
        }

        return [.. best.OrderByDescending(p => p.Score).ThenBy(p => p.Sentence).Select(p => p.Sentence)];
    }

    /// <summary>Lower score first; of equal scores the later sentence first (so the earlier one is kept).</summary>
    private static readonly Comparer<(double Score, int Sentence)> Lowest = Comparer<(double Score, int Sentence)>.Create(
        (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Sentence.CompareTo(a.Sentence));

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

        if (forms.Count == 0 && concept.Stems.Length == 1 && index.Compound(concept.Label) is { } apart)
        {
            forms.Add((apart, MatchKind.Corrected));
            weight = apart.Max(index.Idf);
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
