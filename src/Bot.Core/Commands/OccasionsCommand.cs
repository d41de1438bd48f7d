using System.Globalization;
using System.Text;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using NodaTime;

namespace Bot.Core.Commands;

/// <summary>/occasions [all|primary|numbers…]: lists this chat's occasions, numbered, each with its next date and
/// which anniversary it is (marking the ones posted here), or chooses which of the bot's occasions are posted.</summary>
public sealed class OccasionsCommand(SubscriptionService subscriptions, IOccasionCatalog occasions, TimeProvider time) : IBotCommand
{
    public string Name => "occasions";

    public string Description => "List this chat's occasions, or choose: occasions all | primary | numbers from the list";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("choice", "list, all, primary, or numbers from the list", TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var choice = context.Option("choice");
        if (choice is null || choice.Equals("list", StringComparison.OrdinalIgnoreCase))
        {
            var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
            var today = PostCalendar.Today(Instant.FromDateTimeOffset(time.GetUtcNow()), ScheduleText.ZoneOf(subscription, subscriptions.Defaults));
            return ScheduleText.Private(List(ChatOccasions.For(await occasions.AllAsync(cancellationToken), subscription), subscription, today));
        }

        return await ChangeReplies.ReplyAsync(await subscriptions.SetOccasionsAsync(context.Command.Channel, context.Command.Caller, choice, cancellationToken), "Occasions changed.", occasions, cancellationToken);
    }

    /// <summary>One line per occasion: [x] when posted here, its number, next date, title and ordinal.</summary>
    public static string List(ChatOccasions chat, Subscription? subscription, LocalDate today)
    {
        var selected = (subscription?.Occasions ?? OccasionSelection.Primary).Filter(chat.Numbered).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder(subscription is null
            ? "Occasions ([x]: posted once a moderator starts the posts with /setup):\n"
            : "Occasions ([x]: posted here):\n");
        for (var i = 0; i < chat.Numbered.Count; i++)
        {
            var occasion = chat.Numbered[i];
            var mark = occasion.Own || selected.Contains(occasion.Id) ? "[x]" : "[ ]";
            var next = PostCalendar.Next(today, [occasion]);
            var when = next is { } found ? ScheduleText.Day(found.Date) : occasion.DayName;
            var which = next is { } n && n.Anniversaries[0].Years > 0 ? $", {n.Anniversaries[0].Ordinal} anniversary" : "";
            var kind = occasion.Own ? " (this chat's own)" : occasion.Curated ? "" : " (from the documents)";
            text.Append(CultureInfo.InvariantCulture, $"{mark} {i + 1}. {when}: {occasion.Title}{which}{kind}\n");
        }

        text.Append("Choose with /occasions 1 3 … (or all, or primary). Add this chat's own with /occasion add MM-DD [YYYY] Title.");
        return text.ToString();
    }
}
