using NodaTime;

namespace Bot.Core.Occasions;

/// <summary>A day a chat's moderators added with /occasion add: posted in that chat only, whatever occasions it
/// selected, until they remove it.</summary>
/// <param name="Id">Unique within the chat ("own-…"); it keys the occasion's deliveries in the ledger and is never shown.</param>
/// <param name="Year">The year of the event when given; its posts then carry the ordinal.</param>
/// <param name="AddedBy">Who added it, as the audit trail names them.</param>
public sealed record OwnOccasion(string Id, int Month, int Day, int? Year, string Title, string AddedBy, Instant AddedAt)
{
    /// <summary>A chat may keep at most this many occasions of its own.</summary>
    public const int MaxPerChat = 50;

    public const int MaxTitleLength = 100;

    /// <summary>"03-14" or "03-14 2019", as moderators type it.</summary>
    public string DateText => Year is { } year ? $"{Month:00}-{Day:00} {year}" : $"{Month:00}-{Day:00}";

    /// <summary>The occasion posts and calendars use: no summary (the title says it), facts searched by the title.</summary>
    public Occasion ToOccasion() =>
        new(Id, Month, Day, Year ?? 0, Title, Summary: "", FactQuery: Title, Template: null, Curated: false) { Own = true };
}
