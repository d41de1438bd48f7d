using System.Globalization;
using System.Text;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/occasions [list|all|jan7|id …]: lists the occasions (marking this channel's), or chooses them.</summary>
public sealed class OccasionsCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "occasions";

    public string Description => "List occasions, or choose: occasions all | jan7 | id id …";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("choice", "list, all, jan7, or occasion ids", TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var choice = context.Option("choice");
        if (choice is null || choice.Equals("list", StringComparison.OrdinalIgnoreCase))
        {
            var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
            return ScheduleText.Private(List(await occasions.AllAsync(cancellationToken), subscription?.Occasions));
        }

        return await ChangeReplies.ReplyAsync(await subscriptions.SetOccasionsAsync(context.Command.Channel, context.Command.Caller, choice, cancellationToken), "Occasions changed.", occasions, cancellationToken);
    }

    public static string List(IReadOnlyList<Occasion> all, OccasionSelection? selected)
    {
        var text = new StringBuilder("Occasions (id: date, year, title):\n");
        foreach (var occasion in all)
        {
            var mark = selected is null ? "" : selected.Includes(occasion) ? "[x] " : "[ ] ";
            text.Append(CultureInfo.InvariantCulture, $"{mark}{occasion.Id}: {occasion.DayName}, {occasion.OriginalYear}, {occasion.Title}{(occasion.Curated ? "" : " (from the documents)")}\n");
        }

        text.Append("Choose with: /occasions all | /occasions jan7 | /occasions id id …");
        return text.ToString();
    }
}
