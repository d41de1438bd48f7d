using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Answering.Vocabulary;
using Bot.Core.Facts;

namespace Bot.Answering.Reading;

/// <summary>Stage 1: reads a question. Chat spellings are rewritten from the vocabulary; a long message is split
/// into clauses and the last one that asks something is its focus (the rest is context); the focus names the kind
/// of answer wanted; content words become concepts, synonym phrases one concept each.</summary>
/// <param name="inCorpus">Whether the documents hold a word: a word they hold is never taken for a misspelling
/// (without it, none is).</param>
public sealed partial class QuestionReader(AnsweringVocabulary vocabulary, Func<string, bool>? inCorpus = null)
{
    /// <summary>The verbs a yes/no question opens with ("did", "was"), which also follow a "when" that asks.</summary>
    // A join word inside a range phrase ("come to power", "out of power") joins nothing.
    private readonly string[][] _rangePhrases = [.. vocabulary.DateEvents.Start.Concat(vocabulary.DateEvents.End).Where(p => p.Length > 1)];
    private readonly HashSet<string> _askingVerbs = [.. vocabulary.QuestionTypes.Where(t => t.Type == AnswerType.YesNo).SelectMany(t => t.Cues).Where(c => c.Length == 1).Select(c => c[0])];

    private static readonly char[] ClauseEnds = ['.', '?', '!', ';', '\n', ':'];

    public ReadQuestion Read(string question)
    {
        var text = question.Trim();
        var english = IsEnglish(text);
        var (clauses, asked) = Clauses(text);
        var focusEnd = FocusClause(clauses, asked);

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
        var dateCue = DateAskOf(allWords);
        var dateAsk = dateCue?.Ask;
        var ordinal = OrdinalOf(allWords);
        var year = allWords.Select(YearOf).LastOrDefault(y => y is not null);

        // In a question that computes with dates, the year and the anniversary it names are what to compute with,
        // not words to find: no sentence says "2031".
        var merged = Merge(concepts);
        // Nor are the words that only say how to compute ("days", "until", "anniversary"): the sentences to find are
        // about the event.
        if (dateAsk is not null)
        {
            var generic = vocabulary.DateEvents.GenericWords;
            var count = ordinal?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            merged = [.. merged.Where(c => !(c.Stems.Length == 1 && (YearOf(c.Label) is not null || IsOrdinal(c.Label) || c.Label == count || generic.Contains(c.Label) || vocabulary.OrdinalWords.ContainsKey(c.Label))))];
        }

        return new ReadQuestion(text, english, allWords, string.Join(' ', focusWords), merged, type, numbers)
        {
            DateAsk = dateAsk,
            Ordinal = ordinal,
            Year = year,
            MonthDay = monthDay is null ? null : (monthDay.Month!.Value, monthDay.Day!.Value),
            Events = dateCue is { } cue ? EventsOf(allWords, cue.Cue, cue.Ask) : [],
            RangeWords = dateAsk is null ? new HashSet<string>() : RangeWordsOf(allWords),
        };
    }

    private HashSet<string> RangeWordsOf(List<string> words) =>
        [.. vocabulary.DateEvents.Start.Concat(vocabulary.DateEvents.End).Where(p => Phrase.In(words, p)).SelectMany(p => p)];

    /// <summary>Clauses of rewritten words, and the indexes of those that end in a question mark; a dash with spaces
    /// around it also ends a clause ("fell in '79 - so which year").</summary>
    private (List<List<string>> Clauses, HashSet<int> Asked) Clauses(string text)
    {
        var clauses = new List<List<string>>();
        var asked = new HashSet<int>();
        // A remark in brackets ("in months, how long was that (ignore the leftover days)?") is context, never the
        // question: it becomes a clause of its own before the others, and the mark after it ends the clause it interrupts.
        foreach (Match aside in Bracketed().Matches(text))
        {
            var words = Text.Tokenize(aside.Groups[1].Value).SelectMany(t => Rewritten(t.Word)).ToList();
            if (words.Count > 0)
            {
                clauses.Add(words);
            }
        }

        text = Bracketed().Replace(text, " ");
        var normalized = text.Replace(" - ", "\n", StringComparison.Ordinal).Replace(" – ", "\n", StringComparison.Ordinal).Replace(" — ", "\n", StringComparison.Ordinal);
        var start = 0;
        while (start < normalized.Length)
        {
            var end = normalized.IndexOfAny(ClauseEnds, start);
            var part = end < 0 ? normalized[start..] : normalized[start..end];
            var words = new List<string>();
            foreach (var token in Text.Tokenize(part))
            {
                words.AddRange(Rewritten(token.Word));
            }

            WriteOutShortYears(words);
            if (words.Count > 0)
            {
                if (end >= 0 && normalized[end] == '?')
                {
                    asked.Add(clauses.Count);
                }

                clauses.Add(words);
            }

            start = end < 0 ? normalized.Length : end + 1;
        }

        return (clauses.Count > 0 ? clauses : [[]], asked);
    }

    [GeneratedRegex(@"\(([^()]*)\)")]
    private static partial Regex Bracketed();

    /// <summary>"Fell in 79", "back in '69", "from 75 to 79": two digits after a word that leads a year, with nothing
    /// but a stop word after them (not "in 10 years"), are a year, read as the calendar reads two-digit years.</summary>
    private void WriteOutShortYears(List<string> words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].Length == 2 && char.IsAsciiDigit(words[i][0]) && char.IsAsciiDigit(words[i][1])
                && vocabulary.DateEvents.YearLead.Any(p => p.Length == 1 && p[0] == words[i - 1])
                && (i + 1 == words.Count || vocabulary.StopWords.Contains(words[i + 1])))
            {
                var year = CultureInfo.InvariantCulture.Calendar.ToFourDigitYear(int.Parse(words[i], CultureInfo.InvariantCulture));
                words[i] = year.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>The word as the vocabulary rewrites it; a word neither the vocabulary nor the documents know, one edit
    /// from a word of the vocabulary ("anniversery", "untill"), as that word.</summary>
    private string[] Rewritten(string word)
    {
        if (vocabulary.Rewrites.TryGetValue(word, out var rewritten))
        {
            return rewritten;
        }

        return inCorpus is not null && vocabulary.Corrected(word) is { } corrected && !inCorpus(word)
            ? vocabulary.Rewrites.GetValueOrDefault(corrected) ?? [corrected]
            : [word];
    }

    /// <summary>The last clause that ends in a question mark ("who else ran it? sang names a couple"); without one,
    /// the last clause that names an answer type (a wh-word, "how many", a yes/no opening); the last clause when
    /// none does.</summary>
    private int FocusClause(List<List<string>> clauses, HashSet<int> asked)
    {
        if (asked.Count > 0)
        {
            // "victory day was yesterday right? how many days till the next one": a later clause that opens with the
            // words of a question (not a yes/no verb, which opens remarks too) is the question; the marked one was a tag.
            for (var c = clauses.Count - 1; c > asked.Max(); c--)
            {
                var stems = clauses[c].ConvertAll(Stemmer.Stem);
                if (vocabulary.QuestionTypes.Any(t => t.Type != AnswerType.YesNo && t.Cues.Any(cue => StartsWith(stems, cue))))
                {
                    return c;
                }
            }

            // "… what's the number of the next anniversary? like 50-somethingth?": a marked clause with no question
            // words and next to no content is a guess at the answer; the marked clause before it that asks is the question.
            var last = asked.Max();
            while (last > 0 && Cue(clauses[last]) is null && ContentCount(clauses[last]) < 3 && asked.Contains(last - 1))
            {
                last--;
            }

            return Cue(clauses[last]) is not null ? last : asked.Max();
        }

        for (var c = clauses.Count - 1; c >= 0; c--)
        {
            if (Cue(clauses[c]) is not null)
            {
                return c;
            }
        }

        return clauses.Count - 1;
    }

    private (DateAsk Ask, List<int> Cue)? DateAskOf(List<string> words)
    {
        var present = words.ToHashSet(StringComparer.Ordinal);
        foreach (var (ask, cues) in vocabulary.DateQuestions)
        {
            foreach (var cue in cues)
            {
                if (present.Contains(cue[0]) && MatchLoosely(words, cue) is { } at)
                {
                    // Every cue of the ask that the question holds is cue, not event: "how many days left until" is
                    // matched by "how many days until" around "left", and "days left" names "left" a cue word too.
                    var all = cues.Where(c => present.Contains(c[0])).Select(c => MatchLoosely(words, c)).OfType<List<int>>().SelectMany(c => c);
                    return (ask, [.. at.Union(all).Order()]);
                }
            }
        }

        return null;
    }

    /// <summary>Where the cue's words stand in order, with at most three other words between two of them ("which
    /// victory day anniversary" has "which anniversary"); null when they do not.</summary>
    private static List<int>? MatchLoosely(List<string> words, string[] cue)
    {
        for (var start = 0; start < words.Count; start++)
        {
            if (words[start] != cue[0])
            {
                continue;
            }

            var at = new List<int> { start };
            while (at.Count < cue.Length)
            {
                var last = at[^1];
                var next = words.FindIndex(last + 1, Math.Min(4, words.Count - last - 1), w => w == cue[at.Count]);
                if (next < 0)
                {
                    break;
                }

                at.Add(next);
            }

            if (at.Count == cue.Length)
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>The events a date question computes with, as runs of its words without the cue: "between A and B",
    /// "from A until B", "A … until B", "after A did B", or the one event it names ("since A", or all of it; all of
    /// it for the computations that take one event).</summary>
    private List<string> EventsOf(List<string> words, List<int> cue, DateAsk ask)
    {
        var rest = words.Where((_, i) => !cue.Contains(i)).ToList();
        var events = vocabulary.DateEvents;

        // Which anniversary, the year of one, its day of the week: one event, all of the rest ("the 75th anniversary
        // of the liberation from the regime" opens nothing at "from").
        if (ask is DateAsk.WhichAnniversary or DateAsk.YearOf or DateAsk.Weekday)
        {
            return NamedCount(rest) > 0 ? [string.Join(' ', rest)] : [];
        }

        var open = Find(rest, events.Open, 0);

        // A cue that ends with an opening word ("how many years since") opens the event where it ends, unless an
        // opening word stands before it; one after it is inside the event ("since the city was freed from the army").
        var cueOpens = events.Open.Any(o => o.Length == 1 && o[0] == words[cue[^1]]);
        var cueEnd = cue[^1] + 1 - cue.Count;
        if (cueOpens && open is { } inside && inside.At >= cueEnd)
        {
            open = null;
        }

        var from = open is { } o ? o.At + o.Length : cueOpens ? cueEnd : 0;
        var joinsNothing = new HashSet<int>();
        for (var found = Find(rest, _rangePhrases, 0); found is { } range; found = Find(rest, _rangePhrases, range.At + 1))
        {
            joinsNothing.UnionWith(Enumerable.Range(range.At + 1, range.Length - 1));
        }

        // "to" and "and" join two events only where the question names two ("from A to B"): elsewhere they belong
        // to one ("the fall of the city to the army").
        if (Find(words, events.PairOpen, 0) is null)
        {
            for (var found = Find(rest, events.PairJoin, 0); found is { } pair; found = Find(rest, events.PairJoin, pair.At + 1))
            {
                joinsNothing.Add(pair.At);
            }
        }

        var join = Find(rest, events.Join, from, joinsNothing);

        // "from when A took power to B": a join word right after the opening one opens the first event; it joins nothing.
        if (open is not null && join is { } early && early.At == from)
        {
            from = early.At + early.Length;
            join = Find(rest, events.Join, from, joinsNothing);
        }
        List<string> first, second;
        var between = false;
        if (join is { } j && HasContent(rest, from, j.At))
        {
            first = rest[from..j.At];
            second = rest[(j.At + j.Length)..];
            between = StandsAt(rest, events.PairJoin, j.At);

            // "did the troops stay after 1979": a bare year after the event only says when it was, not a second event.
            if (ContentCount(second) > 0 && second.Where(w => !vocabulary.StopWords.Contains(w)).All(AnsweringVocabulary.IsYear))
            {
                second = [];
            }
        }
        else if (join is { } lead)
        {
            // "after A did B": the join leads, and a verb ends the first event.
            var after = lead.At + lead.Length;
            var verb = Find(rest, events.Verb, after);
            first = verb is { } v ? rest[after..v.At] : rest[after..];
            second = verb is { } w ? rest[(w.At + w.Length)..] : [];
        }
        else
        {
            first = rest[from..];
            second = [];
        }

        // "how many days left until the next one (we are slow planners)": what follows "the next" is the first
        // event's next anniversary and the chatter after it, not a second event.
        if (second.FirstOrDefault(w => !vocabulary.StopWords.Contains(w)) is { } opening && events.Upcoming.Any(p => p.Length == 1 && p[0] == opening))
        {
            second = [];
        }

        // "How old was Armstrong when he died": a second event that opens with a pronoun is about the first's subject.
        if (second.Count > 1 && events.Pronoun.Any(p => p.Length == 1 && p[0] == second[0]) && ContentCount(first) > 0)
        {
            second = [.. first.Where(w => !events.Verb.Any(v => v.Length == 1 && v[0] == w)), .. second[1..]];
        }

        // "between A and B dying": a bare name shares the verb that ends the other event ("after A did B start" and
        // "A when B died" give A no verb).
        if (between && ContentCount(first) == 1 && ContentCount(second) > 1 && RangePhraseAtEnd(second) is { } shared && RangePhraseAtEnd(first) is null)
        {
            first = [.. first, .. shared];
        }

        // "until the next one" names no event: its words only say which anniversary.
        return [.. new[] { first, second }.Where(e => NamedCount(e) > 0).Select(e => string.Join(' ', e))];
    }

    /// <summary>The start or end phrase an event's words end with ("… took power", "… dying"), if any.</summary>
    private string[]? RangePhraseAtEnd(List<string> words) =>
        vocabulary.DateEvents.Start.Concat(vocabulary.DateEvents.End)
            .Where(p => p.Length <= words.Count && words.Skip(words.Count - p.Length).SequenceEqual(p))
            .MaxBy(p => p.Length);

    private bool HasContent(List<string> words, int from, int to) =>
        words.Skip(from).Take(to - from).Any(w => !vocabulary.StopWords.Contains(w));

    /// <summary>One of the phrases starts at word <paramref name="at"/>.</summary>
    private static bool StandsAt(List<string> words, string[][] phrases, int at) =>
        phrases.Any(p => Phrase.StandsAt(words, p, at));

    private static (int At, int Length)? Find(List<string> words, string[][] phrases, int from, HashSet<int>? skip = null)
    {
        for (var i = from; i < words.Count; i++)
        {
            if (skip?.Contains(i) == true)
            {
                continue;
            }

            foreach (var phrase in phrases)
            {
                if (Phrase.StandsAt(words, phrase, i))
                {
                    return (i, phrase.Length);
                }
            }
        }

        return null;
    }

    /// <summary>"45th", "1st" or a phrase of the ordinal words ("golden jubilee"); the last one named.</summary>
    private int? OrdinalOf(List<string> words)
    {
        int? found = null;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            // "The meeting for the 35th anniversary": the ordinal says which meeting, not which anniversary is asked.
            if ((IsOrdinal(word) || vocabulary.OrdinalWords.ContainsKey(word)) && Marks(words, i))
            {
                continue;
            }

            if (IsOrdinal(word))
            {
                found = int.Parse(word[..^2], System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }

            // "When will it turn 100", "reach 50": a count after a word that says an anniversary arrives; "what year
            // will it be 100 years since …": a count before words that count from the event.
            if (int.TryParse(word, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count is > 0 and < 1000
                && ((i > 0 && vocabulary.DateEvents.Arrive.Contains(words[i - 1])) || StandsAt(words, vocabulary.DateEvents.Counted, i + 1)))
            {
                found = count;
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

    /// <summary>The word at <paramref name="at"/> follows "the" after a marking word ("for the", "marking the").</summary>
    private bool Marks(List<string> words, int at) =>
        at >= 2 && words[at - 1] == "the" && vocabulary.DateEvents.Marking.Any(p => at - 1 - p.Length >= 0 && Phrase.StandsAt(words, p, at - 1 - p.Length));

    private static bool IsOrdinal(string word) =>
        word.Length > 2 && char.IsDigit(word[0]) && word[^2..] is "st" or "nd" or "rd" or "th"
        && int.TryParse(word[..^2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is > 0 and < 1000;

    private static int? YearOf(string word) =>
        AnsweringVocabulary.IsYear(word) ? int.Parse(word, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The type the focus's cue names; "which official" or "what paper" narrows a plain "which" by its noun.</summary>
    private AnswerType TypeOf(List<string> focus)
    {
        var cued = Cue(focus) ?? AnswerType.Thing;

        // "When they landed, who was that": a "when" that no verb follows opens a clause of time; the question is
        // asked by the other cue.
        if (cued == AnswerType.Date && focus.Contains("when") && Enumerable.Range(0, focus.Count).Where(i => focus[i] == "when").All(i => Subordinate(focus, i))
            && Cue([.. focus.Where(w => w != "when")]) is { } other and not AnswerType.Date and not AnswerType.YesNo)
        {
            cued = other;
        }

        return cued == AnswerType.Thing && NounType(focus) is { } named ? named : cued;
    }

    /// <summary>A "when" followed within two words by no verb that asks ("when did", "when exactly was"), or by a
    /// pronoun that is the clause's subject ("back when they did the speech"), and not the message's last word.</summary>
    private bool Subordinate(List<string> words, int at) =>
        at + 1 < words.Count && (!words.Skip(at + 1).Take(2).Any(w => _askingVerbs.Contains(Stemmer.Stem(w)))
            || vocabulary.DateEvents.Pronoun.Any(p => p.Length == 1 && p[0] == words[at + 1]));

    private AnswerType? NounType(List<string> focus)
    {
        var nouns = vocabulary.AnswerNouns;
        for (var i = 0; i < focus.Count; i++)
        {
            foreach (var ask in nouns.Ask)
            {
                if (i + ask.Length > focus.Count || !ask.Select((w, k) => focus[i + k] == w).All(x => x))
                {
                    continue;
                }

                // The noun stands within two words after the ask word ("which vietnamese officials"), one or two words long.
                for (var at = i + ask.Length; at < Math.Min(focus.Count, i + ask.Length + 3); at++)
                {
                    foreach (var (type, stems) in nouns.Nouns)
                    {
                        if (stems.Contains(Stemmer.Stem(focus[at])) || (at + 1 < focus.Count && stems.Contains(Stemmer.Stem(focus[at]) + " " + Stemmer.Stem(focus[at + 1]))))
                        {
                            return type;
                        }
                    }
                }
            }
        }

        return null;
    }

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

    /// <summary>Content words that name something: not those that only say how to count time ("days", "today").</summary>
    private int NamedCount(List<string> words) => words.Count(w => !vocabulary.StopWords.Contains(w) && !vocabulary.DateEvents.GenericWords.Contains(w));

    /// <summary>How far apart the two words of a phrase may stand with its object between them.</summary>
    private const int PhraseSpan = 5;

    private void AddConcepts(List<string> words, bool inFocus, List<Concept> concepts)
    {
        var stems = words.Select(Stemmer.Stem).ToArray();
        var consumed = new HashSet<int>();
        var i = 0;
        while (i < words.Count)
        {
            if (consumed.Contains(i))
            {
                i++;
                continue;
            }

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

            // A two-word phrase with its object between its words ("fished them out", "pull the last of its troops
            // out") is the phrase; the words between are concepts of their own.
            if (!vocabulary.StopWords.Contains(words[i]) && Enumerable.Range(i + 2, Math.Max(0, Math.Min(PhraseSpan, words.Count - i - 2)))
                .FirstOrDefault(j => !consumed.Contains(j) && vocabulary.Alternatives.ContainsKey($"{stems[i]} {stems[j]}"), -1) is var end and >= 0)
            {
                concepts.Add(new Concept($"{words[i]} {words[end]}", [stems[i], stems[end]], vocabulary.Alternatives[$"{stems[i]} {stems[end]}"], inFocus));
                consumed.Add(end);
                i++;
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
