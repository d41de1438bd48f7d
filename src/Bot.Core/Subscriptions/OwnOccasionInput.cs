using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Occasions;

namespace Bot.Core.Subscriptions;

/// <summary>What a moderator typed after /occasion add: a day, perhaps a year, and a title.</summary>
public sealed record OwnOccasionInput(int Month, int Day, int? Year, string Title)
{
    public const string Usage = "/occasion add MM-DD [YYYY] Title, for example /occasion add 03-14 2019 Founding of this server";
}

/// <summary>Parses /occasion add. Every refusal names what was wrong and what would be valid.</summary>
public static partial class OwnOccasionParser
{
    /// <param name="thisYear">The chat's current year: an event's year cannot be later.</param>
    public static SubscriptionValidation.Parsed<OwnOccasionInput> Parse(string? text, int thisYear)
    {
        var input = (text ?? "").Trim();
        if (input.Length == 0)
        {
            return new(null, $"Give the day and a title: {OwnOccasionInput.Usage}.");
        }

        var match = AddPattern().Match(input);
        if (!match.Success)
        {
            var first = input.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
            return new(null, $"'{SubscriptionValidation.Shorten(first)}' is not a day: write the month, then the day, as MM-DD. Usage: {OwnOccasionInput.Usage}.");
        }

        var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var typed = match.Groups["month"].Value + "-" + match.Groups["day"].Value;
        if (month is < 1 or > 12)
        {
            return new(null, $"{typed} is not a date: the month comes first, from 01 to 12 (MM-DD).");
        }

        if (!OccasionCatalog.IsValidDay(month, day))
        {
            var days = DateTime.DaysInMonth(2000, month);
            return new(null, $"{typed} is not a date: {Occasion.MonthNames[month - 1]} has days 1 to {days}.");
        }

        int? year = null;
        if (match.Groups["year"].Success)
        {
            var value = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (value < 1 || value > thisYear)
            {
                return new(null, $"{match.Groups["year"].Value} cannot be the year of the event: give a year from 0001 to {thisYear}, or none.");
            }

            if (month == 2 && day == 29 && !DateTime.IsLeapYear(value))
            {
                return new(null, $"02-29 {value} is not a date: {value} is not a leap year.");
            }

            year = value;
        }

        var title = string.Join(' ', match.Groups["title"].Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (title.Length == 0 || !title.Any(char.IsLetterOrDigit))
        {
            return new(null, $"Give a title after the day: {OwnOccasionInput.Usage}.");
        }

        if (title.Any(char.IsControl) || !IsWellFormed(title))
        {
            return new(null, "The title has control characters or broken text; use plain text.");
        }

        if (title.Length > OwnOccasion.MaxTitleLength)
        {
            return new(null, $"The title is {title.Length} characters long; keep it to {OwnOccasion.MaxTitleLength} at most.");
        }

        return new(new OwnOccasionInput(month, day, year, title), null);
    }

    /// <summary>False when the text has a lone surrogate (half of a character): such text cannot be folded for
    /// search, so it is refused at the door rather than failing later.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    // [0-9], not \d: \d also matches other scripts' digits, which int.Parse refuses. A four-digit word right after
    // the day is the year; the title is everything after.
    [GeneratedRegex(@"^(?<month>[0-9]{1,2})[-/](?<day>[0-9]{1,2})(?:\s+(?<year>[0-9]{4})(?=\s|$))?(?<title>.*)$", RegexOptions.Singleline)]
    private static partial Regex AddPattern();
}
