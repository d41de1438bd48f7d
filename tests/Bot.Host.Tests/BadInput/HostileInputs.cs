using System.Text;

namespace Bot.Host.Tests.BadInput;

/// <summary>One generated hostile input: its category and the text (an argument, an option value or a whole line).</summary>
public sealed record HostileInput(string Category, string Text)
{
    public override string ToString() => $"{Category}: {(Text.Length > 60 ? Text[..60] + "…" : Text)}";
}

/// <summary>A deterministic generator of hostile inputs (seeded <see cref="Random"/>): every category's seeds,
/// each mixed with ordinary words, repeated, nested or cut at random, so that one seed always gives the same cases.</summary>
public static class HostileInputs
{
    public const int Seed = 20270107;

    public static readonly IReadOnlyList<string> Categories =
    [
        "overlong", "control", "nul", "bidi", "zero-width", "scripts", "fts", "markup", "mentions",
        "invalid-time", "invalid-zone", "unknown-command", "missing-argument",
    ];

    private static readonly string[] Words = ["January", "7", "1979", "Phnom", "Penh", "when", "did", "victory", "what", "happened", "the", "Khmer", "Rouge"];

    private static readonly Dictionary<string, string[]> SeedsByCategory = new()
    {
        ["control"] = ["\u0001", "\u0007", "\b", "\u001b[31m", "\r\n", "\r", "\t\t", "\u007f", "\u0085", "\f", "\v", "\u001f"],
        ["nul"] = ["\0", "a\0b", "\0\0\0", "09:00\0", "Asia/Phnom_Penh\0../x"],
        ["bidi"] = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u200e", "\u061c", "\u202e1979 ,7 yraunaJ"],
        ["zero-width"] = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "Jan\u200buary", "/se\u200btup"],
        ["scripts"] =
        [
            "🎉🇰🇭👨‍👩‍👧‍👦", "ថ្ងៃទី៧ ខែមករា ឆ្នាំ១៩៧៩", "Ngày 7 tháng 1 năm 1979", "Z̴̡̧a̸l̶g̷o̸ ̵t̸e̷x̶t̵", "東京", "مرحبا",
            "\ud83d", "\ude00", "𝓙𝓪𝓷𝓾𝓪𝓻𝔂", "ﷺ", "\u0e3f\u0e3f\u0e3f",
        ],
        ["fts"] =
        [
            "\"", "\"unterminated", "NEAR(", "NEAR(a b, -1)", "*", "a*", "AND OR NOT", "^", ":", "title:*", "{col}", "(", ")",
            "-", "+", "'", "''", "\\", "%", "_", "1979 NEAR/3 January", "*:*", "\"\"\"", "OR", "NOT AND",
        ],
        ["markup"] =
        [
            "<b>", "</b>", "</code>", "<code>", "<pre>", "<a href=\"javascript:alert(1)\">x</a>", "<script>alert(1)</script>",
            "&amp;", "&#0;", "&", "&lt;", "<", ">", "<blockquote>", "*bold*", "_it_", "~strike~", "||spoiler||", "```", "`",
            "[link](http://example.invalid)", "> quote", "# heading", "<tg-spoiler>", "<i", "<<>>", "&&&", "<!--",
        ],
        ["mentions"] =
        [
            "@everyone", "@here", "<@&123>", "<@&123456789012345678>", "<@!123456789012345678>", "<@123456789012345678>",
            "<#123456789012345678>", "@AnniversaryTestBot", "@ everyone", "＠everyone", "@everyone@here", "<@&>",
        ],
        ["invalid-time"] =
        [
            "25:61", "-1", "9am", "24:00", "99:99", "12:5", "1e9", "٠٩:٠٠", "０９:００", "9:00:00", "NaN", "2147483648", "-00:01",
            "23:59:60", "12:", ":30", "noon", "9.00", "0x10:00", "", " ", "09:00:00.000", "18446744073709551616:00",
        ],
        ["invalid-zone"] =
        [
            "Mars/Base", "../../etc/passwd", "UTC+25", "Etc/GMT+99", "/etc/localtime", "C:\\Windows\\System32", "%2e%2e%2f",
            "asia/phnom_penh", "Asia/", "/", ".", "..", "Asia/Phnom_Penh/../../", "GMT-", "+07:00", "Asia/Phnom Penh",
            "America/Argentina/Buenos_Aires/Extra", "Europe/Berlin; DROP TABLE subscriptions;--", "",
        ],
        ["unknown-command"] =
        [
            "ÄÖÜ", "a@b", "..", "", "/", "setup@OtherBot", "SETUP", "hélp", "ask ask", "\u202esetup", "x" + new string('y', 40),
            "drop", "admin", "sudo", "setup\0", "12345", "_", "anniversary",
        ],
    };

    /// <summary>Names of commands whose required argument the generator leaves out.</summary>
    private static readonly string[] NeedArguments = ["time", "timezone", "role", "template", "ask"];

    public static IReadOnlyList<HostileInput> Generate(int count, int seed = Seed)
    {
        var random = new Random(seed);
        var cases = new List<HostileInput>(count);
        for (var i = 0; i < count; i++)
        {
            var category = Categories[i % Categories.Count];
            cases.Add(new HostileInput(category, Make(category, random)));
        }

        return cases;
    }

    private static string Make(string category, Random random)
    {
        switch (category)
        {
            case "overlong":
                return Overlong(random);
            case "missing-argument":
                return NeedArguments[random.Next(NeedArguments.Length)];
            case "unknown-command":
                var seeds = SeedsByCategory[category];
                return seeds[random.Next(seeds.Length)] + (random.Next(3) == 0 ? random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
            case "invalid-time" or "invalid-zone":
                // Mostly the bare value (it lands in its option); sometimes wrapped in noise.
                var values = SeedsByCategory[category];
                var value = values[random.Next(values.Length)];
                return random.Next(4) == 0 ? Mix(SeedsByCategory["control"].Concat(SeedsByCategory["bidi"]).ToArray(), random, 1) + value : value;
            default:
                return Mix(SeedsByCategory[category], random, 1 + random.Next(6));
        }
    }

    /// <summary>Fragments of one category among ordinary words, sometimes repeated.</summary>
    private static string Mix(string[] fragments, Random random, int pieces)
    {
        var text = new StringBuilder();
        for (var p = 0; p < pieces; p++)
        {
            if (random.Next(2) == 0)
            {
                text.Append(Words[random.Next(Words.Length)]).Append(' ');
            }

            var fragment = fragments[random.Next(fragments.Length)];
            text.Append(random.Next(8) == 0 ? string.Concat(Enumerable.Repeat(fragment, 1 + random.Next(50))) : fragment);
            if (random.Next(2) == 0)
            {
                text.Append(' ');
            }
        }

        return text.ToString();
    }

    /// <summary>10 kB to 60 kB: one endless word, many words, escaping-heavy markup, or just under the dispatcher's limit.</summary>
    private static string Overlong(Random random) => random.Next(5) switch
    {
        0 => new string('a', 10_000 + random.Next(50_000)),
        1 => string.Join(' ', Enumerable.Range(0, 2_000 + random.Next(8_000)).Select(_ => Words[random.Next(Words.Length)])),
        2 => string.Concat(Enumerable.Repeat("<b>&\"", 2_500 + random.Next(5_000))),
        3 => string.Concat(Enumerable.Repeat("<&>", 1_333)),
        _ => string.Concat(Enumerable.Repeat("🎉", 5_000 + random.Next(10_000))),
    };
}
