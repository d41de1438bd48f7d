using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Core.Facts;

/// <summary>Turns a news page into a document: headline, dateline, agency, and the article's own text without the
/// page around it. Every rule is general: navigation strips of "|"-separated headlines, photo markers
/// ("… - ảnh 2", "(Photo: VNA)"), credits ("(Source: VNA)"), short headings and captions without a full stop, and
/// the end of the article ("Related News", a closing "Source: VNA/VNP" line) after which a page lists other news.</summary>
public static partial class DocumentParser
{
    [GeneratedRegex(@"^\s*(related\s+(news|articles|stories|posts)|read\s+more|see\s+also|more\s+news|other\s+news|latest\s+news)\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EndOfArticle();

    [GeneratedRegex(@"^\s*(?i:source|nguồn)\s*:\s*(?<agency>[A-Z][A-Za-z]{1,9}(?:\s*/\s*[A-Z][A-Za-z]{1,9})*)\s*\.?\s*$")]
    private static partial Regex ClosingCredit();

    [GeneratedRegex(@"\((?:source|photo|photos|ảnh|nguồn)\s*:\s*(?<agency>[^)\n]{0,40})\)?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCredit();

    [GeneratedRegex(@"\s[-–]\s*(?:ảnh|anh|photo|image)\s*\d+\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PhotoMarker();

    [GeneratedRegex(@"^\s*(?:date\s+)?(?<iso>\d{4}-\d{2}-\d{2})\b\s*(?:(?<place>[\p{Lu}][\p{Lu}\s]+?)\s*[–—-]\s*)?")]
    private static partial Regex IsoDateline();

    [GeneratedRegex(@"^\s*(?<place>[\p{Lu}][\p{L} ]{1,40}),\s*(?<month>[A-Z][a-z]+)\.?\s+(?<day>\d{1,2}),\s*(?<year>\d{4})\s*[–—-]\s*")]
    private static partial Regex PlaceDateline();

    [GeneratedRegex(@"^\s*(?:posted|published|updated|first published|last updated|date)\s*(?:on\s*)?:?\s*(?:(?<m>\d{1,2})/(?<d>\d{1,2})/(?<y>\d{4})|(?<month>[A-Z][a-z]+)\.?\s+(?<day>\d{1,2}),?\s+(?<year>\d{4})|(?<iso>\d{4}-\d{2}-\d{2}))[^.]{0,30}$", RegexOptions.IgnoreCase)]
    private static partial Regex StampLine();

    [GeneratedRegex(@"^\s*\((?<agency>[A-Z]{2,}[A-Za-z]*)\)\s*[–—-]\s*")]
    private static partial Regex AgencyDateline();

    [GeneratedRegex(@"\s*(?:[-–—]\s*|\.-)(?<agency>[A-Z]{2,5}(?:/[A-Z]{2,5})?)\s*$")]
    private static partial Regex TrailingCredit();

    [GeneratedRegex(@"\b(?<n>\d{1,3})(?:st|nd|rd|th)\s+anniversary\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"\b(?:1[89]\d\d|20\d\d)\b")]
    private static partial Regex AnyYear();

    [GeneratedRegex(@"\b(?<agency>AKP|VNA|VOV|Xinhua|Reuters|AFP|AP|Kyodo|Bernama|Antara)\b(?:\s+news\s+agency)")]
    private static partial Regex NamedAgency();

    public static ParsedDocument Parse(DocumentText document)
    {
        var lines = document.Content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        string? source = null;
        var kept = new List<string>();
        var noise = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (EndOfArticle().IsMatch(line))
            {
                noise.AppendJoin('\n', lines[i..]);
                break;
            }

            if (ClosingCredit().Match(line) is { Success: true } credit)
            {
                source ??= credit.Groups["agency"].Value.Replace(" ", "", StringComparison.Ordinal);
                kept.Add("");
                if (kept.Count(l => l.Length > 0) > 3)
                {
                    noise.AppendJoin('\n', lines[(i + 1)..]);
                    break;
                }

                continue;
            }

            if (IsNavigationStrip(line))
            {
                noise.AppendLine(line);
                kept.Add("");
                continue;
            }

            if (PhotoMarker().IsMatch(line))
            {
                kept.Add("");
                continue;
            }

            foreach (Match inline in InlineCredit().Matches(line))
            {
                if (inline.Value.StartsWith("(Source", StringComparison.OrdinalIgnoreCase) && LooksLikeAgency(inline.Groups["agency"].Value))
                {
                    source ??= inline.Groups["agency"].Value.Trim();
                }
            }

            kept.Add(InlineCredit().Replace(line, " ").Trim());
        }

        var blocks = Blocks(kept);
        DropLeadingChrome(blocks);
        var title = TakeTitle(blocks);
        string? date = null;
        if (blocks.FindIndex(b => StampLine().IsMatch(b)) is >= 0 and < 2 and var stamped)
        {
            date = StampDate(StampLine().Match(blocks[stamped]));
            blocks.RemoveAt(stamped);
        }

        if (blocks.Count > 0)
        {
            // The dateline stays in the text (it dates the first sentence); only a bare "date" label goes.
            var first = blocks[0];
            if (date is null && IsoDateline().Match(first) is { Success: true } iso && DateOnly.TryParseExact(iso.Groups["iso"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var isoDate))
            {
                date = isoDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                first = first[iso.Groups["iso"].Index..];
            }
            else if (date is null && PlaceDateline().Match(first) is { Success: true } placed && Extraction.MonthNumber(placed.Groups["month"].Value) is > 0 and var month
                && int.TryParse(placed.Groups["day"].Value, CultureInfo.InvariantCulture, out var day) && int.TryParse(placed.Groups["year"].Value, CultureInfo.InvariantCulture, out var year)
                && day <= DateTime.DaysInMonth(year, month))
            {
                date = new DateOnly(year, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            if (AgencyDateline().Match(first) is { Success: true } agency)
            {
                source ??= AgencyName(agency.Groups["agency"].Value);
            }

            blocks[0] = first.Trim();
        }

        if (blocks.Count > 0 && TrailingCredit().Match(blocks[^1]) is { Success: true } trailing)
        {
            source = trailing.Groups["agency"].Value;
            blocks[^1] = blocks[^1][..trailing.Index].TrimEnd();
        }

        blocks.RemoveAll(b => b.Length == 0 || IsHeading(b));
        source ??= NamedAgency().Match(string.Join(" ", blocks)) is { Success: true } named ? named.Groups["agency"].Value : null;
        date ??= DeriveYear(title, blocks);
        if (title.Length == 0)
        {
            title = blocks.Count > 0 ? Shorten(SentenceSplitter.Split(WithoutDateline(blocks[0]))[0].Text) : document.Id;
        }

        return Build(document.Id, title, date, source, blocks) with { Noise = noise.ToString().Trim() };
    }

    private static ParsedDocument Build(string id, string title, string? date, string? source, List<string> blocks)
    {
        var body = new StringBuilder();
        var paragraphs = new List<ParsedParagraph>();
        var sentenceIndex = 0;
        foreach (var block in blocks)
        {
            if (body.Length > 0)
            {
                body.Append("\n\n");
            }

            var start = body.Length;
            body.Append(block);
            var sentences = SentenceSplitter.Split(block)
                .Select(s => new ParsedSentence(sentenceIndex++, paragraphs.Count, start + s.Start, s.Text))
                .ToList();
            paragraphs.Add(new ParsedParagraph(paragraphs.Count, start, block, sentences));
        }

        return new ParsedDocument(id, title, date, source, body.ToString(), paragraphs);
    }

    /// <summary>Blank-line separated blocks, each joined into one line.</summary>
    private static List<string> Blocks(List<string> lines)
    {
        var blocks = new List<string>();
        var current = new List<string>();
        foreach (var line in lines.Append(""))
        {
            if (line.Length == 0)
            {
                if (current.Count > 0)
                {
                    blocks.Add(Text.Squeeze(string.Join(" ", current)));
                    current.Clear();
                }

                continue;
            }

            current.Add(line);
        }

        return blocks;
    }

    /// <summary>Page chrome before the headline: a few lower-case words ("return icon", "menu").</summary>
    /// <summary>The date of a "Posted: 08/25/2012 07:14 PM EDT" or "Published: May 3, 2024" line. A numeric date is
    /// read month first, as the sites that write it so do, unless its first number cannot be a month.</summary>
    private static string? StampDate(Match stamp)
    {
        int year, month, day;
        if (stamp.Groups["iso"].Success)
        {
            return DateOnly.TryParseExact(stamp.Groups["iso"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? iso.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        }

        if (stamp.Groups["y"].Success)
        {
            (month, day) = (int.Parse(stamp.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(stamp.Groups["d"].Value, CultureInfo.InvariantCulture));
            (month, day) = month > 12 ? (day, month) : (month, day);
            year = int.Parse(stamp.Groups["y"].Value, CultureInfo.InvariantCulture);
        }
        else
        {
            month = Extraction.MonthNumber(stamp.Groups["month"].Value);
            day = int.Parse(stamp.Groups["day"].Value, CultureInfo.InvariantCulture);
            year = int.Parse(stamp.Groups["year"].Value, CultureInfo.InvariantCulture);
        }

        return month is >= 1 and <= 12 && day >= 1 && year is >= 1 and <= 9999 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
    }

    private static void DropLeadingChrome(List<string> blocks)
    {
        while (blocks.Count > 1 && blocks[0].Split(' ').Length <= 3 && !blocks[0].Any(char.IsUpper) && !blocks[0].Any(char.IsDigit))
        {
            blocks.RemoveAt(0);
        }
    }

    /// <summary>The headline: a first block of 3–25 words without a closing full stop.</summary>
    private static string TakeTitle(List<string> blocks)
    {
        if (blocks.Count > 1 && blocks[0].Split(' ').Length is >= 3 and <= 25 && !EndsSentence(blocks[0]))
        {
            var title = blocks[0];
            blocks.RemoveAt(0);
            return title;
        }

        return "";
    }

    /// <summary>A short block without a closing full stop is a heading ("Liberation and Hope:") or a caption line.</summary>
    private static bool IsHeading(string block) => !EndsSentence(block) && block.Split(' ').Length <= 12;

    private static bool EndsSentence(string text) => text.TrimEnd().Length > 0 && text.TrimEnd()[^1] is '.' or '!' or '?' or '"' or '”' or '’';

    private static bool IsNavigationStrip(string line) => line.Count(c => c == '|') >= 2;

    private static bool LooksLikeAgency(string text) => text.Trim().Length is >= 2 and <= 20 && char.IsUpper(text.Trim()[0]);

    private static string AgencyName(string credit)
    {
        var upper = new string([.. credit.TakeWhile(char.IsUpper)]);
        return upper.Length >= 2 ? upper : credit;
    }

    /// <summary>"the 35th anniversary of … January 7, 1979" in a document without a dateline dates it to 2014:
    /// the anniversary's origin year is the first year near it, else the year the document names most.</summary>
    private static string? DeriveYear(string title, List<string> blocks)
    {
        foreach (var sentence in new[] { title }.Concat(blocks.SelectMany(b => SentenceSplitter.Split(b).Select(s => s.Text))))
        {
            if (Ordinal().Match(sentence) is not { Success: true } ordinal)
            {
                continue;
            }

            var n = int.Parse(ordinal.Groups["n"].Value, CultureInfo.InvariantCulture);
            var years = AnyYear().Matches(sentence[ordinal.Index..]).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            var origin = years.Count > 0 ? years[0] : MostNamedYear(blocks);
            if (origin is { } y && y + n <= 2100)
            {
                return (y + n).ToString(CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static int? MostNamedYear(List<string> blocks) => blocks
        .SelectMany(b => AnyYear().Matches(b).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)))
        .GroupBy(y => y)
        .OrderByDescending(g => g.Count())
        .ThenBy(g => g.Key)
        .Select(g => (int?)g.Key)
        .FirstOrDefault();

    private static string WithoutDateline(string text)
    {
        foreach (var dateline in new[] { IsoDateline(), PlaceDateline(), AgencyDateline() })
        {
            if (dateline.Match(text) is { Success: true, Length: > 0 } m && m.Length < text.Length)
            {
                text = text[m.Length..];
            }
        }

        return text;
    }

    private static string Shorten(string sentence)
    {
        var words = sentence.Split(' ');
        return words.Length <= 12 ? sentence.TrimEnd('.') : string.Join(' ', words[..12]).TrimEnd(',', ';') + "…";
    }
}
