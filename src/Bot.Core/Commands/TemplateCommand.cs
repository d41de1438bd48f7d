using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/template [text|default]: the channel's post template, validated when saved.</summary>
public sealed class TemplateCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "template";

    public string Description => "Set this channel's post template ({title} {ordinal} {years} {date} {facts} {sources}) or 'default'";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("template", "The template text, or 'default'", Required: true, TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.SetTemplateAsync(context.Command.Channel, context.Command.Caller, context.Option("template"), cancellationToken), "Template saved.", occasions, cancellationToken);
}
