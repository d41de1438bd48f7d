using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/timezone Area/City, with suggestions over IANA zone names.</summary>
public sealed class TimezoneCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand, IOptionSuggestions
{
    public string Name => "timezone";

    public string Description => "Set the channel's time zone: timezone Area/City (IANA, e.g. Asia/Phnom_Penh)";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("timezone", "IANA time zone, e.g. Asia/Phnom_Penh", Required: true, Autocomplete: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.SetZoneAsync(context.Command.Channel, context.Command.Caller, context.Option("timezone"), cancellationToken), "Time zone changed.", occasions, cancellationToken);

    public IReadOnlyList<string> Suggest(string optionName, string typedSoFar, int max) =>
        optionName.Equals("timezone", StringComparison.OrdinalIgnoreCase) ? SubscriptionValidation.SuggestZones(typedSoFar, max) : [];
}
