using System.Diagnostics;
using System.Globalization;
using Bot.Core.Facts;
using Bot.Core.Messaging;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Bot.Core.Telemetry;
using NodaTime;

namespace Bot.Core.Commands;

/// <summary>/ask: answers a question from the documents with cited passages, or says it does not know. Date
/// questions count from today in the chat's time zone (its subscription's, else the bot's default).</summary>
public sealed class AskCommand(IQuestionAnswerer answerer, SubscriptionService? subscriptions = null, TimeProvider? time = null) : IBotCommand
{
    public string Name => "ask";

    public string Description => "Ask a question about the anniversaries; answered from the documents with sources";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("question", "what you want to know, e.g. when did it happen, who led it, how many took part", Required: true, TakesRest: true),
    ];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var question = context.Option("question") ?? "";
        var platform = BotMetrics.Tag("platform", context.Command.Channel.Platform);
        BotMetrics.QuestionsAsked.Add(1, platform);
        var today = await TodayAsync(context, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var answer = await answerer.AskAsync(question, today, cancellationToken);
        BotMetrics.AnswerSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, platform);
        (answer.Declined ? BotMetrics.QuestionsDeclined : BotMetrics.QuestionsAnswered).Add(1, platform);
        return CommandResult.Reply(Render(answer));
    }

    private async Task<DateOnly?> TodayAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (subscriptions is null)
        {
            return null;
        }

        var zone = ScheduleText.ZoneOf(await subscriptions.FindAsync(context.Command.Channel, cancellationToken), subscriptions.Defaults);
        return PostCalendar.Today(Instant.FromDateTimeOffset((time ?? TimeProvider.System).GetUtcNow()), zone).ToDateOnly();
    }

    /// <summary>A computed line ends by quoting the dated fact it comes from, which the first citation shows again:
    /// the reply shows it once.</summary>
    private static string WithoutFirstQuote(string line, Answer answer) =>
        answer.Passages.Count > 0 && line.EndsWith($" (“{answer.Passages[0].Text}”)", StringComparison.Ordinal)
            ? line[..^(answer.Passages[0].Text.Length + 5)]
            : line;

    public static OutgoingMessage Render(Answer answer)
    {
        if (answer.Declined)
        {
            return new OutgoingMessage(answer.Text.Length > 0 ? answer.Text : AnswerTexts.Decline) { Footer = AnswerTexts.DeclineHint };
        }

        // Where the answer is the best sentence itself, the reply shows it once, as the first citation.
        var line = WithoutFirstQuote(answer.Hedged && answer.Text.StartsWith(AnswerTexts.Hedge, StringComparison.Ordinal) ? answer.Text[AnswerTexts.Hedge.Length..].TrimStart() : answer.Text, answer);
        var repeatsQuote = answer.Passages.Count > 0 && line == answer.Passages[0].Text;
        var text = (answer.Hedged, repeatsQuote) switch
        {
            (true, true) => AnswerTexts.Hedge,
            (true, false) => $"{AnswerTexts.Hedge} {line}",
            (false, true) => "Here is what my sources say:",
            (false, false) => line,
        };
        return new OutgoingMessage(text)
        {
            Citations = [.. answer.Passages.Select(p => new Citation(p.DocumentId, p.Title, p.Date, p.Source, p.Text))],
            Footer = $"Confidence {answer.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}" + (answer.Conflict ? " · the documents disagree; each version is cited." : ""),
        };
    }
}
