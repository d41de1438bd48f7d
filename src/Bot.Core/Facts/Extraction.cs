using System.Globalization;
using System.Text.RegularExpressions;

namespace Bot.Core.Facts;

public enum DateKind
{
    /// <summary>Year, month and day.</summary>
    FullDate,

    /// <summary>Month and day; the year comes from the document when it is known.</summary>
    MonthDay,

    MonthYear,
    Year,

    /// <summary>From <see cref="DateMention.Year"/> to <see cref="DateMention.EndYear"/>.</summary>
    YearRange,

    Weekday,

    /// <summary>A length of time ("3 years, 8 months and 20 days", "a decade").</summary>
    Duration,

    /// <summary>The origin of an ordinal anniversary: "the 47th anniversary of … on December 2, 2025" → December 2, 1978;
    /// without a date, counted back from the document's year ("the 35th anniversary" in a 2014 report → 1979).</summary>
    AnniversaryOrigin,

    /// <summary>A year counted back from the document's: "35 years ago" in a 2014 report is 1979.</summary>
    RelativeYear,

    /// <summary>Some year of a decade: "the 1990s" from 1990 to 1999, "the late 1990s" from 1997 to 1999
    /// (<see cref="DateMention.Year"/> to <see cref="DateMention.EndYear"/>); when, not how long.</summary>
    Decade,
}

/// <summary>A date, period or duration named in a sentence; <see cref="Start"/> and <see cref="Length"/> locate it.</summary>
public sealed record DateMention(DateKind Kind, string Text, int Start, int Length, int? Year = null, int? Month = null, int? Day = null)
{
    public int? EndYear { get; init; }

    /// <summary>A readable form of what is known: "January 7, 1979", "1975–1979", "3 years, 8 months and 20 days".</summary>
    public string Display => Kind switch
    {
        DateKind.FullDate or DateKind.AnniversaryOrigin when Year is { } y && Month is { } m && Day is { } d =>
            new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture),
        DateKind.MonthDay when Year is { } y && Month is { } m && Day is { } d =>
            new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM d, yyyy", CultureInfo.InvariantCulture),
        DateKind.YearRange => $"{Year}–{EndYear}",
        _ => Text,
    };
}

/// <summary>A count or amount named in a sentence: "nearly 3 million Cambodians" has Low 3,000,000 and head
/// words ["cambodians"]; "2 to 3 million" has Low 2,000,000 and High 3,000,000.</summary>
public sealed record Quantity(string Text, int Start, int Length, double Low, double High, IReadOnlyList<string> Head)
{
    public bool IsFraction { get; init; }
}

/// <summary>Dates and quantities in a sentence, by regular rules (no per-document cases).</summary>
public static partial class Extraction
{
    private const string Month = "(?<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
    private const string Ord = "(?:st|nd|rd|th)?";

    [GeneratedRegex($@"\b{Month}\s+(?<day>\d{{1,2}}){Ord},?\s+(?<year>\d{{4}})\b(?:\s*[-–]\s*(?<end>\d{{4}})\b)?")]
    private static partial Regex MonthDayYear();

    [GeneratedRegex($@"\b(?<day>\d{{1,2}}){Ord}\s+(?:of\s+)?{Month},?\s+(?<year>\d{{4}})\b")]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex($@"\b{Month}\s+(?<day>\d{{1,2}}){Ord}\b")]
    private static partial Regex MonthDay();

    [GeneratedRegex($@"\b(?<day>\d{{1,2}}){Ord}\s+(?:of\s+)?{Month}\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex($@"\b{Month}\s+(?<year>\d{{4}})\b")]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\b(?:from\s+|between\s+)?(?<year>1[5-9]\d\d|20\d\d)\s*(?:[-–]|to|and|until|till)\s*(?<end>1[5-9]\d\d|20\d\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearRange();

    [GeneratedRegex(@"\b(?:the\s+)?(?:(?<part>early|mid|late)[\s-]+)?(?<year>1[5-9]\d0|20\d0)s\b", RegexOptions.IgnoreCase)]
    private static partial Regex Decade();

    [GeneratedRegex(@"\b(?<year>1[5-9]\d\d|20\d\d)\b")]
    private static partial Regex Year();

    [GeneratedRegex(@"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")]
    private static partial Regex Weekday();

    /// <summary>Words after which "a day", "a year" is a stretch of time ("for a decade", "nearly a year", "lasted a
    /// week"), not a noun of the sentence ("a day that signifies…", "a year of mourning").</summary>
    private static readonly HashSet<string> LengthWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "for", "about", "nearly", "almost", "over", "than", "within", "only", "just", "barely", "roughly", "around", "lasted", "lasting", "took", "spent", "half",
    };

    /// <summary>A duration that opens with an article counts only after a word that measures time (see <see cref="LengthWords"/>).</summary>
    private static bool MeasuresTime(string sentence, Match m)
    {
        if (!m.Value.StartsWith("a ", StringComparison.OrdinalIgnoreCase) && !m.Value.StartsWith("an ", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var before = sentence.AsSpan(0, m.Index).TrimEnd();
        var start = before.Length;
        while (start > 0 && char.IsLetter(before[start - 1]))
        {
            start--;
        }

        return LengthWords.Contains(before[start..].ToString());
    }

    [GeneratedRegex(@"\b(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\s+(?:years?|months?|weeks?|days?|decades?)(?:\s*,?\s*(?:and\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)\s+(?:years?|months?|weeks?|days?))*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex($@"\b(?<n>\d{{1,3}})(?:st|nd|rd|th)\s+anniversary\s+of\s+(?<what>[^.;]{{0,100}}?)\s*(?:on|\()\s*{Month}\s+(?<day>\d{{1,2}}){Ord},?\s+(?<year>\d{{4}})\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrdinalAnniversary();

    [GeneratedRegex($@"\b(?<n>\d{{1,3}})(?:st|nd|rd|th)\s+anniversary(?:\s+of\s+(?:the\s+)?{Month}\s+(?<day>\d{{1,2}}){Ord}\b(?!,?\s+\d{{4}}))?", RegexOptions.IgnoreCase)]
    private static partial Regex BareOrdinalAnniversary();

    /// <summary>"in 2019 to mark the": a year introduced by "in" a few words before what follows it.</summary>
    [GeneratedRegex(@"\bin\s+(?<year>1[5-9]\d\d|20\d\d)\b(?:[\s,]+[\p{L}'’-]+){0,6}[\s,]+$", RegexOptions.IgnoreCase)]
    private static partial Regex InYearBefore();

    [GeneratedRegex(@"\b(?<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty)\s+years?\s+ago\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearsAgo();

    [GeneratedRegex($@"\G\s*[-–]\s*(?:{Month}\s+\d{{1,2}}{Ord},?\s+)?(?<year>\d{{4}})\b")]
    private static partial Regex RangeEnd();

    private const string Number = @"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a\s+hundred|a\s+thousand|dozens|hundreds|thousands|millions|tens\s+of\s+thousands";
    private const string Scale = @"(?:\s+(?<scale>million|billion|thousand|hundred)\b)?";

    [GeneratedRegex($@"(?<mod>\b(?:nearly|almost|about|around|approximately|some|over|more\s+than|less\s+than|fewer\s+than|up\s+to|as\s+many\s+as|at\s+least|close\s+to|roughly|an\s+estimated|estimated|only)\s+)?(?<cur>\$)?(?<low>\b(?:{Number}))(?:\s*(?:to|-|–|or)\s*(?<high>{Number}))?{Scale}(?<pct>\s*(?:%|percent\b|per\s+cent\b))?(?:\s+of)?", RegexOptions.IgnoreCase)]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"\b(?:(?:nearly|almost|about|around|over|more\s+than|less\s+than)\s+)?(?:a|one)[-\s](?:quarter|third|half|fifth|tenth)\s+of\b|\bhalf\s+of\b", RegexOptions.IgnoreCase)]
    private static partial Regex FractionPattern();

    [GeneratedRegex(@"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens|quarter|third|half|fifth|tenth|a\s+decade|decades?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWord();

    /// <summary>The letters every month pattern starts with, as written (the month patterns are case-sensitive).</summary>
    private static readonly System.Buffers.SearchValues<string> MonthStarts = System.Buffers.SearchValues.Create(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], StringComparison.Ordinal);

    /// <summary>The units a duration ends with, in any case ("3 Years").</summary>
    private static readonly System.Buffers.SearchValues<string> DurationUnits = System.Buffers.SearchValues.Create(
        ["year", "month", "week", "day", "decade"], StringComparison.OrdinalIgnoreCase);

    private static readonly MatchCollection EmptyMatches = Year().Matches("");

    private static bool HasFourDigits(ReadOnlySpan<char> text)
    {
        var run = 0;
        foreach (var c in text)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run == 4)
            {
                return true;
            }
        }

        return false;
    }

    public static IReadOnlyList<DateMention> Dates(string sentence, int? documentYear)
    {
        // Most patterns need a digit; without one only weekdays and spelled-out durations can match.
        if (sentence.AsSpan().IndexOfAnyInRange('0', '9') < 0)
        {
            var plain = new List<DateMention>();
            foreach (Match m in Weekday().Matches(sentence))
            {
                plain.Add(new DateMention(DateKind.Weekday, m.Value, m.Index, m.Length));
            }

            if (NumberWord().IsMatch(sentence))
            {
                var ago = new List<DateMention>();
                foreach (Match m in documentYear is not null && sentence.Contains("ago", StringComparison.OrdinalIgnoreCase) ? YearsAgo().Matches(sentence) : EmptyMatches)
                {
                    if (SmallNumber(m.Groups["n"].Value) is { } n)
                    {
                        ago.Add(new DateMention(DateKind.RelativeYear, m.Value, m.Index, m.Length, documentYear - n));
                    }
                }

                plain.AddRange(ago);
                foreach (Match m in Duration().Matches(sentence))
                {
                    if (!ago.Any(a => a.Start <= m.Index && m.Index < a.Start + a.Length) && MeasuresTime(sentence, m))
                    {
                        plain.Add(new DateMention(DateKind.Duration, m.Value, m.Index, m.Length));
                    }
                }
            }

            plain.Sort((a, b) => a.Start.CompareTo(b.Start));
            return plain;
        }

        var found = new List<DateMention>();
        var taken = new bool[sentence.Length];

        // Each family of patterns runs only where its required words can be found by a plain search: the regular
        // expressions cost far more than these scans, and most sentences have no month name or anniversary.
        var span = sentence.AsSpan();
        var hasMonth = span.IndexOfAny(MonthStarts) >= 0;
        var hasYear = HasFourDigits(span);

        void Add(DateMention mention)
        {
            for (var i = mention.Start; i < mention.Start + mention.Length; i++)
            {
                taken[i] = true;
            }

            found.Add(mention);
        }

        bool Free(Match m)
        {
            for (var i = m.Index; i < m.Index + m.Length; i++)
            {
                if (taken[i])
                {
                    return false;
                }
            }

            return true;
        }

        foreach (Match m in span.Contains("anniversar", StringComparison.OrdinalIgnoreCase) ? OrdinalAnniversary().Matches(sentence) : EmptyMatches)
        {
            var n = Int(m.Groups["n"].Value);
            var at = ToDate(Int(m.Groups["year"].Value), MonthNumber(m.Groups["month"].Value), Int(m.Groups["day"].Value));
            if (at is not { } date || n >= date.Year)
            {
                continue;
            }

            // "(January 7, 1979 – January 7, 2014)": a span after the date means the date is the origin itself.
            if (RangeEnd().Match(sentence, m.Index + m.Length) is { Success: true } end)
            {
                if (Int(end.Groups["year"].Value) - date.Year == n)
                {
                    found.Add(new DateMention(DateKind.AnniversaryOrigin, m.Value, m.Index, m.Length, date.Year, date.Month, date.Day));
                }

                continue;
            }

            found.Add(new DateMention(DateKind.AnniversaryOrigin, m.Value, m.Index, m.Length, date.Year - n, date.Month, date.Day));
        }

        // Counted back from the report's own year: "the 35th anniversary (of January 7)", "35 years ago".
        if (documentYear is { } reportYear)
        {
            foreach (Match m in span.Contains("anniversar", StringComparison.OrdinalIgnoreCase) ? BareOrdinalAnniversary().Matches(sentence) : EmptyMatches)
            {
                var n = Int(m.Groups["n"].Value);
                // "in 2019 to mark the 50th anniversary": the anniversary's own year, which an obituary of 2012 is not.
                var atYear = InYearBefore().Match(sentence[..m.Index]) is { Success: true } named ? Int(named.Groups["year"].Value) : reportYear;
                if (n < atYear - 1000 && !found.Any(f => f.Kind == DateKind.AnniversaryOrigin && f.Start <= m.Index && m.Index < f.Start + f.Length))
                {
                    var month = m.Groups["month"].Success ? MonthNumber(m.Groups["month"].Value) : (int?)null;
                    var day = m.Groups["day"].Success ? Int(m.Groups["day"].Value) : (int?)null;
                    var full = month is { } mo && day is { } dd && ToDate(atYear - n, mo, dd) is not null;
                    found.Add(new DateMention(DateKind.AnniversaryOrigin, m.Value, m.Index, m.Length, atYear - n, full ? month : null, full ? day : null));
                }
            }

            foreach (Match m in span.Contains("ago", StringComparison.OrdinalIgnoreCase) ? YearsAgo().Matches(sentence) : EmptyMatches)
            {
                if (SmallNumber(m.Groups["n"].Value) is { } n && n < reportYear - 1000)
                {
                    Add(new DateMention(DateKind.RelativeYear, m.Value, m.Index, m.Length, reportYear - n));
                }
            }
        }

        foreach (Match m in hasMonth && hasYear ? MonthDayYear().Matches(sentence) : EmptyMatches)
        {
            if (ToDate(Int(m.Groups["year"].Value), MonthNumber(m.Groups["month"].Value), Int(m.Groups["day"].Value)) is { } d)
            {
                Add(new DateMention(DateKind.FullDate, m.Value, m.Index, m.Length, d.Year, d.Month, d.Day));
                if (m.Groups["end"].Success)
                {
                    found.Add(new DateMention(DateKind.YearRange, m.Value, m.Index, m.Length, d.Year) { EndYear = Int(m.Groups["end"].Value) });
                }
            }
        }

        foreach (var pattern in hasYear ? new[] { DayMonthYear(), IsoDate() } : [])
        {
            foreach (Match m in pattern.Matches(sentence))
            {
                var month = char.IsDigit(m.Groups["month"].Value[0]) ? Int(m.Groups["month"].Value) : MonthNumber(m.Groups["month"].Value);
                if (Free(m) && ToDate(Int(m.Groups["year"].Value), month, Int(m.Groups["day"].Value)) is { } d)
                {
                    Add(new DateMention(DateKind.FullDate, m.Value, m.Index, m.Length, d.Year, d.Month, d.Day));
                }
            }
        }

        foreach (Match m in hasMonth && hasYear ? MonthYear().Matches(sentence) : EmptyMatches)
        {
            if (Free(m))
            {
                Add(new DateMention(DateKind.MonthYear, m.Value, m.Index, m.Length, Int(m.Groups["year"].Value), MonthNumber(m.Groups["month"].Value)));
            }
        }

        foreach (var pattern in hasMonth ? new[] { MonthDay(), DayMonth() } : [])
        {
            foreach (Match m in pattern.Matches(sentence))
            {
                var day = Int(m.Groups["day"].Value);
                var month = MonthNumber(m.Groups["month"].Value);
                if (Free(m) && day is >= 1 and <= 31)
                {
                    // "on January 5" in a dated report is that year's January 5; "January 7 Victory Day" names a day, not a date.
                    var dated = sentence[..m.Index].TrimEnd().EndsWith(" on", StringComparison.OrdinalIgnoreCase) || sentence[..m.Index].Trim().Equals("on", StringComparison.OrdinalIgnoreCase);
                    var year = dated && documentYear is { } y && ToDate(y, month, day) is not null ? documentYear : null;
                    Add(new DateMention(DateKind.MonthDay, m.Value, m.Index, m.Length, year, month, day));
                }
            }
        }

        foreach (Match m in hasYear ? YearRange().Matches(sentence) : EmptyMatches)
        {
            if (Free(m) && Int(m.Groups["end"].Value) > Int(m.Groups["year"].Value))
            {
                Add(new DateMention(DateKind.YearRange, m.Value, m.Index, m.Length, Int(m.Groups["year"].Value)) { EndYear = Int(m.Groups["end"].Value) });
            }
        }

        foreach (Match m in hasYear ? Decade().Matches(sentence) : EmptyMatches)
        {
            if (Free(m))
            {
                var year = Int(m.Groups["year"].Value);
                var (first, last) = m.Groups["part"].Value.ToLowerInvariant() switch { "early" => (0, 3), "mid" => (4, 6), "late" => (7, 9), _ => (0, 9) };
                Add(new DateMention(DateKind.Decade, m.Value, m.Index, m.Length, year + first) { EndYear = year + last });
            }
        }

        foreach (Match m in hasYear ? Year().Matches(sentence) : EmptyMatches)
        {
            if (Free(m) && !IsPartOfNumber(sentence, m))
            {
                Add(new DateMention(DateKind.Year, m.Value, m.Index, m.Length, Int(m.Value)));
            }
        }

        foreach (Match m in span.Contains("day", StringComparison.Ordinal) ? Weekday().Matches(sentence) : EmptyMatches)
        {
            Add(new DateMention(DateKind.Weekday, m.Value, m.Index, m.Length));
        }

        foreach (Match m in span.IndexOfAny(DurationUnits) >= 0 ? Duration().Matches(sentence) : EmptyMatches)
        {
            if (Free(m) && MeasuresTime(sentence, m))
            {
                Add(new DateMention(DateKind.Duration, m.Value, m.Index, m.Length));
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    public static IReadOnlyList<Quantity> Quantities(string sentence)
    {
        var found = new List<Quantity>();
        if (sentence.AsSpan().IndexOfAnyInRange('0', '9') < 0 && !NumberWord().IsMatch(sentence))
        {
            return found;
        }

        foreach (Match m in FractionPattern().Matches(sentence))
        {
            var value = m.Value.Contains("quarter", StringComparison.OrdinalIgnoreCase) ? 0.25
                : m.Value.Contains("third", StringComparison.OrdinalIgnoreCase) ? 1 / 3.0
                : m.Value.Contains("fifth", StringComparison.OrdinalIgnoreCase) ? 0.2
                : m.Value.Contains("tenth", StringComparison.OrdinalIgnoreCase) ? 0.1 : 0.5;
            var (head, end) = HeadAfter(sentence, m.Index + m.Length);
            found.Add(new Quantity(sentence[m.Index..end].TrimEnd(), m.Index, end - m.Index, value, value, head) { IsFraction = true });
        }

        foreach (Match m in QuantityPattern().Matches(sentence))
        {
            var low = m.Groups["low"];
            if (found.Any(f => m.Index < f.Start + f.Length && f.Start < m.Index + m.Length))
            {
                continue;
            }

            var lowText = low.Value;
            if (char.IsDigit(lowText[0]))
            {
                var digits = lowText.Replace(",", "", StringComparison.Ordinal);
                var isYear = digits.Length == 4 && !lowText.Contains(',', StringComparison.Ordinal) && !m.Groups["scale"].Success && digits[0] is '1' or '2';
                if (isYear || IsInDate(sentence, low.Index) || IsOrdinalOrLabel(sentence, low.Index, low.Length))
                {
                    continue;
                }
            }
            else if (!m.Groups["scale"].Success && !m.Groups["mod"].Success && !lowText.EndsWith('s'))
            {
                // "the two peoples", "one of the worst": number words count only with a scale or a modifier.
                continue;
            }

            var scale = m.Groups["scale"].Value.ToLowerInvariant() switch
            {
                "million" => 1e6,
                "billion" => 1e9,
                "thousand" => 1e3,
                "hundred" => 1e2,
                _ => 1,
            };
            var lowValue = Value(lowText) * scale;
            var highValue = m.Groups["high"].Success ? Value(m.Groups["high"].Value) * scale : lowValue;
            var (heads, stop) = HeadAfter(sentence, m.Index + m.Length);
            var text = sentence[m.Index..stop].Trim();
            if (text.Length > 0)
            {
                found.Add(new Quantity(text, m.Index, stop - m.Index, lowValue, highValue, heads) { IsFraction = m.Groups["pct"].Success });
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static (IReadOnlyList<string> Head, int End) HeadAfter(string sentence, int index)
    {
        var head = new List<string>();
        var i = index;
        var end = index;
        while (head.Count < 3 && i < sentence.Length)
        {
            while (i < sentence.Length && sentence[i] == ' ')
            {
                i++;
            }

            var start = i;
            while (i < sentence.Length && (char.IsLetter(sentence[i]) || sentence[i] is '\'' or '’' or '-'))
            {
                i++;
            }

            if (i == start)
            {
                break;
            }

            var word = Text.Fold(sentence[start..i]);
            if (word is "in" or "from" or "and" or "to" or "at" or "on" or "by" or "for" or "during" or "since" or "who" or "which" or "that" or "were" or "was" or "have" or "had" or "has" or "is" or "are" or "with")
            {
                break;
            }

            head.Add(word.Replace("'s", "", StringComparison.Ordinal).Replace("’s", "", StringComparison.Ordinal));
            end = i;
        }

        return (head, end);
    }

    /// <summary>"January 7" is a date, not a count of seven.</summary>
    private static bool IsInDate(string sentence, int numberIndex)
    {
        var before = sentence[..numberIndex].TrimEnd();
        var space = before.LastIndexOfAny([' ', '(']);
        var word = space < 0 ? before : before[(space + 1)..];
        return MonthNumber(word.TrimEnd('.')) > 0 && char.IsUpper(word[0]);
    }

    private static bool IsOrdinalOrLabel(string sentence, int index, int length)
    {
        var after = index + length;
        if (after + 1 < sentence.Length && sentence.AsSpan(after).StartsWith("th", StringComparison.Ordinal)
            || after + 1 < sentence.Length && (sentence.AsSpan(after).StartsWith("st", StringComparison.Ordinal) || sentence.AsSpan(after).StartsWith("nd", StringComparison.Ordinal) || sentence.AsSpan(after).StartsWith("rd", StringComparison.Ordinal)))
        {
            return true;
        }

        var before = sentence[..index].TrimEnd();
        var space = before.LastIndexOf(' ');
        var word = Text.Fold(space < 0 ? before : before[(space + 1)..]).TrimEnd('.');
        return word is "no" or "zone" or "number" or "route" or "article" or "chapter" or "page" or "room" or "ảnh" or "anh";
    }

    private static bool IsPartOfNumber(string sentence, Match m) =>
        m.Index > 0 && (char.IsDigit(sentence[m.Index - 1]) || sentence[m.Index - 1] is ',' or '.' or '$')
        || m.Index + m.Length < sentence.Length && sentence[m.Index + m.Length] is ',' && m.Index + m.Length + 1 < sentence.Length && char.IsDigit(sentence[m.Index + m.Length + 1]);

    private static double Value(string text)
    {
        var t = text.ToLowerInvariant().Replace(",", "", StringComparison.Ordinal);
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return t switch
        {
            "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8,
            "nine" => 9, "ten" => 10, "eleven" => 11, "twelve" => 12, "fifteen" => 15, "twenty" => 20, "thirty" => 30,
            "forty" => 40, "fifty" => 50, "sixty" => 60, "seventy" => 70, "eighty" => 80, "ninety" => 90,
            "dozens" => 24, "hundreds" => 200, "thousands" => 2000, "millions" => 2e6,
            _ when t.StartsWith("a hundred", StringComparison.Ordinal) => 100,
            _ when t.StartsWith("a thousand", StringComparison.Ordinal) => 1000,
            _ when t.StartsWith("tens", StringComparison.Ordinal) => 20000,
            _ => 0,
        };
    }

    /// <summary>The years a duration counted in decades stands for ("a decade" 10, "four decades" 40); null for any
    /// other duration.</summary>
    public static int? DecadesInYears(string duration)
    {
        var words = duration.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 2 && words[1].StartsWith("decade", StringComparison.OrdinalIgnoreCase) && LengthParts(duration) is { } parts ? parts.Years : null;
    }

    /// <summary>A duration's years, months and days ("three years, eight months and 20 days" 3, 8, 20; a decade is ten
    /// years, a week seven days); null when it names no count of a unit, or one too long to count.</summary>
    public static (int Years, int Months, int Days)? LengthParts(string duration)
    {
        var words = duration.ToLowerInvariant().Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        (int Years, int Months, int Days)? parts = null;
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if ((words[i] is "a" or "an" ? 1 : SmallNumber(words[i])) is not { } count)
            {
                continue;
            }

            if (count > 10_000)
            {
                return null;
            }

            var (years, months, days) = parts ?? (0, 0, 0);
            parts = words[i + 1].TrimEnd('s') switch
            {
                "decade" => (years + (10 * count), months, days),
                "year" => (years + count, months, days),
                "month" => (years, months + count, days),
                "week" => (years, months, days + (7 * count)),
                "day" => (years, months, days + count),
                _ => parts,
            };
        }

        return parts;
    }

    /// <summary>The whole months a duration in years, months or decades stands for ("three years, eight months and 20
    /// days" 44); null for a duration in days or weeks alone.</summary>
    public static int? WholeMonths(string duration) =>
        LengthParts(duration) is { } parts && (parts.Years > 0 || parts.Months > 0) ? (parts.Years * 12) + parts.Months : null;

    public static int MonthNumber(string name)
    {
        if (name.Length < 3)
        {
            return 0;
        }

        var prefix = name[..3].ToLowerInvariant();
        var index = Array.IndexOf(MonthPrefixes, prefix);
        return index < 0 ? 0 : index + 1;
    }

    private static readonly string[] MonthPrefixes = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly string[] SmallNumbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private static int? SmallNumber(string text) =>
        char.IsAsciiDigit(text[0]) ? (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null)
        : Array.IndexOf(SmallNumbers, text.ToLowerInvariant()) is var i and >= 0 ? i
        : text.ToLowerInvariant() switch { "fifteen" => 15, "twenty" => 20, "thirty" => 30, "forty" => 40, "fifty" => 50, "sixty" => 60, _ => null };

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static DateOnly? ToDate(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) && year is >= 1 and <= 9999
            ? new DateOnly(year, month, day)
            : null;
}
