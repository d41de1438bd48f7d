using Bot.Core.Messaging;

namespace Bot.Core.Occasions;

/// <summary>Composes the post for one anniversary: its rotated facts rendered with the channel's style. Scheduled
/// posts, /today, /test and preview all compose through here.</summary>
public sealed class PostComposer(OccasionFacts facts)
{
    public async Task<OutgoingMessage> ComposeAsync(Anniversary anniversary, PostStyle style, CancellationToken cancellationToken)
    {
        var candidates = await facts.CandidatesAsync(anniversary.Occasion, cancellationToken);
        return PostRenderer.Render(anniversary, OccasionFacts.Rotate(candidates, anniversary.Date.Year), style);
    }
}
