using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Occasions;
using NodaTime;

namespace Bot.Core.Subscriptions;

/// <summary>Parses moderators' input. Every refusal says what would have been valid.</summary>
public static partial class SubscriptionValidation
{
    private static readonly string[] CommonZones =
        ["Asia/Phnom_Penh", "Asia/Ho_Chi_Minh", "Asia/Bangkok", "Europe/London", "Europe/Paris", "America/New_York", "America/Los_Angeles", "Australia/Sydney", "UTC"];

    public sealed record Parsed<T>(T? Value, string? Error)
    {
        public bool Ok => Error is null;
    }

    /// <summary>"09:00", "9:00", "21:30" → a local time; "25:61" → a message with the valid range.</summary>
    public static Parsed<LocalTime> ParseTime(string? text)
    {
        var input = (text ?? "").Trim();
        var match = TimePattern().Match(input);
        if (match.Success)
        {
            var hour = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var minute = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (hour is >= 0 and <= 23 && minute is >= 0 and <= 59)
            {
                return new(new LocalTime(hour, minute), null);
            }
        }

        return new(default, $"'{Shorten(input)}' is not a time of day. Use 24-hour HH:MM from 00:00 to 23:59, for example 09:00 or 18:30.");
    }

    /// <summary>An IANA zone id, matched without regard to case; "Mars/Base" → a message with examples and close names.</summary>
    public static Parsed<DateTimeZone> ParseZone(string? text)
    {
        var input = (text ?? "").Trim();
        var provider = DateTimeZoneProviders.Tzdb;
        var id = provider.Ids.FirstOrDefault(i => string.Equals(i, input, StringComparison.OrdinalIgnoreCase));
        if (id is not null)
        {
            return new(provider[id], null);
        }

        var close = SuggestZones(input, 3);
        var hint = close.Count > 0 ? $" Did you mean {string.Join(", ", close)}?" : "";
        return new(null, $"'{Shorten(input)}' is not a time zone I know. Use an IANA name such as Asia/Phnom_Penh, Asia/Ho_Chi_Minh, Europe/London or America/New_York.{hint}");
    }

    /// <summary>IANA zone names containing what was typed (prefix matches first), for autocomplete and hints.</summary>
    public static IReadOnlyList<string> SuggestZones(string typed, int max)
    {
        var ids = DateTimeZoneProviders.Tzdb.Ids;
        var text = typed.Trim().Replace(' ', '_');
        if (text.Length == 0)
        {
            return [.. CommonZones.Take(max)];
        }

        var city = text.Contains('/', StringComparison.Ordinal) ? text[(text.LastIndexOf('/') + 1)..] : text;
        return [.. ids
            .Select(id => (id, rank: Rank(id, text, city)))
            .Where(x => x.rank < 4)
            .OrderBy(x => x.rank).ThenBy(x => x.id, StringComparer.Ordinal)
            .Take(Math.Max(0, max))
            .Select(x => x.id)];
    }

    private static int Rank(string id, string text, string city)
    {
        if (id.StartsWith(text, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var idCity = id[(id.LastIndexOf('/') + 1)..];
        if (city.Length > 0 && idCity.StartsWith(city, StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        if (id.Contains(text, StringComparison.OrdinalIgnoreCase))
        {
            return 2;
        }

        return city.Length >= 3 && id.Contains(city, StringComparison.OrdinalIgnoreCase) ? 3 : 4;
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
    [GeneratedRegex(@"^([0-9]{1,2})[:.h]([0-9]{2})$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?:<@&)?([0-9]{1,20})>?$")]
    private static partial Regex RolePattern();
}
