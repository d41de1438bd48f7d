using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Bot.Core.Facts;

/// <summary>A stored sentence with its document's metadata, as the store hands it to the index.</summary>
/// <param name="Start">Offset of the sentence in <see cref="StoredDocument.Body"/>.</param>
public sealed record FactSentence(string DocumentId, int Paragraph, int Index, int Start, string Text);

/// <summary>A stored document: metadata and the cleaned body its sentences are cut from.</summary>
/// <param name="Noise">The page text cleaning dropped around the article (see <see cref="ParsedDocument.Noise"/>).</param>
public sealed record StoredDocument(string Id, string Title, string? Date, string? Source, string Body, string Noise = "")
{
    public int? Year => Date is { Length: >= 4 } d && int.TryParse(d.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : null;
}

/// <summary>An in-memory inverted index over the stored sentences: stemmed terms with BM25 weights, a
/// vocabulary for typo correction, the acronyms the documents define, and per-sentence dates, quantities and
/// names computed on first use. Immutable once built; a re-ingest builds a new one.</summary>
public sealed partial class FactIndex
{
    private const float K1 = 1.2f;
    private const float B = 0.3f;

    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<int[]> _postings;

    /// <summary>Per posting, the BM25 term-frequency factor of the term in that sentence, computed once.</summary>
    private readonly List<float[]> _impacts;
    private readonly int[][] _sentenceTerms;
    private readonly byte[][] _sentenceFrequencies;
    private readonly int[] _lengths;
    private readonly float _averageLength;
    private readonly Dictionary<string, int> _surfaceFrequency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _deletes = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int[]> _titlePostings = [];
    private readonly FrozenSet<string> _noiseOnly;
    private readonly HashSet<string> _capitalized = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<int>?[] _documentOrdinals;
    private readonly int[] _documentOf;
    private readonly int[][] _documentSentences;
    private readonly IReadOnlyList<DateMention>?[] _dates;
    private readonly IReadOnlyList<Quantity>?[] _quantities;
    private readonly IReadOnlyList<NameMention>?[] _names;

    private readonly ConcurrentDictionary<int[], (int[] Sentences, float[] Impacts)> _together = new(TermsComparer.Instance);

    /// <summary>Postings <see cref="PostingsOfAll"/> may still keep: four per sentence, eight bytes each (the eval
    /// questions use 12 phrases and 0.4 per sentence at 100,000 passages). Past it a phrase is worked out each time.</summary>
    private long _togetherBudget;

    public FactIndex(IReadOnlyList<StoredDocument> documents, IReadOnlyList<FactSentence> sentences)
    {
        Documents = documents;
        Sentences = sentences;
        var documentIndex = documents.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _documentOf = [.. sentences.Select(s => documentIndex[s.DocumentId])];
        var perDocument = new List<int>?[documents.Count];
        for (var s = 0; s < sentences.Count; s++)
        {
            (perDocument[_documentOf[s]] ??= []).Add(s);
        }

        _documentSentences = [.. perDocument.Select(list => list is null ? [] : list.ToArray())];
        _sentenceTerms = new int[sentences.Count][];
        _sentenceFrequencies = new byte[sentences.Count][];
        _lengths = new int[sentences.Count];
        _dates = new IReadOnlyList<DateMention>?[sentences.Count];
        _documentOrdinals = new IReadOnlyList<int>?[documents.Count];
        _quantities = new IReadOnlyList<Quantity>?[sentences.Count];
        _names = new IReadOnlyList<NameMention>?[sentences.Count];
        var postings = new List<List<int>>();
        for (var s = 0; s < sentences.Count; s++)
        {
            var counts = new Dictionary<int, int>();
            var tokens = Text.Tokenize(sentences[s].Text);
            foreach (var token in tokens)
            {
                _surfaceFrequency[token.Word] = _surfaceFrequency.GetValueOrDefault(token.Word) + 1;
                if (token.Start > 0 && char.IsUpper(sentences[s].Text[token.Start]))
                {
                    _capitalized.Add(token.Word);
                }

                var id = TermId(Stemmer.Stem(token.Word), postings);
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }

            var ids = counts.Keys.Order().ToArray();
            _sentenceTerms[s] = ids;
            _sentenceFrequencies[s] = [.. ids.Select(id => (byte)Math.Min(counts[id], 255))];
            _lengths[s] = Math.Max(tokens.Count, 1);
            foreach (var id in ids)
            {
                postings[id].Add(s);
            }
        }

        _postings = [.. postings.Select(p => p.ToArray())];
        _togetherBudget = 4L * sentences.Count;
        _averageLength = sentences.Count == 0 ? 1 : (float)_lengths.Average();
        _impacts = [.. _postings.Select((list, term) => list.Select(s => Weight(s, term)).ToArray())];

        var titleDocs = new Dictionary<int, HashSet<int>>();
        for (var d = 0; d < documents.Count; d++)
        {
            // The headline, agency and date describe every sentence of the document ("the VNA report", "in 2026").
            // A title made from the first sentence (no headline) is that sentence's own text, not context.
            var headline = documents[d].Body.Contains(documents[d].Title.TrimEnd('…'), StringComparison.Ordinal) ? "" : documents[d].Title;
            foreach (var token in Text.Tokenize($"{headline} {documents[d].Source} {documents[d].Date}"))
            {
                _surfaceFrequency[token.Word] = _surfaceFrequency.GetValueOrDefault(token.Word) + 1;
                var id = TermId(Stemmer.Stem(token.Word), postings);
                if (!titleDocs.TryGetValue(id, out var set))
                {
                    titleDocs[id] = set = [];
                }

                set.Add(d);
            }
        }

        while (_postings.Count < postings.Count)
        {
            _postings.Add([]);
            _impacts.Add([]);
        }

        foreach (var (id, docs) in titleDocs)
        {
            _titlePostings[id] = [.. docs];
        }

        foreach (var word in _surfaceFrequency.Keys.Concat(Lexicon.ChatWords.Keys).Concat(Lexicon.Synonyms.SelectMany(g => g).SelectMany(p => p.Split(' '))).Distinct(StringComparer.Ordinal))
        {
            if (word.Length >= 3 && word.All(char.IsLetter))
            {
                foreach (var delete in Deletes(word, word.Length >= 7 ? 2 : 1))
                {
                    if (!_deletes.TryGetValue(delete, out var list))
                    {
                        _deletes[delete] = list = [];
                    }

                    list.Add(word);
                }
            }
        }

        var kept = _termIds.Keys.ToHashSet(StringComparer.Ordinal);
        _noiseOnly = documents
            .SelectMany(d => Text.Tokenize(d.Noise))
            .Select(t => t.Word)
            .Where(w => w.Length >= 5 && w.All(char.IsLetter) && !kept.Contains(Stemmer.Stem(w)) && !Lexicon.StopWords.Contains(w) && !Lexicon.IsLexiconWord(w))
            .ToFrozenSet(StringComparer.Ordinal);
        Acronyms = FindAcronyms(sentences);
        Previous = [.. sentences.Select((s, i) => i > 0 && sentences[i - 1].DocumentId == s.DocumentId ? i - 1 : -1)];
        Next = [.. sentences.Select((s, i) => i + 1 < sentences.Count && sentences[i + 1].DocumentId == s.DocumentId ? i + 1 : -1)];
    }

    /// <summary>An index straight from parsed documents, as the store would hold them.</summary>
    public static FactIndex From(IEnumerable<ParsedDocument> documents)
    {
        var list = documents.ToList();
        return new FactIndex(
            [.. list.Select(d => new StoredDocument(d.Id, d.Title, d.Date, d.Source, d.Body, d.Noise))],
            [.. list.SelectMany(d => d.Sentences.Select(s => new FactSentence(d.Id, s.Paragraph, s.Index, s.Start, s.Text)))]);
    }

    public IReadOnlyList<StoredDocument> Documents { get; }

    public IReadOnlyList<FactSentence> Sentences { get; }

    /// <summary>Acronym → its long form's folded words ("eccc" → extraordinary chambers of the courts of cambodia).</summary>
    public IReadOnlyDictionary<string, string[]> Acronyms { get; }

    /// <summary>Where the acronym is defined: acronym → long form as written.</summary>
    public IReadOnlyDictionary<string, (string LongForm, int Sentence)> AcronymDefinitions { get; private set; } = FrozenDictionary<string, (string, int)>.Empty;

    /// <summary>The sentence before each sentence in its document, or -1.</summary>
    internal int[] Previous { get; }

    /// <summary>The sentence after each sentence in its document, or -1.</summary>
    internal int[] Next { get; }

    public StoredDocument DocumentOf(int sentence) => Documents[_documentOf[sentence]];

    internal int DocumentIndexOf(int sentence) => _documentOf[sentence];

    /// <summary>A document's sentences in index order (a name or an anniversary is looked for in its own document
    /// without walking the whole corpus).</summary>
    internal int[] SentencesOf(int document) => _documentSentences[document];

    public IReadOnlyList<DateMention> DatesOf(int sentence) =>
        _dates[sentence] ??= Extraction.Dates(Sentences[sentence].Text, DocumentOf(sentence).Year);

    public IReadOnlyList<Quantity> QuantitiesOf(int sentence) =>
        _quantities[sentence] ??= Extraction.Quantities(Sentences[sentence].Text);

    public IReadOnlyList<NameMention> NamesOf(int sentence) =>
        _names[sentence] ??= Extraction.Names(Sentences[sentence].Text);

    /// <summary>The anniversaries a document is about: ordinals in its headline and first two paragraphs.</summary>
    internal IReadOnlyList<int> DocumentOrdinals(int document) => _documentOrdinals[document] ??= [.. Question.Ordinals(
        Documents[document].Title + " " + string.Join(' ', _documentSentences[document].Select(s => Sentences[s]).Where(s => s.Paragraph < 2).Select(s => s.Text)))];

    /// <summary>Whether the word is written with a capital inside sentences (a name, a place: "Many" in "Hun Many").</summary>
    public bool IsCapitalized(string word) => _capitalized.Contains(word);

    /// <summary>Whether the word occurs only in the page noise cleaning dropped (rabies, durian, Brunei…): a
    /// question about it asks about something that is not a fact of the documents.</summary>
    public bool IsNoiseOnly(string word) => _noiseOnly.Contains(word);

    /// <summary>The most frequent known word within edit distance 1 (2 for words of 7+ letters), or null.</summary>
    public string? Correct(string word)
    {
        // "live" is not a typo of "like" when "lives" is in the documents.
        if (_surfaceFrequency.ContainsKey(word) || _noiseOnly.Contains(word) || word.Length < 4 || word.Length > 30 || _termIds.ContainsKey(Stemmer.Stem(word)))
        {
            return null;
        }

        var max = word.Length >= 7 ? 2 : 1;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFrequency = -1;
        foreach (var delete in Deletes(word, max))
        {
            if (!_deletes.TryGetValue(delete, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                // A typo keeps the first letter, and the last one unless the word is long or letters were swapped:
                // "provnce" → "province", but "bring" is not "brink" and "date" is not "fate".
                if (candidate[0] != word[0] || candidate[^1] != word[^1] && word.Length < 7 && !IsSwap(word, candidate) || Lexicon.StopWords.Contains(candidate))
                {
                    continue;
                }

                var distance = Distance(word, candidate);
                var frequency = _surfaceFrequency.GetValueOrDefault(candidate, 1);
                if (distance <= max && (distance < bestDistance || distance == bestDistance && frequency > bestFrequency))
                {
                    best = candidate;
                    bestDistance = distance;
                    bestFrequency = frequency;
                }
            }
        }

        return best;
    }

    /// <summary>Term id of a stem, or -1 when no sentence has it.</summary>
    internal int Term(string stem) => _termIds.TryGetValue(stem, out var id) ? id : -1;

    internal int[] Postings(int term) => _postings[term];

    internal float[] Impacts(int term) => _impacts[term];

    /// <summary>The sentences that have every one of the terms ("khmer rouge regime"), in order, each with the sum of
    /// the terms' BM25 factors there. Worked out on first use and kept: a phrase's terms come from the lexicon's
    /// synonyms and the documents' acronyms, so the set is small, and looking up the other terms in each sentence
    /// of a common phrase for every question cost more than the rest of the question.</summary>
    internal (int[] Sentences, float[] Impacts) PostingsOfAll(int[] terms)
    {
        if (terms.Length == 1)
        {
            return (_postings[terms[0]], _impacts[terms[0]]);
        }

        if (_together.TryGetValue(terms, out var known))
        {
            return known;
        }

        var together = Intersect(terms);
        if (Volatile.Read(ref _togetherBudget) >= together.Sentences.Length && _together.TryAdd([.. terms], together))
        {
            Interlocked.Add(ref _togetherBudget, -together.Sentences.Length);
        }

        return together;
    }

    /// <summary>Walks the rarest term's postings and finds each sentence in the others' (all in sentence order),
    /// summing the factors in the terms' order so that the sums equal those a sentence-by-sentence lookup gives.</summary>
    private (int[] Sentences, float[] Impacts) Intersect(int[] terms)
    {
        var rarest = terms.MinBy(t => _postings[t].Length);
        var postings = _postings[rarest];
        var impacts = _impacts[rarest];
        var cursors = new int[terms.Length];
        var sentences = new List<int>();
        var sums = new List<float>();
        for (var i = 0; i < postings.Length; i++)
        {
            var s = postings[i];
            var sum = impacts[i];
            var all = true;
            for (var k = 0; k < terms.Length && all; k++)
            {
                var t = terms[k];
                if (t == rarest)
                {
                    continue;
                }

                var at = Seek(_postings[t], s, ref cursors[k]);
                all = at >= 0;
                sum += all ? _impacts[t][at] : 0;
            }

            if (all)
            {
                sentences.Add(s);
                sums.Add(sum);
            }
        }

        return ([.. sentences], [.. sums]);
    }

    /// <summary>Where <paramref name="sentence"/> is in a term's postings, or -1. Searches from
    /// <paramref name="cursor"/> onwards in growing steps and leaves the cursor there, so that a walk over
    /// sentences in increasing order costs the log of the gap between them rather than a search of the list.</summary>
    private static int Seek(int[] postings, int sentence, ref int cursor)
    {
        var low = cursor;
        if (low >= postings.Length || postings[low] > sentence)
        {
            return -1;
        }

        if (postings[low] == sentence)
        {
            return low;
        }

        var step = 1;
        var high = low + 1;
        while (high < postings.Length && postings[high] < sentence)
        {
            low = high;
            step <<= 1;
            high = low + step;
        }

        var found = Array.BinarySearch(postings, low + 1, Math.Min(high, postings.Length - 1) - low, sentence);
        cursor = found >= 0 ? found : ~found;
        return found >= 0 ? found : -1;
    }

    internal int[] TitlePostings(int term) => _titlePostings.TryGetValue(term, out var docs) ? docs : [];

    internal float Idf(int term)
    {
        var df = _postings[term].Length + (_titlePostings.TryGetValue(term, out var docs) ? docs.Length : 0);
        return MathF.Log(1 + (Sentences.Count - df + 0.5f) / (df + 0.5f));
    }

    /// <summary>The idf of a term no sentence has: as rare as can be.</summary>
    internal float MaxIdf => MathF.Log(1 + (Sentences.Count + 0.5f) / 0.5f);

    internal float Weight(int sentence, int term)
    {
        var index = Array.BinarySearch(_sentenceTerms[sentence], term);
        if (index < 0)
        {
            return 0;
        }

        float tf = _sentenceFrequencies[sentence][index];
        var norm = K1 * (1 - B + B * _lengths[sentence] / _averageLength);
        return tf * (K1 + 1) / (tf + norm);
    }

    private int TermId(string stem, List<List<int>> postings)
    {
        if (!_termIds.TryGetValue(stem, out var id))
        {
            id = _termIds.Count;
            _termIds[stem] = id;
            postings.Add([]);
        }

        return id;
    }

    private static HashSet<string> Deletes(string word, int max)
    {
        var current = new HashSet<string>(StringComparer.Ordinal) { word };
        var all = new HashSet<string>(StringComparer.Ordinal) { word };
        for (var d = 0; d < max; d++)
        {
            var next = new HashSet<string>(StringComparer.Ordinal);
            foreach (var w in current)
            {
                if (w.Length <= 2)
                {
                    continue;
                }

                for (var i = 0; i < w.Length; i++)
                {
                    next.Add(w.Remove(i, 1));
                }
            }

            all.UnionWith(next);
            current = next;
        }

        return all;
    }

    private static bool IsSwap(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var differ = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
        return differ.Count == 2 && differ[1] == differ[0] + 1 && a[differ[0]] == b[differ[1]] && a[differ[1]] == b[differ[0]];
    }

    /// <summary>Optimal string alignment distance (adjacent transpositions count as one edit).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"\((?<acronym>[A-Z]{2,8})\)")]
    private static partial Regex AcronymInParentheses();

    /// <summary>"Extraordinary Chambers of the Courts of Cambodia (ECCC)": the capitalized words before the
    /// parenthesis whose initials spell the acronym define it.</summary>
    private Dictionary<string, string[]> FindAcronyms(IReadOnlyList<FactSentence> sentences)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var definitions = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        for (var s = 0; s < sentences.Count; s++)
        {
            var text = sentences[s].Text;
            foreach (Match m in AcronymInParentheses().Matches(text))
            {
                var acronym = m.Groups["acronym"].Value;
                var words = text[..m.Index].TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var letters = acronym.Length;
                var taken = 0;
                var first = words.Length;
                for (var w = words.Length - 1; w >= 0 && taken < letters; w--)
                {
                    var word = words[w].Trim(',', '—', '–');
                    if (word.Length == 0)
                    {
                        break;
                    }

                    if (char.IsUpper(word[0]))
                    {
                        if (char.ToUpperInvariant(word[0]) != acronym[letters - 1 - taken])
                        {
                            break;
                        }

                        taken++;
                        first = w;
                    }
                    else if (word is not ("of" or "the" or "for" or "and" or "in" or "on"))
                    {
                        break;
                    }
                }

                var key = acronym.ToLowerInvariant();
                if (taken == letters && !result.ContainsKey(key))
                {
                    var longForm = string.Join(' ', words[first..]).Trim(',', ' ');
                    result[key] = [.. Text.Tokenize(longForm).Select(t => t.Word)];
                    definitions[key] = (longForm, s);
                }
            }
        }

        AcronymDefinitions = definitions;
        return result;
    }

    /// <summary>Term-id arrays compared by their contents.</summary>
    private sealed class TermsComparer : IEqualityComparer<int[]>
    {
        public static readonly TermsComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
