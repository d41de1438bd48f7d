using System.Collections.Frozen;
using Bot.Core.Facts;

namespace Bot.Answering.Vocabulary;

/// <summary>What the question path knows about words, all of it read from files (see config/answering/README.md):
/// stop words, chat rewrites, synonym groups, the cues of each answer type and of reasons.</summary>
public sealed class AnsweringVocabulary
{
    public AnsweringVocabulary(
        IEnumerable<string> stopWords,
        IReadOnlyDictionary<string, string[]> rewrites,
        IEnumerable<string[]> synonymGroups,
        IReadOnlyList<(AnswerType Type, string[][] Cues)> questionTypes,
        IEnumerable<string[]> reasonCues,
        IEnumerable<string[]> captionCues,
        IReadOnlyList<(DateAsk Ask, string[][] Cues)>? dateQuestions = null,
        IReadOnlyDictionary<string, int>? ordinalWords = null,
        DateEventWords? dateEvents = null,
        AnswerNouns? answerNouns = null)
    {
        AnswerNouns = answerNouns ?? AnswerNouns.None;
        DateEvents = dateEvents ?? DateEventWords.None;
        DateQuestions = dateQuestions ?? [];
        OrdinalWords = (ordinalWords ?? new Dictionary<string, int>()).ToFrozenDictionary(StringComparer.Ordinal);
        CaptionCues = [.. captionCues.Select(c => c.Select(Stemmer.Stem).ToArray())];
        StopWords = stopWords.ToFrozenSet(StringComparer.Ordinal);
        Rewrites = rewrites.ToFrozenDictionary(StringComparer.Ordinal);
        QuestionTypes = questionTypes;
        ReasonCues = [.. reasonCues.Select(c => c.Select(Stemmer.Stem).ToArray())];

        // Each stemmed phrase maps to the other phrases of every group it belongs to.
        var alternatives = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var group in synonymGroups)
        {
            var stems = group.Select(StemPhrase).Distinct(StringComparer.Ordinal).ToList();
            foreach (var phrase in stems)
            {
                if (!alternatives.TryGetValue(phrase, out var set))
                {
                    alternatives[phrase] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(stems.Where(s => s != phrase));
            }
        }

        Alternatives = alternatives.ToFrozenDictionary(p => p.Key, p => p.Value.Select(s => s.Split(' ')).ToArray(), StringComparer.Ordinal);
        LongestPhrase = Alternatives.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
        KnownWords = StopWords.Concat(Rewrites.Keys).Concat(Rewrites.Values.SelectMany(v => v))
            .Concat(DateQuestions.SelectMany(q => q.Cues).SelectMany(c => c)).Concat(DateEvents.Words)
            .Concat(OrdinalWords.Keys.SelectMany(k => k.Split(' '))).Concat(AnswerNouns.Ask.SelectMany(a => a))
            .ToFrozenSet(StringComparer.Ordinal);
        _wordsByLength = KnownWords.Where(w => w.Length >= MinCorrected - 1).GroupBy(w => w.Length).ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    private const int MinCorrected = 6;

    private readonly FrozenDictionary<int, string[]> _wordsByLength;

    /// <summary>The words the vocabulary's own files use (stop words, chat rewrites, the cues and words of date
    /// questions, ordinal words, ask words), folded.</summary>
    public FrozenSet<string> KnownWords { get; }

    /// <summary>The one word of <see cref="KnownWords"/> a misspelt word stands for ("anniversery", "untill"): one edit
    /// away with the same first letter, for words of six letters or more; null when none or several are.</summary>
    public string? Corrected(string word)
    {
        if (word.Length < MinCorrected || char.IsDigit(word[0]) || KnownWords.Contains(word))
        {
            return null;
        }

        // A few hundred words of about the same length: cheaper to scan than to remember every unknown word asked.
        string? found = null;
        for (var length = word.Length - 1; length <= word.Length + 1; length++)
        {
            foreach (var known in _wordsByLength.GetValueOrDefault(length) ?? [])
            {
                // A misspelling keeps its first letter: "blast" is no "last".
                if (known[0] == word[0] && Spelling.Distance(word, known, 1) <= 1)
                {
                    if (found is not null && found != known)
                    {
                        return null;
                    }

                    found = known;
                }
            }
        }

        return found;
    }

    public FrozenSet<string> StopWords { get; }

    /// <summary>Folded word → the folded words it stands for.</summary>
    public FrozenDictionary<string, string[]> Rewrites { get; }

    /// <summary>Stemmed phrase (stems joined by spaces) → the stemmed phrases that mean the same.</summary>
    public FrozenDictionary<string, string[][]> Alternatives { get; }

    /// <summary>The most words in one synonym phrase.</summary>
    public int LongestPhrase { get; }

    public IReadOnlyList<(AnswerType Type, string[][] Cues)> QuestionTypes { get; }

    /// <summary>How a question asks for a computation with dates, by cue phrases (folded words).</summary>
    public IReadOnlyList<(DateAsk Ask, string[][] Cues)> DateQuestions { get; }

    /// <summary>Nouns that name the kind of answer a "which …" question wants.</summary>
    public AnswerNouns AnswerNouns { get; }

    /// <summary>How a date question names the events it computes with.</summary>
    public DateEventWords DateEvents { get; }

    /// <summary>Folded phrases that name an anniversary by its number ("centenary" → 100).</summary>
    public FrozenDictionary<string, int> OrdinalWords { get; }

    /// <summary>Stemmed phrases that mark a photo caption or a credit line.</summary>
    public IReadOnlyList<string[]> CaptionCues { get; }

    /// <summary>Stemmed phrases by which a sentence gives a reason.</summary>
    public IReadOnlyList<string[]> ReasonCues { get; }

    public static string StemPhrase(string[] words) => string.Join(' ', words.Select(Stemmer.Stem));

    /// <summary>A word that is a year ("1979").</summary>
    public static bool IsYear(string word) => word.Length == 4 && int.TryParse(word, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 1000 and < 2200;

    public static string StemPhrase(string phrase) => StemPhrase(Words(phrase));

    /// <summary>The folded words of a phrase as the question path tokenizes them.</summary>
    public static string[] Words(string phrase) => [.. Text.Tokenize(phrase).Select(t => t.Word)];
}

/// <summary>A computation with dates a question asks for.</summary>
public enum DateAsk
{
    /// <summary>The ordinal of the anniversary in a given year (or this year).</summary>
    WhichAnniversary,

    /// <summary>The year of an anniversary the question names by number.</summary>
    YearOf,

    /// <summary>Years from the event to a year the question names, an ordinal anniversary, or today.</summary>
    YearsSince,

    /// <summary>Days from today to the event's next anniversary.</summary>
    DaysUntil,

    /// <summary>Years between two events; with one, to a year the question names, else how long it lasted.</summary>
    YearsBetween,

    /// <summary>Days between two dated events; with one, how long it lasted.</summary>
    DaysBetween,

    /// <summary>How long something lasted: a stated duration, or the length of a range.</summary>
    HowLong,

    /// <summary>The years something spanned ("between which years", "what years was it in power"): a range of years.</summary>
    Span,

    /// <summary>How old something or someone is: years since its founding or birth, never since any other date.</summary>
    Age,

    /// <summary>The day of the week of an event, or of its anniversary in a year the question names (or this year's).</summary>
    Weekday,
}

/// <summary>The words by which a date question names its events (config/answering/date-events.txt), folded:
/// <see cref="Open"/> before the first, <see cref="Join"/> between two (<see cref="PairJoin"/> only in a question with a
/// <see cref="PairOpen"/> word), <see cref="Verb"/> where a second event
/// follows as a clause ("after A did B"), the words that take the start or the end of a range of years,
/// <see cref="Generic"/> words that name no event of their own, and <see cref="Upcoming"/> words that ask about the
/// next occurrence rather than this year's ("which anniversary is next"); <see cref="Forward"/> and <see cref="Backward"/>
/// words after a length that count it from an event's day ("100 days after the fall"); <see cref="YearLead"/> words
/// before which two digits are a year ("in 79"); <see cref="Marking"/> words before "the" and an ordinal that make the
/// ordinal describe an event held for that anniversary ("the meeting for the 35th anniversary").</summary>
public sealed record DateEventWords(string[][] Open, string[][] Join, string[][] Verb, string[][] Start, string[][] End, string[][] Generic, string[][] Upcoming, string[][] Distance, string[][] Arrival, string[][] PairOpen, string[][] PairJoin, string[][] Counted, string[][] Pronoun, string[][] Caused, string[][] Life, string[][] Whole, string[][] Past, string[][] Forward, string[][] Backward, string[][] YearLead, string[][] Marking)
{
    public static readonly string[] Names = ["open", "join", "verb", "start", "end", "generic", "upcoming", "distance", "arrive", "pair-open", "pair-join", "counted", "pronoun", "caused", "life", "whole", "past", "forward", "backward", "year-lead", "marking"];

    public static readonly DateEventWords None = new([], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], [], []);

    public FrozenSet<string> GenericWords { get; } = Generic.Where(p => p.Length == 1).Select(p => p[0]).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every word of every phrase.</summary>
    public IEnumerable<string> Words => new[] { Open, Join, Verb, Start, End, Generic, Upcoming, Distance, Arrival, PairOpen, PairJoin, Counted, Pronoun, Caused, Life, Whole, Past, Forward, Backward, YearLead, Marking }.SelectMany(p => p).SelectMany(p => p);

    /// <summary>Words after which a count names an anniversary ("turn 100", "reach 50").</summary>
    public FrozenSet<string> Arrive { get; } = Arrival.Where(p => p.Length == 1).Select(p => p[0]).ToFrozenSet(StringComparer.Ordinal);
}

/// <summary>The kind of answer a question asks for.</summary>
public enum AnswerType
{
    Thing,
    Date,
    Number,
    Person,
    Place,
    Reason,
    YesNo,
    Organisation,
}

/// <summary>"Which official", "what paper": <see cref="Ask"/> words (folded phrases) and, by answer type, the stems
/// of the nouns after them that name the kind of answer wanted (config/answering/answer-nouns.txt).</summary>
public sealed record AnswerNouns(string[][] Ask, IReadOnlyList<(AnswerType Type, FrozenSet<string> Stems)> Nouns)
{
    public static readonly AnswerNouns None = new([], []);
}
