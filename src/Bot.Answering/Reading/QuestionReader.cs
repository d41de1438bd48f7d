using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Reading;

/// <summary>Stage 1: reads a question. Chat spellings are rewritten from the vocabulary; a long message is split
/// into clauses and the last one that asks something is its focus (the rest is context); the focus names the kind
/// of answer wanted; content words become concepts, synonym phrases one concept each.</summary>
public sealed class QuestionReader(AnsweringVocabulary vocabulary)
{
    private static readonly char[] ClauseEnds = ['.', '?', '!', ';', '\n', ':'];

    public ReadQuestion Read(string question)
    {
        var text = question.Trim();
        var english = IsEnglish(text);
        var clauses = Clauses(text);
        var focusEnd = FocusClause(clauses);

        // The clause before the focus joins it when the focus alone names almost nothing ("Which years?").
        var focusStart = ContentCount(clauses[focusEnd]) < 2 && focusEnd > 0 ? focusEnd - 1 : focusEnd;
        var concepts = new List<Concept>();
        for (var c = 0; c < clauses.Count; c++)
        {
            AddConcepts(clauses[c], c >= focusStart && c <= focusEnd, concepts);
        }

        var focusWords = clauses.Skip(focusStart).Take(focusEnd - focusStart + 1).SelectMany(c => c).ToList();
        var allWords = clauses.SelectMany(c => c).ToList();
        var numbers = allWords.Where(w => w.Length > 0 && char.IsDigit(w[0])).Distinct(StringComparer.Ordinal).ToList();
        var dates = Extraction.Dates(string.Join(' ', allWords), null);
        var monthDay = dates.FirstOrDefault(d => d is { Month: not null, Day: not null });
        var type = TypeOf(focusWords);
        var dateAsk = DateAskOf(allWords);
        var ordinal = OrdinalOf(allWords);
        var year = allWords.Select(YearOf).LastOrDefault(y => y is not null);

        // In a question that computes with dates, the year and the anniversary it names are what to compute with,
        // not words to find: no sentence says "2031".
        var merged = Merge(concepts);
        if (dateAsk is not null || (ordinal is not null && type == AnswerType.Date))
        {
            merged = [.. merged.Where(c => !(c.Stems.Length == 1 && (YearOf(c.Label) is not null || IsOrdinal(c.Label))))];
        }

        return new ReadQuestion(text, english, allWords, string.Join(' ', focusWords), merged, type, numbers)
        {
            DateAsk = dateAsk,
            Ordinal = ordinal,
            Year = year,
            MonthDay = monthDay is null ? null : (monthDay.Month!.Value, monthDay.Day!.Value),
        };
    }

    /// <summary>Clauses of rewritten words; a dash with spaces around it also ends a clause ("fell in '79 - so which year").</summary>
    private List<List<string>> Clauses(string text)
    {
        var clauses = new List<List<string>>();
        var normalized = text.Replace(" - ", "\n", StringComparison.Ordinal).Replace(" – ", "\n", StringComparison.Ordinal).Replace(" — ", "\n", StringComparison.Ordinal);
        foreach (var part in normalized.Split(ClauseEnds, StringSplitOptions.RemoveEmptyEntries))
        {
            var words = new List<string>();
            foreach (var token in Text.Tokenize(part))
            {
                if (vocabulary.Rewrites.TryGetValue(token.Word, out var rewritten))
                {
                    words.AddRange(rewritten);
                }
                else
                {
                    words.Add(token.Word);
                }
            }

            if (words.Count > 0)
            {
                clauses.Add(words);
            }
        }

        return clauses.Count > 0 ? clauses : [[]];
    }

    /// <summary>The last clause that names an answer type (a wh-word, "how many", a yes/no opening); the last clause
    /// when none does.</summary>
    private int FocusClause(List<List<string>> clauses)
    {
        for (var c = clauses.Count - 1; c >= 0; c--)
        {
            if (Cue(clauses[c]) is not null)
            {
                return c;
            }
        }

        return clauses.Count - 1;
    }

    private DateAsk? DateAskOf(List<string> words)
    {
        foreach (var (ask, cues) in vocabulary.DateQuestions)
        {
            if (cues.Any(cue => ContainsLoosely(words, cue)))
            {
                return ask;
            }
        }

        return null;
    }

    /// <summary>The cue's words in order, with at most three other words between two of them ("which victory day
    /// anniversary" has "which anniversary").</summary>
    private static bool ContainsLoosely(List<string> words, string[] cue)
    {
        for (var start = 0; start < words.Count; start++)
        {
            if (words[start] != cue[0])
            {
                continue;
            }

            var at = start;
            var matched = 1;
            while (matched < cue.Length)
            {
                var next = words.FindIndex(at + 1, Math.Min(4, words.Count - at - 1), w => w == cue[matched]);
                if (next < 0)
                {
                    break;
                }

                at = next;
                matched++;
            }

            if (matched == cue.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"45th", "1st" or a phrase of the ordinal words ("golden jubilee"); the last one named.</summary>
    private int? OrdinalOf(List<string> words)
    {
        int? found = null;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (IsOrdinal(word))
            {
                found = int.Parse(word[..^2], System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }

            for (var n = 3; n >= 1; n--)
            {
                if (i + n <= words.Count && vocabulary.OrdinalWords.TryGetValue(string.Join(' ', words.Skip(i).Take(n)), out var named))
                {
                    found = named;
                    break;
                }
            }
        }

        return found;
    }

    private static bool IsOrdinal(string word) =>
        word.Length > 2 && char.IsDigit(word[0]) && word[^2..] is "st" or "nd" or "rd" or "th"
        && int.TryParse(word[..^2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is > 0 and < 1000;

    private static int? YearOf(string word) =>
        word.Length == 4 && int.TryParse(word, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 1000 and < 2200 ? year : null;

    private AnswerType TypeOf(List<string> focus) => Cue(focus) ?? AnswerType.Thing;

    private AnswerType? Cue(List<string> clause)
    {
        var words = clause.ConvertAll(Stemmer.Stem);
        foreach (var (type, cues) in vocabulary.QuestionTypes)
        {
            foreach (var cue in cues)
            {
                // A yes/no question opens with its verb; elsewhere "is" or "did" is just a word.
                if (type == AnswerType.YesNo ? StartsWith(words, cue) : Phrase.In(words, cue))
                {
                    return type;
                }
            }
        }

        return null;
    }

    private static bool StartsWith(List<string> words, string[] cue) => words.Count >= cue.Length && cue.Select((w, i) => words[i] == w).All(x => x);

    private int ContentCount(List<string> words) => words.Count(w => !vocabulary.StopWords.Contains(w));

    private void AddConcepts(List<string> words, bool inFocus, List<Concept> concepts)
    {
        var stems = words.Select(Stemmer.Stem).ToArray();
        var i = 0;
        while (i < words.Count)
        {
            var taken = false;
            for (var n = Math.Min(vocabulary.LongestPhrase, words.Count - i); n >= 2 && !taken; n--)
            {
                var phrase = string.Join(' ', stems, i, n);
                if (vocabulary.Alternatives.TryGetValue(phrase, out var alternatives))
                {
                    concepts.Add(new Concept(string.Join(' ', words.Skip(i).Take(n)), stems[i..(i + n)], alternatives, inFocus));
                    i += n;
                    taken = true;
                }
            }

            if (taken)
            {
                continue;
            }

            var word = words[i];
            if (!vocabulary.StopWords.Contains(word) && (word.Length > 1 || char.IsDigit(word[0])))
            {
                concepts.Add(new Concept(word, [stems[i]], vocabulary.Alternatives.GetValueOrDefault(stems[i]) ?? [], inFocus));
            }

            i++;
        }
    }

    /// <summary>One concept per stem: a word named in the focus and in the context counts once, as focus.</summary>
    private static List<Concept> Merge(List<Concept> concepts)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var merged = new List<Concept>();
        foreach (var concept in concepts.OrderByDescending(c => c.InFocus))
        {
            var key = string.Join(' ', concept.Stems);
            if (seen.TryAdd(key, merged.Count))
            {
                merged.Add(concept);
            }
        }

        return merged;
    }

    /// <summary>Latin script with few marks: English as far as the bot can tell. Vietnamese's stacked diacritics and
    /// any other script are not.</summary>
    private static bool IsEnglish(string text)
    {
        int letters = 0, marked = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                marked += c > '\u007F' ? 1 : 0;
            }
        }

        return letters == 0 || marked * 10 < letters;
    }
}
