using Bot.Core.Messaging;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/unsubscribe: stops the posts and forgets the channel's settings (the audit trail stays), after a
/// confirmation, because it cannot be undone: a button on Discord and Telegram, <c>/unsubscribe confirm</c> typed
/// on the console. The button runs that same line, so every platform ends in one code path.</summary>
public sealed class UnsubscribeCommand(SubscriptionService subscriptions) : IBotCommand
{
    public const string ConfirmLine = "/unsubscribe confirm";

    public string Name => "unsubscribe";

    public string Description => "Stop the scheduled posts here and forget this channel's settings (asks to confirm)";

    public CommandAccess Access => CommandAccess.Moderator;

    // No declared option: Discord shows none (its users press the button); text platforms read the raw argument.
    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var word = context.Command.Arguments.Trim();
        if (word.Length > 0 && !word.Equals("confirm", StringComparison.OrdinalIgnoreCase))
        {
            return CommandResult.Error($"/unsubscribe takes no '{SubscriptionValidation.Shorten(word)}': send /unsubscribe to be asked, then confirm. Nothing was changed.");
        }

        if (await subscriptions.FindAsync(context.Command.Channel, cancellationToken) is null)
        {
            return ScheduleText.Private(SubscriptionService.NotSubscribed);
        }

        if (word.Length == 0)
        {
            return CommandResult.Reply(new OutgoingMessage(
                "Stop the anniversary posts here and forget this channel's settings? Press the button to confirm " +
                $"(or send {ConfirmLine}). Nothing has changed yet.")
            {
                Choices = [new MessageChoice("Yes, unsubscribe", ConfirmLine)],
            });
        }

        // Not private: on Telegram the answer to a pressed button then replaces the question (and its button).
        return await subscriptions.UnsubscribeAsync(context.Command.Channel, context.Command.Caller, cancellationToken)
            ? CommandResult.Reply("Unsubscribed: no more anniversary posts here. /setup starts them again.")
            : ScheduleText.Private(SubscriptionService.NotSubscribed);
    }
}
