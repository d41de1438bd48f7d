using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Occasions;
using NodaTime;

namespace Bot.Core.Subscriptions;

/// <summary>Parses moderators' input. Every refusal says what would have been valid.</summary>
public static partial class SubscriptionValidation
{
    public sealed record Parsed<T>(T? Value, string? Error)
    {
        public bool Ok => Error is null;
    }

    /// <summary>How a time of day may be written, named in every refusal.</summary>
    public const string TimeForms = "Write it as 09:00, 21:30, 21h, 0900, 9am or 9:30 pm.";

    /// <summary>"09:00", "21h", "0900", "9am", "9:30 pm", "12am" (midnight) → a local time; "25:00", "9:75",
    /// "banana" → one line naming what was wrong and the accepted forms.</summary>
    public static Parsed<LocalTime> ParseTime(string? text)
    {
        var input = (text ?? "").Trim();
        var compact = string.Concat(input.Where(c => !char.IsWhiteSpace(c))).Replace(".m.", "m", StringComparison.OrdinalIgnoreCase);
        var match = TimePattern().Match(compact);
        if (!match.Success)
        {
            return new(default, $"'{Shorten(input)}' is not a time of day. {TimeForms}");
        }

        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["minute"].Success ? int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        var half = match.Groups["half"].Value.ToUpperInvariant();
        if (half.Length == 0 && !match.Groups["minute"].Success && !match.Groups["h"].Success)
        {
            // A bare "9" could be morning or evening: ask for a form that says which.
            return new(default, $"'{Shorten(input)}' needs minutes, am/pm or h. {TimeForms}");
        }

        if (half.Length > 0 && hour is < 1 or > 12)
        {
            return new(default, $"'{Shorten(input)}': with am or pm the hour must be 1 to 12. {TimeForms}");
        }

        if (hour > 23)
        {
            return new(default, $"'{Shorten(input)}': the hour must be 0 to 23. {TimeForms}");
        }

        if (minute > 59)
        {
            return new(default, $"'{Shorten(input)}': the minutes must be 00 to 59. {TimeForms}");
        }

        hour = half switch
        {
            "AM" => hour % 12,
            "PM" => hour % 12 + 12,
            _ => hour,
        };
        return new(new LocalTime(hour, minute), null);
    }

    /// <summary>A time zone as people type it (see <see cref="ZoneInput"/>); an ambiguous name is refused with
    /// its choices listed, for settings files where nobody can be asked.</summary>
    public static Parsed<DateTimeZone> ParseZone(string? text)
    {
        var reading = ZoneInput.Read(text);
        return new(reading.Zone, reading.Error);
    }

    /// <summary>"all", "primary" (or "default"), "jan7", or numbers from /occasions separated by spaces or commas.
    /// <paramref name="known"/> is the chat's numbered list (<see cref="ChatOccasions.Numbered"/>); ids stored by
    /// earlier versions are still understood, never asked for. The chat's own occasions are always posted, so their
    /// numbers add nothing.</summary>
    public static Parsed<OccasionSelection> ParseOccasions(string? text, IReadOnlyList<Occasion> known)
    {
        var input = (text ?? "").Trim();
        var words = input.Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1 && words[0].Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return new(OccasionSelection.All, null);
        }

        if (words.Length == 1 && (words[0].Equals("primary", StringComparison.OrdinalIgnoreCase) || words[0].Equals("default", StringComparison.OrdinalIgnoreCase)))
        {
            return new(OccasionSelection.Primary, null);
        }

        if (words.Length == 1 && (words[0].Equals("jan7", StringComparison.OrdinalIgnoreCase) || words[0].Equals("january7", StringComparison.OrdinalIgnoreCase)))
        {
            return new(OccasionSelection.VictoryDay, null);
        }

        var valid = $"all, primary (the main occasions), or numbers from 1 to {known.Count} as /occasions lists them";
        if (words.Length == 0)
        {
            return new(null, $"Say which occasions: {valid}.");
        }

        var ids = new List<string>();
        foreach (var word in words)
        {
            var occasion = int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number >= 1 && number <= known.Count ? known[number - 1] : null
                : known.FirstOrDefault(o => !o.Own && o.Id.Equals(word, StringComparison.OrdinalIgnoreCase));
            if (occasion is null)
            {
                return new(null, $"'{Shorten(word)}' is not an occasion here. Valid: {valid}.");
            }

            if (!occasion.Own && !ids.Contains(occasion.Id, StringComparer.Ordinal))
            {
                ids.Add(occasion.Id);
            }
        }

        return ids.Count > 0
            ? new(new OccasionSelection(OccasionMode.List, ids), null)
            : new(null, "Those are this chat's own occasions, which are always posted; choose among the others, or remove one with /occasion remove.");
    }

    /// <summary>A platform role id (digits), or "none" to clear.</summary>
    public static Parsed<string?> ParseRole(string? text)
    {
        var input = (text ?? "").Trim();
        if (input.Equals("none", StringComparison.OrdinalIgnoreCase) || input.Length == 0)
        {
            return new(null, null);
        }

        var match = RolePattern().Match(input);
        if (match.Success)
        {
            return new(match.Groups[1].Value, null);
        }

        return new(null, $"'{Shorten(input)}' is not a role. Give a role mention or id (digits), or 'none'. @everyone and @here are never mentioned.");
    }

    public static string Shorten(string text)
    {
        var clean = new string([.. text.Where(c => !char.IsControl(c))]);
        return clean.Length <= 40 ? clean : clean[..40] + "…";
    }

    // [0-9], not \d: \d also matches other scripts' digits (full-width, Arabic-Indic), which int.Parse refuses.
    // Four digits without a separator are "0900"; one or two are an hour needing minutes, am/pm or h.
    [GeneratedRegex(@"^(?:(?<hour>[0-9]{2})(?<minute>[0-9]{2})|(?<hour>[0-9]{1,2})(?:(?<h>h)|[:.h](?<minute>[0-9]{2}))?)(?<half>[ap]m)?$", RegexOptions.IgnoreCase)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?:<@&)?([0-9]{1,20})>?$")]
    private static partial Regex RolePattern();
}
