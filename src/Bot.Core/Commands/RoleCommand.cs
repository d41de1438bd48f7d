using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/role [role|none]: one role mentioned at the top of each post; never @everyone.</summary>
public sealed class RoleCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "role";

    public string Description => "Mention one role in each post (role id or mention), or 'none'";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("role", "Role id or mention, or 'none'", Required: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.SetRoleAsync(context.Command.Channel, context.Command.Caller, context.Option("role"), cancellationToken), "Role saved.", occasions, cancellationToken);
}

internal static class ChangeReplies
{
    public static async Task<CommandResult> ReplyAsync(SubscriptionChange change, string done, IOccasionCatalog occasions, CancellationToken cancellationToken) =>
        change.Ok
            ? ScheduleText.Private(done + "\n" + ScheduleText.Settings(change.Subscription!, await occasions.AllAsync(cancellationToken)))
            : CommandResult.Error(change.Error! + (change.Error == SubscriptionService.NotSubscribed ? "" : " Nothing was changed."));

    /// <summary>The question for a zone that named several: one button per zone, running <paramref name="commandLine"/>.</summary>
    public static CommandResult ZoneQuestion(SubscriptionChange change, Func<string, string> commandLine) =>
        CommandResult.Reply(new OutgoingMessage(change.Error! + " Nothing was changed yet.")
        {
            Choices = [.. change.ZoneChoices.Select(id => new MessageChoice(id, commandLine(id)))],
        });
}
