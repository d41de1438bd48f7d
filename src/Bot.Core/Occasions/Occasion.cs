namespace Bot.Core.Occasions;

/// <summary>A day worth remembering every year: what happened on <see cref="Month"/>/<see cref="Day"/> of
/// <see cref="OriginalYear"/>, and which facts a post about it draws from.</summary>
/// <param name="Id">Short stable id ("jan7", "dec2", "d-0929"); moderators select occasions by it.</param>
/// <param name="Summary">One sentence saying what happened, used by the default post text.</param>
/// <param name="FactQuery">Words to search the fact store with for the post's facts (curated occasions).</param>
/// <param name="Template">An optional message template (see <see cref="PostTemplate"/>).</param>
/// <param name="Curated">From config/occasions.yaml (true) or derived from a dated fact or added by a chat (false).</param>
/// <param name="Sources">The documents the occasion is known from (derived: the documents naming the date).</param>
public sealed record Occasion(
    string Id,
    int Month,
    int Day,
    int OriginalYear,
    string Title,
    string Summary,
    string? FactQuery = null,
    string? Template = null,
    bool Curated = true)
{
    /// <summary>The occasion that "January 7 only" selects: Victory Day, the fall of the Khmer Rouge regime in 1979.</summary>
    public const string VictoryDayId = "jan7";

    public IReadOnlyList<OccasionSource> Sources { get; init; } = [];

    /// <summary>Curated and marked <c>primary: true</c>: what a new subscription receives until a moderator chooses.</summary>
    public bool Primary { get; init; }

    /// <summary>Added by a chat's moderators (/occasion add); posted in that chat only.</summary>
    public bool Own { get; init; }

    /// <summary>False for a chat's own occasion added without a year (<see cref="OriginalYear"/> 0): its posts carry
    /// no ordinal.</summary>
    public bool YearKnown => OriginalYear > 0;

    /// <summary>Curated occasions limit their facts to these documents when not empty.</summary>
    public IReadOnlyList<string> Documents { get; init; } = [];

    /// <summary>"January 7".</summary>
    public string DayName => $"{MonthNames[Month - 1]} {Day}";

    internal static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
}

/// <summary>A document an occasion is known from: its id (file name), title, date and agency where known.</summary>
public sealed record OccasionSource(string DocumentId, string Title, string? Date, string? Source);
