using Bot.Core.Messaging;
using Bot.Core.Telemetry;

namespace Bot.Telegram;

/// <summary>Counts what happened to sends and updates on the bot's meter (<see cref="BotMetrics"/>, platform
/// <c>telegram</c>), with plain totals for tests and status output.</summary>
public sealed class TelegramMetrics
{
    private static readonly KeyValuePair<string, object?> Platform = new("platform", "telegram");

    private long _uncertain;
    private long _updates;

    /// <summary>Sends whose outcome is unknown (timed out after the request went out).</summary>
    public long UncertainSends => Interlocked.Read(ref _uncertain);

    /// <summary>Updates handled since start, whatever their result.</summary>
    public long UpdatesHandled => Interlocked.Read(ref _updates);

    public void Send(SendOutcome outcome)
    {
        if (outcome == SendOutcome.Uncertain)
        {
            Interlocked.Increment(ref _uncertain);
        }

        BotMetrics.PlatformSends.Add(1, Platform, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
    }

    public void Update(string result)
    {
        Interlocked.Increment(ref _updates);
        BotMetrics.UpdatesHandled.Add(1, Platform, new KeyValuePair<string, object?>("result", result));
    }
}
