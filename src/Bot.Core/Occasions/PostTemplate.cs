using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Core.Occasions;

/// <summary>A moderator's or curator's shape for a post, with a small fixed set of placeholders. Nothing else is
/// interpreted: no expressions, no formatting codes, no mentions of everyone.</summary>
public static partial class PostTemplate
{
    public const int MaxLength = 1500;

    /// <summary>The placeholders a template may use, with what each becomes.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Placeholders =
    [
        ("{title}", "the occasion's title"),
        ("{ordinal}", "which anniversary, e.g. 48th"),
        ("{years}", "years since, e.g. 48"),
        ("{date}", "the date of the event, e.g. January 7, 1979"),
        ("{facts}", "the facts, one per line, each with its source"),
        ("{sources}", "the documents the facts come from"),
    ];

    public static string ValidList => string.Join(", ", Placeholders.Select(p => p.Name));

    /// <summary>Null when the template is acceptable, else a message saying what is wrong and what is valid.</summary>
    public static string? Validate(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return $"A template needs some text. Valid placeholders: {ValidList}.";
        }

        if (template.Length > MaxLength)
        {
            return $"A template may be at most {MaxLength} characters (this one has {template.Length}).";
        }

        if (EveryoneMention().IsMatch(template))
        {
            return "A template may not mention @everyone or @here. Use the role setting to mention one role.";
        }

        if (template.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return "A template may not contain control characters.";
        }

        foreach (Match match in Token().Matches(template))
        {
            var token = match.Value;
            if (!Placeholders.Any(p => p.Name == token))
            {
                var shown = token.Length > 30 ? token[..30] + "…" : token;
                return $"Unknown placeholder {shown}. Valid placeholders: {ValidList}.";
            }
        }

        var stripped = Token().Replace(template, "");
        if (stripped.Contains('{', StringComparison.Ordinal) || stripped.Contains('}', StringComparison.Ordinal))
        {
            return $"A template may use braces only around a placeholder. Valid placeholders: {ValidList}.";
        }

        return null;
    }

    /// <summary>Fills a validated template. Unknown tokens (a template that was not validated) stay as written.</summary>
    public static string Apply(string template, IReadOnlyDictionary<string, string> values) =>
        Token().Replace(template, m => values.TryGetValue(m.Value, out var value) ? value : m.Value);

    /// <summary>"@everyone" and "@here" from any text (a document, a template) never ping: a zero-width joiner
    /// after the @ keeps the text readable and inert on every platform.</summary>
    public static string Defuse(string text) => EveryoneMention().Replace(text, m => "@\u2060" + m.Value[1..]);

    /// <summary>Whether the template puts the facts or their sources in its own text.</summary>
    public static bool PlacesFacts(string template) =>
        template.Contains("{facts}", StringComparison.Ordinal) || template.Contains("{sources}", StringComparison.Ordinal);

    public static string FactsBlock(IEnumerable<string> quotes)
    {
        var text = new StringBuilder();
        foreach (var quote in quotes)
        {
            text.Append("• ").AppendLine(quote);
        }

        return text.ToString().TrimEnd();
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Token();

    [GeneratedRegex(@"@(everyone|here)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EveryoneMention();
}
