using Bot.Core.Occasions;

namespace Bot.Core.Subscriptions;

public enum OccasionMode
{
    /// <summary>Every occasion, curated and derived.</summary>
    All,

    /// <summary>January 7 (Victory Day) only.</summary>
    VictoryDay,

    /// <summary>The occasions named in <see cref="OccasionSelection.Ids"/>.</summary>
    List,

    /// <summary>The curated occasions marked primary (what a new channel gets); the others are offered by /occasions.</summary>
    Primary,
}

/// <summary>Which occasions a channel receives.</summary>
public sealed record OccasionSelection(OccasionMode Mode, IReadOnlyList<string> Ids)
{
    public static readonly OccasionSelection All = new(OccasionMode.All, []);
    public static readonly OccasionSelection VictoryDay = new(OccasionMode.VictoryDay, []);
    public static readonly OccasionSelection Primary = new(OccasionMode.Primary, []);

    private bool Includes(Occasion occasion) => Mode switch
    {
        OccasionMode.All => true,
        OccasionMode.VictoryDay => occasion.Id == Occasion.VictoryDayId,
        OccasionMode.Primary => occasion.Primary,
        _ => Ids.Contains(occasion.Id, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>The selected occasions. Where no occasion is marked primary (an occasions file from before the
    /// mark), the primary selection is every occasion, as it was then.</summary>
    public IReadOnlyList<Occasion> Filter(IReadOnlyList<Occasion> occasions) =>
        Mode == OccasionMode.Primary && !occasions.Any(o => o.Primary) ? occasions : [.. occasions.Where(Includes)];

    /// <summary>"all", "primary", "jan7" or "list:dec2,jun27" (how it is stored).</summary>
    public string Serialize() => Mode switch
    {
        OccasionMode.All => "all",
        OccasionMode.Primary => "primary",
        OccasionMode.VictoryDay => "jan7",
        _ => "list:" + string.Join(',', Ids),
    };

    public static OccasionSelection Deserialize(string stored) => stored switch
    {
        "all" => All,
        "primary" => Primary,
        "jan7" => VictoryDay,
        _ when stored.StartsWith("list:", StringComparison.Ordinal) =>
            new(OccasionMode.List, stored[5..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
        _ => All,
    };

    /// <summary>In members' words: titles, never the ids stored.</summary>
    public string Describe(IReadOnlyList<Occasion> all) => Mode switch
    {
        OccasionMode.All => "all occasions",
        OccasionMode.Primary => "the main occasions: " + string.Join(", ", Filter(all).Select(o => $"{o.DayName}, {o.Title}")),
        OccasionMode.VictoryDay => "January 7 (Victory Day) only",
        _ => "these occasions: " + string.Join(", ", Filter(all).Select(o => $"{o.DayName}, {o.Title}")),
    };

    public override string ToString() => Serialize();

    public bool Equals(OccasionSelection? other) => other is not null && Serialize() == other.Serialize();

    public override int GetHashCode() => Serialize().GetHashCode(StringComparison.Ordinal);
}
