using System.Diagnostics.Metrics;
using Bot.Core.Messaging;

namespace Bot.Telegram;

/// <summary>Counts what happened to sends and updates (meter <c>AnniversaryBot.Telegram</c>), with plain totals for
/// tests and status output.</summary>
public sealed class TelegramMetrics : IDisposable
{
    public const string MeterName = "AnniversaryBot.Telegram";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _sends;
    private readonly Counter<long> _updates;
    private long _uncertain;

    public TelegramMetrics()
    {
        _sends = _meter.CreateCounter<long>("telegram.sends", description: "Messages sent to Telegram, by outcome");
        _updates = _meter.CreateCounter<long>("telegram.updates", description: "Updates handled, by result");
    }

    /// <summary>Sends whose outcome is unknown (timed out after the request went out).</summary>
    public long UncertainSends => Interlocked.Read(ref _uncertain);

    public void Send(SendOutcome outcome)
    {
        if (outcome == SendOutcome.Uncertain)
        {
            Interlocked.Increment(ref _uncertain);
        }

        _sends.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
    }

    public void Update(string result) => _updates.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Dispose() => _meter.Dispose();
}
