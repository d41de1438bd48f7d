using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/timezone Bangkok, Asia/Bangkok or UTC+7, with suggestions over IANA zone names; a name that
/// means several zones (IST) is answered with a question and a button per zone.</summary>
public sealed class TimezoneCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand, IOptionSuggestions
{
    public string Name => "timezone";

    public string Description => "Set the channel's time zone: timezone Bangkok, Asia/Bangkok or UTC+7";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("timezone", "A city, an IANA name or an offset: Bangkok, Asia/Bangkok, UTC+7", Required: true, Autocomplete: true, TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var change = await subscriptions.SetZoneAsync(context.Command.Channel, context.Command.Caller, context.Option("timezone"), cancellationToken);
        return change.ZoneChoices.Count > 0
            ? ChangeReplies.ZoneQuestion(change, id => $"/timezone {id}")
            : await ChangeReplies.ReplyAsync(change, "Time zone changed.", occasions, cancellationToken);
    }

    public IReadOnlyList<string> Suggest(string optionName, string typedSoFar, int max) =>
        optionName.Equals("timezone", StringComparison.OrdinalIgnoreCase) ? ZoneInput.Suggest(typedSoFar, max) : [];
}
