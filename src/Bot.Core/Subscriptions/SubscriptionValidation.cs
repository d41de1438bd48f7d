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

    /// <summary>"all", "jan7" (or "january7", "victory"), or occasion ids separated by spaces or commas.</summary>
    public static Parsed<OccasionSelection> ParseOccasions(string? text, IReadOnlyList<Occasion> known)
    {
        var input = (text ?? "").Trim();
        var words = input.Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1 && words[0].Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return new(OccasionSelection.All, null);
        }

        if (words.Length == 1 && (words[0].Equals("jan7", StringComparison.OrdinalIgnoreCase) || words[0].Equals("january7", StringComparison.OrdinalIgnoreCase)))
        {
            return new(OccasionSelection.VictoryDay, null);
        }

        var valid = "all, jan7, or occasion ids: " + string.Join(", ", known.Take(20).Select(o => o.Id)) + (known.Count > 20 ? ", … (see /occasions)" : "");
        if (words.Length == 0)
        {
            return new(null, $"Say which occasions: {valid}.");
        }

        var ids = new List<string>();
        foreach (var word in words)
        {
            var occasion = known.FirstOrDefault(o => o.Id.Equals(word, StringComparison.OrdinalIgnoreCase));
            if (occasion is null)
            {
                return new(null, $"Unknown occasion '{Shorten(word)}'. Valid: {valid}.");
            }

            if (!ids.Contains(occasion.Id, StringComparer.Ordinal))
            {
                ids.Add(occasion.Id);
            }
        }

        return new(new OccasionSelection(OccasionMode.List, ids), null);
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

    private static string Shorten(string text)
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
