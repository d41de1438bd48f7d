using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Core.Facts;

namespace Bot.Testing;

/// <summary>A large corpus made from real sentences, for measuring answering and ingestion at scale: each passage
/// is one of the given sentences with its names, years and other numbers replaced, so that the words, their
/// frequencies and the dates and counts to extract look like the real documents without repeating them.
/// The same seed, sentences and size always give the same documents.</summary>
public static partial class SyntheticCorpus
{
    /// <summary>How many passages (one paragraph each) a generated document holds.</summary>
    public const int PassagesPerDocument = 50;

    private static readonly string[] Syllables =
    [
        "an", "bo", "chan", "da", "eng", "hoa", "kim", "lan", "min", "nhu", "phan", "quy", "ros", "sam", "thi", "van",
        "yen", "sok", "rith", "dara", "vong", "tep", "mao", "lin", "keo", "pich", "hong", "tuan", "bich", "sang",
    ];

    /// <summary>Documents of <see cref="PassagesPerDocument"/> passages each, <paramref name="passages"/> in all,
    /// named <c>synthetic-00000.txt</c> onwards, each with a headline and a dateline the parser reads.</summary>
    public static IReadOnlyList<DocumentText> Generate(IReadOnlyList<string> sentences, int seed, int passages)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfNegative(passages);
        if (sentences.Count == 0 || passages == 0)
        {
            return [];
        }

        var random = new Random(seed);
        var vocabulary = sentences.SelectMany(s => CommonWord().Matches(s)).Select(m => m.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var documents = new List<DocumentText>(passages / PassagesPerDocument + 1);
        var text = new StringBuilder();
        for (var first = 0; first < passages; first += PassagesPerDocument)
        {
            text.Clear();
            var year = random.Next(1990, 2030);
            text.Append("Report ").Append(documents.Count.ToString(CultureInfo.InvariantCulture)).Append(": ")
                .Append(Name(random)).Append(" and ").Append(Name(random)).Append(" mark the anniversary\n\n")
                .Append(" date ").Append(year.ToString(CultureInfo.InvariantCulture)).Append('-')
                .Append(random.Next(1, 13).ToString("00", CultureInfo.InvariantCulture)).Append('-')
                .Append(random.Next(1, 29).ToString("00", CultureInfo.InvariantCulture)).Append(' ');
            for (var p = first; p < Math.Min(passages, first + PassagesPerDocument); p++)
            {
                text.Append(Shuffle(sentences[random.Next(sentences.Count)], vocabulary, random)).Append("\n\n");
            }

            documents.Add(new DocumentText($"synthetic-{documents.Count:00000}.txt", text.ToString()));
        }

        return documents;
    }

    /// <summary>The sentence with each capitalized word inside it (a name, mostly) and each number replaced, and
    /// one of its common words swapped for another word of the corpus, so that a sentence with neither is no copy.</summary>
    private static string Shuffle(string sentence, string[] vocabulary, Random random)
    {
        var words = CommonWord().Matches(sentence);
        if (words.Count > 0 && vocabulary.Length > 0)
        {
            var swapped = words[random.Next(words.Count)];
            sentence = string.Concat(sentence.AsSpan(0, swapped.Index), vocabulary[random.Next(vocabulary.Length)], sentence.AsSpan(swapped.Index + swapped.Length));
        }

        return Replaceable().Replace(sentence, m =>
        {
            if (m.Groups["year"].Success)
            {
                return random.Next(1900, 2030).ToString(CultureInfo.InvariantCulture);
            }

            if (m.Groups["number"].Success)
            {
                return random.Next(2, 100_000).ToString("N0", CultureInfo.InvariantCulture);
            }

            // Month names stay, so that the generated dates still read as dates.
            return m.Index > 0 && Extraction.MonthNumber(m.Value) == 0 ? Name(random) : m.Value;
        });
    }

    private static string Name(Random random)
    {
        var first = Syllables[random.Next(Syllables.Length)];
        var second = Syllables[random.Next(Syllables.Length)];
        return char.ToUpperInvariant(first[0]) + first[1..] + second;
    }

    [GeneratedRegex(@"\b[a-z]{5,}\b")]
    private static partial Regex CommonWord();

    [GeneratedRegex(@"\b(?:(?<year>1[89]\d\d|20\d\d)|(?<number>\d[\d,.]*)|[A-Z][a-z]+)\b")]
    private static partial Regex Replaceable();
}
