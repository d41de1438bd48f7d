using System.Collections.Concurrent;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Candidates;

/// <summary>The stored sentences as the question path searches them: stems (stop words left out) in an inverted
/// index with BM25 statistics, each sentence's document and neighbours, each document's words and title, and the
/// page noise cleaning removed (indexed apart, never answered from: a question that only it matches is declined).</summary>
public sealed class PassageIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, int> _terms = new(StringComparer.Ordinal);
    private readonly List<int> _documentFrequency = [];
    private readonly int[][] _postings;
    private readonly float[][] _saturation;
    private readonly int[][] _sentenceTerms;
    private readonly int[] _lengths;
    private readonly int[] _documentOf;
    private readonly int[] _positionInDocument;
    private readonly int[] _documentSize;
    private readonly HashSet<int>[] _documentTerms;
    private readonly HashSet<int>[] _titleTerms;
    private readonly List<int[]> _noise = [];
    private readonly Dictionary<int, List<int>> _noiseLinesOf = [];
    private readonly Dictionary<int, List<string>> _wordsByLength = [];
    private readonly ConcurrentDictionary<string, string?> _corrections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]?> _compounds = new(StringComparer.Ordinal);
    private readonly SentenceEvidence?[] _evidence;
    private readonly SentenceWords?[] _words;
    private readonly AnsweringVocabulary _vocabulary;

    public PassageIndex(IReadOnlyList<StoredDocument> documents, IReadOnlyList<FactSentence> sentences, AnsweringVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        Documents = documents;
        Sentences = sentences;
        var documentIndex = documents.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var postings = new List<List<int>>();
        _sentenceTerms = new int[sentences.Count][];
        _lengths = new int[sentences.Count];
        _documentOf = new int[sentences.Count];
        _positionInDocument = new int[sentences.Count];
        _documentSize = new int[documents.Count];
        _documentTerms = [.. documents.Select(_ => new HashSet<int>())];
        _titleTerms = [.. documents.Select(_ => new HashSet<int>())];
        _evidence = new SentenceEvidence?[sentences.Count];
        _words = new SentenceWords?[sentences.Count];
        var surface = new HashSet<string>(StringComparer.Ordinal);

        for (var s = 0; s < sentences.Count; s++)
        {
            var document = documentIndex.GetValueOrDefault(sentences[s].DocumentId);
            _documentOf[s] = document;
            _positionInDocument[s] = _documentSize[document]++;
            var terms = new List<int>();
            foreach (var token in Text.Tokenize(sentences[s].Text))
            {
                if (_vocabulary.StopWords.Contains(token.Word))
                {
                    continue;
                }

                surface.Add(token.Word);
                terms.Add(Intern(Stemmer.Stem(token.Word), postings));
            }

            _lengths[s] = terms.Count;
            var distinct = terms.Distinct().Order().ToArray();
            _sentenceTerms[s] = [.. terms.Order()];
            foreach (var term in distinct)
            {
                postings[term].Add(s);
                _documentTerms[document].Add(term);
            }
        }

        for (var d = 0; d < documents.Count; d++)
        {
            _titleTerms[d].UnionWith(Stems(documents[d].Title).Select(t => Intern(t, postings)));
            foreach (var line in documents[d].Noise.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var terms = Stems(line).Select(t => Intern(t, postings)).Distinct().Order().ToArray();
                foreach (var term in terms)
                {
                    if (!_noiseLinesOf.TryGetValue(term, out var lines))
                    {
                        _noiseLinesOf[term] = lines = [];
                    }

                    lines.Add(_noise.Count);
                }

                _noise.Add(terms);
            }
        }

        _postings = [.. postings.Select(p => p.ToArray())];
        for (var t = 0; t < _postings.Length; t++)
        {
            _documentFrequency.Add(_postings[t].Length);
        }

        AverageLength = sentences.Count == 0 ? 1 : Math.Max(1, _lengths.Average());

        // BM25's term-frequency part of each posting, worked out once: answering only multiplies it by a weight.
        _saturation = new float[_postings.Length][];
        for (var t = 0; t < _postings.Length; t++)
        {
            _saturation[t] = new float[_postings[t].Length];
            for (var i = 0; i < _postings[t].Length; i++)
            {
                var sentence = _postings[t][i];
                var tf = Math.Max(1, TermFrequency(sentence, t));
                _saturation[t][i] = (float)(tf * (K1 + 1) / (tf + K1 * (1 - B + B * _lengths[sentence] / AverageLength)));
            }
        }
        foreach (var word in surface.Where(w => w.Length >= 4 && !char.IsDigit(w[0])))
        {
            if (!_wordsByLength.TryGetValue(word.Length, out var list))
            {
                _wordsByLength[word.Length] = list = [];
            }

            list.Add(word);
        }
    }

    public IReadOnlyList<StoredDocument> Documents { get; }

    public IReadOnlyList<FactSentence> Sentences { get; }

    public double AverageLength { get; }

    public int Count => Sentences.Count;

    public StoredDocument DocumentOf(int sentence) => Documents[_documentOf[sentence]];

    public int DocumentIndexOf(int sentence) => _documentOf[sentence];

    /// <summary>Where the sentence stands in its document, 0 for the first, and how many sentences the document has.</summary>
    public (int Position, int Of) Position(int sentence) => (_positionInDocument[sentence], _documentSize[_documentOf[sentence]]);

    /// <summary>The sentence before or after in the same document, or -1.</summary>
    public int Neighbour(int sentence, int step)
    {
        var other = sentence + step;
        return other >= 0 && other < Count && _documentOf[other] == _documentOf[sentence] ? other : -1;
    }

    public int Length(int sentence) => _lengths[sentence];

    public int Term(string stem) => _terms.TryGetValue(stem, out var id) ? id : -1;

    public int[] Postings(int term) => _postings[term];

    /// <summary>BM25's term-frequency part (k1 1.2, b 0.75) for each posting of the term, in the order of <see cref="Postings"/>.</summary>
    public float[] Saturation(int term) => _saturation[term];

    public double Idf(int term)
    {
        var df = _documentFrequency[term];
        return Math.Log(1 + (Count - df + 0.5) / (df + 0.5));
    }

    /// <summary>The IDF of a term no sentence holds.</summary>
    public double UnseenIdf => Math.Log(1 + (Count + 0.5) / 0.5);

    public int TermFrequency(int sentence, int term)
    {
        var terms = _sentenceTerms[sentence];
        var at = Array.BinarySearch(terms, term);
        if (at < 0)
        {
            return 0;
        }

        var first = at;
        while (first > 0 && terms[first - 1] == term)
        {
            first--;
        }

        var last = at;
        while (last + 1 < terms.Length && terms[last + 1] == term)
        {
            last++;
        }

        return last - first + 1;
    }

    public bool SentenceHasAll(int sentence, int[] terms)
    {
        // A loop, not a lambda: this runs for every posting of a phrase's rarest word.
        var held = _sentenceTerms[sentence];
        foreach (var term in terms)
        {
            if (Array.BinarySearch(held, term) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two sentences say the same thing in (nearly) the same words: the same article syndicated to
    /// two sites, or a caption repeating the text. At least <paramref name="share"/> of their distinct words shared.</summary>
    public bool Restates(int sentence, int other, double share = 0.8)
    {
        if (sentence == other)
        {
            return true;
        }

        var a = _sentenceTerms[sentence];
        var b = _sentenceTerms[other];
        int i = 0, j = 0, both = 0, either = 0;
        while (i < a.Length || j < b.Length)
        {
            var next = j >= b.Length || (i < a.Length && a[i] < b[j]) ? a[i] : b[j];
            var inA = i < a.Length && a[i] == next;
            var inB = j < b.Length && b[j] == next;
            both += inA && inB ? 1 : 0;
            either++;
            while (i < a.Length && a[i] == next)
            {
                i++;
            }

            while (j < b.Length && b[j] == next)
            {
                j++;
            }
        }

        return either > 0 && both >= share * either;
    }

    public bool DocumentHasAll(int document, int[] terms) => terms.All(_documentTerms[document].Contains);

    public bool TitleHasAll(int document, int[] terms) => terms.All(_titleTerms[document].Contains);

    public IReadOnlyList<int[]> NoiseLines => _noise;

    /// <summary>The lines of page noise that hold the term (indexes into <see cref="NoiseLines"/>).</summary>
    public IReadOnlyList<int> NoiseLinesWith(int term) => _noiseLinesOf.TryGetValue(term, out var lines) ? lines : [];

    /// <summary>The two corpus words a closed compound the documents never use is written apart as ("splashdown" for
    /// "splashed down", "moonwalk" for "moon walk"): both halves at least three letters, standing next to each other
    /// in some sentence; their term ids, or null. Of several splits, the one the documents use most.</summary>
    public int[]? Compound(string word)
    {
        if (word.Length < 6 || !word.All(char.IsAsciiLetterLower))
        {
            return null;
        }

        return _compounds.GetOrAdd(word, w =>
        {
            int[]? best = null;
            var bestCount = 0;
            for (var cut = 3; cut <= w.Length - 3; cut++)
            {
                var (firstStem, secondStem) = (Stemmer.Stem(w[..cut]), Stemmer.Stem(w[cut..]));
                var (first, second) = (Term(firstStem), Term(secondStem));
                if (first < 0 || second < 0)
                {
                    continue;
                }

                var count = _postings[first].Count(sentence => Adjacent(Words(sentence).Stems, firstStem, secondStem));
                if (count > bestCount)
                {
                    (best, bestCount) = ([first, second], count);
                }
            }

            return best;
        });
    }

    private static bool Adjacent(string[] stems, string first, string second)
    {
        for (var i = 0; i + 1 < stems.Length; i++)
        {
            if (stems[i] == first && stems[i + 1] == second)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the corpus holds the word (by its stem).</summary>
    public bool HasWord(string word) => Term(Stemmer.Stem(word)) >= 0;

    /// <summary>The corpus word a misspelt question word most likely meant: one edit away (two for long words),
    /// the most frequent such word; null when none or when two are equally likely.</summary>
    public string? Correct(string word)
    {
        if (word.Length < 5 || char.IsDigit(word[0]))
        {
            return null;
        }

        return _corrections.GetOrAdd(word, w =>
        {
            var allowed = w.Length >= 8 ? 2 : 1;
            string? best = null;
            var bestDistance = int.MaxValue;
            var tie = false;
            for (var length = w.Length - allowed; length <= w.Length + allowed; length++)
            {
                if (!_wordsByLength.TryGetValue(length, out var words))
                {
                    continue;
                }

                foreach (var candidate in words)
                {
                    var distance = Spelling.Distance(w, candidate, allowed);
                    if (distance < bestDistance)
                    {
                        (best, bestDistance, tie) = (candidate, distance, false);
                    }
                    else if (distance == bestDistance && distance <= allowed && Stemmer.Stem(candidate) != Stemmer.Stem(best!))
                    {
                        tie = true;
                    }
                }
            }

            return bestDistance <= allowed && !tie ? best : null;
        });
    }

    /// <summary>What the sentence offers as an answer (dates, numbers, names, reasons), read once and kept.</summary>
    public SentenceEvidence Evidence(int sentence) =>
        _evidence[sentence] ??= SentenceEvidence.Read(Sentences[sentence].Text, DocumentOf(sentence).Year, _vocabulary);

    /// <summary>The sentence's words and their stems, in order, read once and kept (scoring reads them per question).</summary>
    public SentenceWords Words(int sentence)
    {
        if (_words[sentence] is { } words)
        {
            return words;
        }

        var tokens = Text.Tokenize(Sentences[sentence].Text);
        return _words[sentence] = new SentenceWords([.. tokens], [.. tokens.Select(t => Stemmer.Stem(t.Word))]);
    }

    private int Intern(string stem, List<List<int>> postings)
    {
        if (!_terms.TryGetValue(stem, out var id))
        {
            id = _terms.Count;
            _terms[stem] = id;
            postings.Add([]);
        }

        return id;
    }

    private IEnumerable<string> Stems(string text) =>
        Text.Tokenize(text).Where(t => !_vocabulary.StopWords.Contains(t.Word)).Select(t => Stemmer.Stem(t.Word));
}

/// <summary>A sentence's tokens and their stems, index for index.</summary>
public sealed record SentenceWords(Token[] Tokens, string[] Stems);
