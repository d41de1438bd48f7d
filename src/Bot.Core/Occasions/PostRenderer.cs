using System.Globalization;
using Bot.Core.Messaging;

namespace Bot.Core.Occasions;

/// <summary>How a post should look beyond its occasion: a channel's template and role, or a test marker.</summary>
public sealed record PostStyle(string? Template = null, string? MentionRoleId = null, bool IsTest = false)
{
    public static readonly PostStyle Default = new();
}

/// <summary>Turns an anniversary and its facts into a platform-neutral message. The tone is commemorative: the
/// occasions mark the end of a genocidal regime and the events around it, so a post says what happened and which
/// anniversary it is, and never congratulates.</summary>
public static class PostRenderer
{
    public const string TestMarker = "[Test] ";

    public static OutgoingMessage Render(Anniversary anniversary, IReadOnlyList<Citation> facts, PostStyle? style = null)
    {
        style ??= PostStyle.Default;
        var occasion = anniversary.Occasion;
        // The same sentence found in two documents is one fact.
        var citations = facts.DistinctBy(c => c.Quote.Trim(), StringComparer.Ordinal).Select(c => c with { Quote = PostTemplate.Defuse(c.Quote) }).ToList();
        var template = style.Template ?? occasion.Template;
        var custom = template is not null && PostTemplate.Validate(template) is null;
        var text = custom
            ? PostTemplate.Apply(template!, Values(anniversary, citations))
            : DefaultText(anniversary, style.IsTest);

        return new OutgoingMessage(PostTemplate.Defuse(text))
        {
            Title = (style.IsTest ? TestMarker : "") + PostTemplate.Defuse($"{occasion.DayName}: {occasion.Title}"),
            // A template that places the facts or sources itself has them in its text: attached as well, every
            // adapter would show them a second time under it.
            Citations = custom && PostTemplate.PlacesFacts(template!) ? [] : citations,
            MentionRoleId = string.IsNullOrWhiteSpace(style.MentionRoleId) ? null : style.MentionRoleId,
            Footer = style.IsTest ? "This is a test post; the scheduled post and its schedule are unchanged." : null,
        };
    }

    /// <summary>"On this day in 1979: … Today marks the 48th anniversary."</summary>
    public static string DefaultText(Anniversary anniversary, bool isTest = false)
    {
        var occasion = anniversary.Occasion;
        // A chat's own occasion has no summary: its title says what the day is.
        var summary = occasion.Summary.Trim() is { Length: > 0 } given ? given : occasion.Title.Trim();
        if (summary.Length > 0 && !summary.EndsWith('.') && !summary.EndsWith('!') && !summary.EndsWith('?') && !summary.EndsWith('…'))
        {
            summary += ".";
        }

        if (!occasion.YearKnown)
        {
            return isTest ? $"On {anniversary.DateText}: {summary}" : $"On this day: {summary}";
        }

        var year = occasion.OriginalYear.ToString(CultureInfo.InvariantCulture);
        // A test shows the next post ahead of its day, so it names the day instead of saying "today".
        var when = isTest ? $"{anniversary.DateText} marks" : "Today marks";
        var marks = anniversary.IsMilestone
            ? $"{when} the {anniversary.Ordinal} anniversary, {anniversary.Years} years on."
            : $"{when} the {anniversary.Ordinal} anniversary.";
        return $"On this day in {year}: {summary}\n{marks}";
    }

    public static IReadOnlyDictionary<string, string> Values(Anniversary anniversary, IReadOnlyList<Citation> facts)
    {
        var occasion = anniversary.Occasion;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{title}"] = occasion.Title,
            ["{ordinal}"] = anniversary.Ordinal,
            ["{years}"] = anniversary.Years > 0 ? anniversary.Years.ToString(CultureInfo.InvariantCulture) : "",
            ["{date}"] = occasion.YearKnown ? $"{occasion.DayName}, {occasion.OriginalYear.ToString(CultureInfo.InvariantCulture)}" : occasion.DayName,
            ["{facts}"] = PostTemplate.FactsBlock(facts.Select(f => $"{f.Quote} — {PlainText.Describe(f)}")),
            ["{sources}"] = string.Join("; ", facts.Select(PlainText.Describe).Distinct(StringComparer.Ordinal)),
        };
    }
}
