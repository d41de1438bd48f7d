using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.TimeZones;

namespace Bot.Core.Subscriptions;

/// <summary>What a typed time zone turned out to be: one zone, or several to choose from, or why it is none.</summary>
/// <param name="Zone">The zone, when the text named exactly one.</param>
/// <param name="Error">One line naming what was wrong (or, with <paramref name="Choices"/>, the question to ask).</param>
/// <param name="Choices">Zone ids the text could mean; the caller asks which instead of guessing.</param>
public sealed record ZoneReading(DateTimeZone? Zone, string? Error, IReadOnlyList<string> Choices)
{
    public bool Ok => Zone is not null;
}

/// <summary>Reads a time zone the way people type it, in this order: an offset ("UTC+7", "GMT+7", "+07:00",
/// "UTC-3:30": that many hours ahead of or behind UTC); a name from <c>config/zone-names.txt</c> (abbreviations and
/// cities the tz database files under another name; several zones there mean a question, never a guess); an IANA
/// id in any case; a city the tz database knows (the last part of an id, spaces for underscores: "Bangkok",
/// "new york"); a country with one zone. Anything else is refused with the closest names.</summary>
public static partial class ZoneInput
{
    public const string Forms = "Use a city (Bangkok), an IANA name (Asia/Bangkok) or an offset (UTC+7).";

    private static readonly IDateTimeZoneProvider Provider = DateTimeZoneProviders.Tzdb;

    private static readonly string[] CommonZones =
        ["UTC", "Europe/London", "Europe/Paris", "Asia/Bangkok", "Asia/Tokyo", "America/New_York", "America/Los_Angeles", "Australia/Sydney"];

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> Names = new(LoadNames);

    // tzdb ids by their last part in plain words ("new york" → America/New_York). Links are kept under their own
    // name (a capital whose id is a link to a neighbour's zone is still shown by its own name); where several
    // ids of one name lead to the same zone only one is kept, so "Indianapolis" is not a question.
    private static readonly Lazy<ILookup<string, string>> Cities = new(() =>
        PlaceIds()
            .GroupBy(id => (City: Plain(id[(id.LastIndexOf('/') + 1)..]), Target: Canonical(id)))
            .Select(g => (g.Key.City, Id: g.OrderBy(id => id == g.Key.Target ? 0 : 1).ThenBy(id => id, StringComparer.Ordinal).First()))
            .ToLookup(x => x.City, x => x.Id, StringComparer.Ordinal));

    private static readonly Lazy<ILookup<string, string>> Countries = new(() =>
        (TzdbDateTimeZoneSource.Default.ZoneLocations ?? [])
            .ToLookup(l => Plain(l.CountryName), l => l.ZoneId, StringComparer.Ordinal));

    /// <summary>Names from <c>config/zone-names.txt</c> with the zones each may mean, in the file's order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownNames => Names.Value;

    public static ZoneReading Read(string? text)
    {
        var input = (text ?? "").Trim();
        if (input.Length == 0)
        {
            return Refused($"Say which time zone. {Forms}");
        }

        if (OffsetPattern().Match(input) is { Success: true } offset)
        {
            return FromOffset(input, offset);
        }

        var plain = Plain(input);
        if (Names.Value.TryGetValue(plain, out var named))
        {
            return named.Count == 1
                ? Found(named[0])
                : new(null, $"'{SubscriptionValidation.Shorten(input)}' could mean several time zones: {string.Join(", ", named)}. Which one? Pick it or type its name.", named);
        }

        var id = Provider.Ids.FirstOrDefault(i => string.Equals(i, input, StringComparison.OrdinalIgnoreCase));
        if (id is not null)
        {
            return EtcOffset(id) is { } etc ? new(DateTimeZone.ForOffset(etc), null, []) : Found(id);
        }

        foreach (var places in new[] { Cities.Value[plain], Countries.Value[plain] })
        {
            var ids = places.Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 1)
            {
                return Found(ids[0]);
            }

            if (ids.Count > 1)
            {
                return new(null, $"'{SubscriptionValidation.Shorten(input)}' has several time zones: {string.Join(", ", ids.Take(8))}{(ids.Count > 8 ? ", …" : "")}. Which one? Pick it or type its name.", [.. ids.Take(8)]);
            }
        }

        var close = Closest(input, 3);
        var hint = close.Count > 0 ? $" Did you mean {string.Join(", ", close)}?" : "";
        return Refused($"'{SubscriptionValidation.Shorten(input)}' is not a time zone I know. {Forms}{hint}");
    }

    /// <summary>IANA zone names containing what was typed (prefix matches first), for autocomplete.</summary>
    public static IReadOnlyList<string> Suggest(string typed, int max)
    {
        var text = typed.Trim().Replace(' ', '_');
        if (text.Length == 0)
        {
            return [.. CommonZones.Take(max)];
        }

        // A known name's zones come first, so "ict" offers the zones the names file lists, not Australia/Victoria.
        var named = Names.Value.GetValueOrDefault(Plain(typed)) ?? [];
        var city = text.Contains('/', StringComparison.Ordinal) ? text[(text.LastIndexOf('/') + 1)..] : text;
        return [.. named.Concat(Provider.Ids
                .Select(id => (id, rank: Rank(id, text, city)))
                .Where(x => x.rank < 4)
                .OrderBy(x => x.rank).ThenBy(x => x.id, StringComparer.Ordinal)
                .Select(x => x.id))
            .Distinct(StringComparer.Ordinal)
            .Take(Math.Max(0, max))];
    }

    /// <summary>Suggestions first; when none contain the text, the ids whose city is a typo or two away ("Bangkock").</summary>
    private static IReadOnlyList<string> Closest(string typed, int max)
    {
        var suggested = Suggest(typed, max);
        if (suggested.Count > 0)
        {
            return suggested;
        }

        var plain = Plain(typed[(typed.LastIndexOf('/') + 1)..]);
        var allowed = Math.Max(1, plain.Length / 4);
        return [.. PlaceIds()
            .Select(id => (id, distance: Distance(plain, Plain(id[(id.LastIndexOf('/') + 1)..]))))
            .Where(x => x.distance <= allowed)
            .OrderBy(x => x.distance).ThenBy(x => x.id, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.id)];
    }

    private static ZoneReading FromOffset(string input, Match match)
    {
        var hours = int.Parse(match.Groups["hours"].Value, CultureInfo.InvariantCulture);
        var minutes = match.Groups["minutes"].Success ? int.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture) : 0;
        var total = hours * 60 + minutes;
        if (minutes > 59 || total > 14 * 60)
        {
            return Refused($"'{SubscriptionValidation.Shorten(input)}' is not an offset: UTC offsets run from UTC-12 to UTC+14 (minutes 00 to 59). {Forms}");
        }

        // The offset means what people mean by it: "UTC+7" is seven hours ahead of UTC. (POSIX Etc/GMT+7 is the reverse.)
        var sign = match.Groups["sign"].Value is "-" or "−" ? -1 : 1;
        if (sign < 0 && total > 12 * 60)
        {
            return Refused($"'{SubscriptionValidation.Shorten(input)}' is not an offset: UTC offsets run from UTC-12 to UTC+14. {Forms}");
        }

        return new(DateTimeZone.ForOffset(Offset.FromSeconds(sign * total * 60)), null, []);
    }

    /// <summary>The offset an Etc/GMT±N id really has (its sign reversed by POSIX), so it is kept and shown in the
    /// normal sign as UTC∓N; null for any other id.</summary>
    private static Offset? EtcOffset(string id)
    {
        var match = EtcPattern().Match(id);
        return match.Success
            ? Offset.FromHours(-(match.Groups[1].Value == "-" ? -1 : 1) * int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;
    }

    private static ZoneReading Found(string id) => new(Provider[id], null, []);

    private static string Canonical(string id) =>
        TzdbDateTimeZoneSource.Default.CanonicalIdMap.TryGetValue(id, out var target) ? target : id;

    private static ZoneReading Refused(string error) => new(null, error, []);

    private static IEnumerable<string> PlaceIds() =>
        Provider.Ids.Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal));

    /// <summary>Lower case, underscores and runs of spaces as one space: "New_York", "new  york" → "new york".</summary>
    private static string Plain(string text) =>
        string.Join(' ', text.Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

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

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static Dictionary<string, IReadOnlyList<string>> LoadNames()
    {
        using var stream = typeof(ZoneInput).Assembly.GetManifestResourceStream("Bot.Core.zone-names.txt")
            ?? throw new InvalidOperationException("zone-names.txt is not embedded in Bot.Core.");
        using var reader = new StreamReader(stream);
        var names = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var content = line.Split('#')[0].Trim();
            if (content.Length == 0)
            {
                continue;
            }

            var parts = content.Split('=', 2);
            var ids = parts.Length == 2 ? parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            var unknown = ids.FirstOrDefault(id => Provider.GetZoneOrNull(id) is null);
            if (ids.Length == 0 || unknown is not null)
            {
                throw new InvalidOperationException($"config/zone-names.txt line {number}: expected 'name = zone id …' with tz database ids{(unknown is null ? "" : $", '{unknown}' is not one")}.");
            }

            names[Plain(parts[0])] = ids;
        }

        return names;
    }

    [GeneratedRegex(@"^(?:(?:UTC|GMT)\s*)?(?<sign>[+\-−])\s*(?<hours>[0-9]{1,2})(?:(?::|\.|h)?(?<minutes>[0-9]{2}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"^Etc/GMT([+-])([0-9]{1,2})$", RegexOptions.IgnoreCase)]
    private static partial Regex EtcPattern();
}
