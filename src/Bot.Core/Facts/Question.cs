namespace Bot.Core.Facts;

public enum AnswerType
{
    What,
    When,
    Who,
    HowMany,
    HowLong,
    Where,
    Why,
    YesNo,
}

/// <summary>One thing the question asks about, with the ways the documents may say it: "kr" gives the
/// alternatives [khmer, rouge], [pol, pot, regim], [genocidal, regim]… (each a list of stems that must all occur).</summary>
/// <param name="Importance">How much the concept counts (words about the documents count little).</param>
public sealed record Concept(string Label, IReadOnlyList<string[]> Alternatives, float Importance = 1f)
{
    /// <summary>The first alternative is the question's own wording; the others are synonyms and count a little less.</summary>
    public bool ExactFirst { get; init; }
}

/// <summary>A question as the answerer sees it: what kind of answer it wants and the concepts it names.</summary>
public sealed record Question(string Text, AnswerType Type, IReadOnlyList<Concept> Concepts)
{
    /// <summary>"what year", "which day of the week", "what date": the part of a date wanted.</summary>
    public bool WantsYear { get; init; }

    public bool WantsWeekday { get; init; }

    /// <summary>"what share", "what percentage": a fraction rather than a count.</summary>
    public bool WantsFraction { get; init; }

    /// <summary>What a "how many" counts ("soldiers", "people"); empty when it does not say.</summary>
    public IReadOnlyList<string> CountedNoun { get; init; } = [];

    /// <summary>An acronym the question asks to expand ("what does ECCC stand for").</summary>
    public string? Acronym { get; init; }

    /// <summary>Folded words of the question after chat words are rewritten and typos corrected.</summary>
    public IReadOnlyList<string> Words { get; init; } = [];

    /// <summary>Whether it names a person and asks who that is ("who is Chum Mey"): then any sentence about the
    /// person answers, even one without another name.</summary>
    public bool AsksAboutNamedPerson { get; init; }

    public bool MentionsAnniversary => Words.Any(w => w.StartsWith("anniversar", StringComparison.Ordinal));

    /// <summary>The event asked about ("when was X founded", "how old is Y"), when the question names one for
    /// its answer type: only a sentence that uses the event's words next to what the question names answers it.</summary>
    public EventWords? Event { get; init; }

    /// <summary>N in "the Nth anniversary" when the question names one.</summary>
    public int? AnniversaryOrdinal { get; init; }

    /// <summary>"when did the regime start": of a span of years, its first.</summary>
    public bool WantsStart { get; init; }

    /// <summary>"who's the PM these days", "now", "currently": the most recent report counts, and a sentence about
    /// a time long before its report ("in the late 1990s") does not tell what holds now.</summary>
    public bool WantsCurrent { get; init; }

    /// <summary>"what do Cambodians call January 7", "X's real name": a name or label for the thing the question names,
    /// so the sentence itself must name that thing.</summary>
    public bool WantsLabel { get; init; }

    /// <summary>The noun right after "what"/"which" ("what language"): the kind of thing asked for.</summary>
    public string? Focus { get; init; }

    /// <summary>A role the question asks the holder of ("prime minister", "president"), as folded words.</summary>
    public string? Role { get; init; }

    /// <summary>The ordinal numbers in a text ("35th", "2nd").</summary>
    public static IReadOnlyList<int> Ordinals(string text)
    {
        var found = new List<int>();
        foreach (var token in Facts.Text.Tokenize(text))
        {
            var w = token.Word;
            if (w.Length > 2 && w[^2..] is "st" or "nd" or "rd" or "th" && int.TryParse(w[..^2], System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                found.Add(n);
            }
        }

        return found;
    }
}

/// <summary>Reads a chat question: its answer type from the question word (typos and chat spellings included),
/// then its concepts through chat words, typo correction against the documents' vocabulary and the synonym groups.</summary>
public static class QuestionAnalyzer
{
    private const int MaxWords = 60;

    /// <param name="correct">Maps a word the documents never use to the closest word they do, or returns null.</param>
    /// <param name="acronyms">Acronym (folded) → its long form's folded words, as the documents define them.</param>
    /// <param name="isNameWord">Whether the documents write a word with a capital (part of a name); null: never.</param>
    public static Question Analyze(string question, Func<string, string?> correct, IReadOnlyDictionary<string, string[]> acronyms, Func<string, bool>? isNameWord = null)
    {
        var raw = Text.Tokenize(question.Length > 2000 ? question[..2000] : question).Take(MaxWords).Select(t => t.Word).ToList();
        var words = new List<string>();
        foreach (var word in raw)
        {
            var rewritten = Lexicon.ChatWords.TryGetValue(word, out var chat) ? chat : word;
            foreach (var part in rewritten.Split(' '))
            {
                words.Add(part);
            }
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Length >= 4 && !Lexicon.StopWords.Contains(word) && !Lexicon.IsLexiconWord(word) && !acronyms.ContainsKey(word) && word.All(char.IsLetter)
                && correct(word) is { } fixedWord && fixedWord != word)
            {
                words[i] = Lexicon.ChatWords.TryGetValue(fixedWord, out var chat) ? chat.Split(' ')[0] : fixedWord;
            }
        }

        var type = TypeOf(raw, words, out var wantsYear, out var wantsWeekday, out var wantsFraction);
        var acronym = AcronymAsked(words, acronyms) ?? BareAcronym(words, acronyms);
        var joined = " " + string.Join(' ', words) + " ";
        var wantsStart = type == AnswerType.When && words.Any(Lexicon.StartWords.Contains);
        var wantsCurrent = Lexicon.CurrentPhrases.Any(p => joined.Contains(" " + p + " ", StringComparison.Ordinal));
        var wantsLabel = type is AnswerType.What or AnswerType.YesNo && Lexicon.LabelPhrases.Any(p => joined.Contains(" " + p + " ", StringComparison.Ordinal));
        var conceptWords = words
            .Where((w, i) => !(acronym is not null && w is "stand" or "abbreviation" or "acronym" or "short" or "mean" or "means" or "meaning")
                && !(wantsStart && Lexicon.StartWords.Contains(w))
                && !(wantsLabel && w is "call" or "calls" or "called" or "known" or "nickname" or "refer" or "refers")
                && !(wantsCurrent && w == "days" && i > 0 && words[i - 1] == "these"))
            .ToList();
        var concepts = Concepts(conceptWords, type, acronyms);
        var counted = type == AnswerType.HowMany ? CountedNoun(words) : [];
        // "who's Sam Sitha" reaches here as "who sam sitha" (the possessive is dropped): a name right after "who"
        // is asked about as much as one after "who is".
        var name = type == AnswerType.Who && raw.Count is > 1 and <= 6 && (raw[0] is "whos" or "who's" || raw[0] == "who")
            ? raw.Skip(raw[0] == "who" && raw[1] is "is" or "was" or "s" ? 2 : 1).Where(w => w is not ("the" or "a" or "an")).ToList()
            : [];
        var asksNamed = name.Count is > 0 and <= 4 && isNameWord is not null && name.All(isNameWord);
        if (asksNamed)
        {
            // "who is Hun Many": every word of the name counts, even one that is a stop word elsewhere.
            concepts = [.. name.Distinct(StringComparer.Ordinal).Select(w => new Concept(w, [[Stemmer.Stem(w)]]))];
        }

        return new Question(question, type, concepts)
        {
            WantsYear = wantsYear,
            WantsWeekday = wantsWeekday,
            WantsFraction = wantsFraction,
            CountedNoun = counted,
            Acronym = acronym,
            Words = words,
            AsksAboutNamedPerson = asksNamed,
            Event = EventOf(words, type),
            AnniversaryOrdinal = words.Any(w => w.StartsWith("anniversar", StringComparison.Ordinal)) && Question.Ordinals(question) is [var n, ..] ? n : null,
            WantsStart = wantsStart,
            WantsCurrent = wantsCurrent,
            WantsLabel = wantsLabel,
            Focus = type == AnswerType.What ? FocusOf(words) : null,
            Role = type == AnswerType.Who ? Lexicon.Roles.FirstOrDefault(r => joined.Contains(" " + r + " ", StringComparison.Ordinal)) : null,
        };
    }

    /// <summary>"what language …", "which festival …": the content word right after the question word.</summary>
    private static string? FocusOf(List<string> words)
    {
        var at = words.FindIndex(w => w is "what" or "which");
        while (at >= 0 && at + 1 < words.Count && words[at + 1] is "kind" or "kinda" or "sort" or "sorta" or "type" or "types" or "of")
        {
            at++;
        }

        return at >= 0 && at + 1 < words.Count && words[at + 1] is var next && next.Length > 2 && next.All(char.IsLetter)
            && !Lexicon.StopWords.Contains(next) && !Lexicon.IsLexiconWord(next) && !Lexicon.PersonNouns.Contains(next)
            ? next
            : null;
    }

    private static readonly IReadOnlyList<(string[] Words, int Group)> Phrases = [.. Lexicon.Synonyms
        .SelectMany((group, index) => group.Select(p => (Words: p.Split(' '), Group: index)))
        .OrderByDescending(p => p.Words.Length)];

    private static AnswerType TypeOf(List<string> raw, List<string> words, out bool wantsYear, out bool wantsWeekday, out bool wantsFraction)
    {
        wantsYear = false;
        wantsWeekday = false;
        wantsFraction = false;
        var joined = " " + string.Join(' ', words) + " ";
        var first = raw.Count > 0 ? raw[0] : "";
        bool Has(string phrase) => joined.Contains(" " + phrase + " ", StringComparison.Ordinal);

        if (Has("stand for") || Has("short for") || Has("abbreviation") || Has("acronym"))
        {
            return AnswerType.What;
        }

        if (Has("how long") || Has("how many years") || Has("for how long"))
        {
            return AnswerType.HowLong;
        }

        if (Has("what share") || Has("what percentage") || Has("what percent") || Has("what proportion") || Has("what fraction") || Has("what portion"))
        {
            wantsFraction = true;
            return AnswerType.HowMany;
        }

        if (Has("how many") || Has("how much") || Has("how big") || Has("how large") || Has("what number") || Has("death toll") || Has("hw many") || Has("how manny") || Has("toll"))
        {
            return AnswerType.HowMany;
        }

        if (first is "when" or "whn" or "wen" or "whens" || Has("what year") || Has("which year") || Has("what date") || Has("which date") || Has("what day") || Has("which day") || Has("what time") || Has("what month") || Has("which month") || Has("in what year") || Has("since when") || Has("when"))
        {
            wantsYear = Has("year") && !Has("date");
            wantsWeekday = Has("day of the week") || Has("what day") && Has("week") || Has("which weekday") || Has("what weekday");
            return AnswerType.When;
        }

        if (first is "where" or "wheres" || Has("where") || Has("which city") || Has("which province") || Has("which country") || Has("what city") || Has("what province") || Has("what country") || Has("which place") || Has("what place") || Has("which prison") || Has("what prison"))
        {
            return AnswerType.Where;
        }

        if (first is "why" || Has("why") || Has("what reason") || Has("how come"))
        {
            return AnswerType.Why;
        }

        if (first is "who" or "whom" or "whose" or "whos" or "who's" || Has("who"))
        {
            return AnswerType.Who;
        }

        var which = words.FindIndex(w => w is "which" or "what");
        if (which >= 0)
        {
            foreach (var next in words.Skip(which + 1).Take(4))
            {
                // "what did the soldier do" asks for a deed, not a person.
                if (next is "did" or "does" or "do" or "has" or "have" or "had")
                {
                    break;
                }

                if (Lexicon.PersonNouns.Contains(next) || next is "guys" or "leaders")
                {
                    return AnswerType.Who;
                }

                if (!Lexicon.StopWords.Contains(next) && !(next.Length <= 3) && !next.EndsWith("ese", StringComparison.Ordinal) && !next.EndsWith("an", StringComparison.Ordinal) && next is not ("state" or "khmer" or "rouge" or "vietnam"))
                {
                    break;
                }
            }
        }

        if (first is "is" or "are" or "was" or "were" or "did" or "does" or "do" or "can" or "could" or "has" or "have" or "had" or "will" or "would" or "should")
        {
            return AnswerType.YesNo;
        }

        return AnswerType.What;
    }

    private static EventWords? EventOf(List<string> words, AnswerType type)
    {
        var joined = " " + string.Join(' ', words) + " ";
        return Lexicon.Events.FirstOrDefault(e => e.Types.Contains(type) && e.Asked.Any(a => joined.Contains(" " + a + " ", StringComparison.Ordinal)));
    }

    private static string? AcronymAsked(List<string> words, IReadOnlyDictionary<string, string[]> acronyms)
    {
        var joined = " " + string.Join(' ', words) + " ";
        if (!(joined.Contains(" stand ", StringComparison.Ordinal) || joined.Contains(" abbreviation ", StringComparison.Ordinal) || joined.Contains(" acronym ", StringComparison.Ordinal)
            || joined.Contains(" short for ", StringComparison.Ordinal) || joined.Contains(" mean ", StringComparison.Ordinal) || joined.Contains(" means ", StringComparison.Ordinal)))
        {
            return null;
        }

        return words.FirstOrDefault(acronyms.ContainsKey);
    }

    /// <summary>"whats SFDCM": a question that names only an acronym asks what it stands for.</summary>
    private static string? BareAcronym(List<string> words, IReadOnlyDictionary<string, string[]> acronyms)
    {
        var content = words.Where(w => !Lexicon.StopWords.Contains(w)).ToList();
        return words.Count > 0 && words[0] == "what" && content is [var only] && acronyms.ContainsKey(only) ? only : null;
    }

    private static List<Concept> Concepts(List<string> words, AnswerType type, IReadOnlyDictionary<string, string[]> acronyms)
    {
        var concepts = new List<Concept>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < words.Count)
        {
            var matched = false;
            foreach (var (phrase, group) in Phrases)
            {
                if (i + phrase.Length <= words.Count && phrase.Length > 0 && Matches(words, i, phrase))
                {
                    if (seen.Add("group:" + group.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        // The words as typed come first: they count fully, their synonyms a little less.
                        var typed = StemPhrase(string.Join(' ', phrase));
                        concepts.Add(new Concept(string.Join(' ', phrase), [.. new[] { typed }.Concat(Lexicon.Synonyms[group].Select(StemPhrase)).Where(a => a.Length > 0).Distinct(ArrayComparer.Instance)]) { ExactFirst = true });
                    }

                    i += phrase.Length;
                    matched = true;
                    break;
                }
            }

            if (matched)
            {
                continue;
            }

            var word = words[i++];
            if (Lexicon.StopWords.Contains(word) || IsTypeWord(word, type) || word.Length == 0)
            {
                continue;
            }

            if (!seen.Add(word))
            {
                continue;
            }

            if (acronyms.TryGetValue(word, out var longForm))
            {
                concepts.Add(new Concept(word, [[Stemmer.Stem(word)], [.. longForm.Where(w => !Lexicon.StopWords.Contains(w)).Select(Stemmer.Stem)]]));
            }
            else
            {
                concepts.Add(new Concept(word, [[Stemmer.Stem(word)]], Lexicon.MetaWords.Contains(word) ? 0.3f : 1f));
            }
        }

        return concepts;
    }

    /// <summary>Words that only say what kind of answer is wanted ("year" in "what year").</summary>
    private static bool IsTypeWord(string word, AnswerType type) => type switch
    {
        AnswerType.When => Lexicon.TimeNouns.Contains(word) || word is "week" or "dates" or "years" or "days",
        AnswerType.Who => word is "person" or "guy" or "guys" or "man" or "woman" or "someone",
        AnswerType.Where => word is "place" or "location",
        AnswerType.HowMany => word is "number" or "amount" or "share" or "percentage" or "percent" or "proportion" or "fraction" or "portion" or "big" or "large",
        AnswerType.HowLong => word is "long" or "time" or "years" or "last" or "lasted" or "lasting",
        _ => false,
    } || word is "stand" or "abbreviation" or "acronym";

    private static List<string> CountedNoun(List<string> words)
    {
        var at = words.FindIndex(w => w is "many" or "much");
        if (at < 0)
        {
            return [];
        }

        var noun = new List<string>();
        foreach (var word in words.Skip(at + 1))
        {
            if (Lexicon.StopWords.Contains(word) && noun.Count > 0 || word.EndsWith("ed", StringComparison.Ordinal) && noun.Count > 0 || noun.Count == 4)
            {
                break;
            }

            if (!Lexicon.StopWords.Contains(word) && !word.EndsWith("ed", StringComparison.Ordinal))
            {
                noun.Add(word);
            }
        }

        return noun;
    }

    private static bool Matches(List<string> words, int at, string[] phrase)
    {
        for (var k = 0; k < phrase.Length; k++)
        {
            // "pol pots real name": a possessive typed without its apostrophe still names the phrase.
            if (words[at + k] != phrase[k] && !(k == phrase.Length - 1 && phrase.Length > 1 && words[at + k] == phrase[k] + "s"))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] StemPhrase(string phrase) => [.. phrase.Split(' ').Where(w => !Lexicon.StopWords.Contains(w) || phrase.IndexOf(' ', StringComparison.Ordinal) < 0).Select(Stemmer.Stem)];

    private sealed class ArrayComparer : IEqualityComparer<string[]>
    {
        public static readonly ArrayComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(string[] obj) => string.Join(' ', obj).GetHashCode(StringComparison.Ordinal);
    }
}
