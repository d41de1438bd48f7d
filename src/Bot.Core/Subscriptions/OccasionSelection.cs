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
}

/// <summary>Which occasions a channel receives.</summary>
public sealed record OccasionSelection(OccasionMode Mode, IReadOnlyList<string> Ids)
{
    public static readonly OccasionSelection All = new(OccasionMode.All, []);
    public static readonly OccasionSelection VictoryDay = new(OccasionMode.VictoryDay, []);

    public bool Includes(Occasion occasion) => Mode switch
    {
        OccasionMode.All => true,
        OccasionMode.VictoryDay => occasion.Id == Occasion.VictoryDayId,
        _ => Ids.Contains(occasion.Id, StringComparer.OrdinalIgnoreCase),
    };

    public IReadOnlyList<Occasion> Filter(IEnumerable<Occasion> occasions) => [.. occasions.Where(Includes)];

    /// <summary>"all", "jan7" or "list:dec2,jun27" (how it is stored).</summary>
    public string Serialize() => Mode switch
    {
        OccasionMode.All => "all",
        OccasionMode.VictoryDay => "jan7",
        _ => "list:" + string.Join(',', Ids),
    };

    public static OccasionSelection Deserialize(string stored) => stored switch
    {
        "all" => All,
        "jan7" => VictoryDay,
        _ when stored.StartsWith("list:", StringComparison.Ordinal) =>
            new(OccasionMode.List, stored[5..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
        _ => All,
    };

    public string Describe() => Mode switch
    {
        OccasionMode.All => "all occasions",
        OccasionMode.VictoryDay => "January 7 (Victory Day) only",
        _ => "these occasions: " + string.Join(", ", Ids),
    };

    public override string ToString() => Serialize();

    public bool Equals(OccasionSelection? other) => other is not null && Serialize() == other.Serialize();

    public override int GetHashCode() => Serialize().GetHashCode(StringComparison.Ordinal);
}
