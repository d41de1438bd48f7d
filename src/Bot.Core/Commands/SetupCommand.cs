using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/setup [time] [timezone]: starts scheduled posts in a channel (Discord: the picked channel; text
/// platforms: this chat), after checking the bot may post there.</summary>
public sealed class SetupCommand(SubscriptionService subscriptions, IOccasionCatalog occasions, IEnumerable<IChatPlatform> platforms) : IBotCommand
{
    public string Name => "setup";

    public string Description => "Start the anniversary posts in a channel: setup [HH:MM] [Area/City]";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("channel", "The channel to post in (default: this one)", CommandOptionKind.Channel),
        new("time", "Local post time, HH:MM (default 09:00)"),
        new("timezone", "IANA time zone, e.g. Asia/Phnom_Penh (the default)", Autocomplete: true),
    ];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var here = context.Command.Channel;
        var picked = context.Option("channel");
        var channel = picked is null ? here : here with { ChannelId = picked };
        var platform = platforms.FirstOrDefault(p => string.Equals(p.Name, channel.Platform, StringComparison.OrdinalIgnoreCase));
        if (platform is null)
        {
            return CommandResult.Error($"Scheduled posts are not available on {channel.Platform}. Nothing was changed.");
        }

        var check = await platform.CheckCanPostAsync(channel, cancellationToken);
        if (!check.CanPost)
        {
            return CommandResult.Error($"I can't post in that channel: {check.Problem ?? "the platform refused"}. Give me that right and run /setup again. Nothing was changed.");
        }

        var change = await subscriptions.SetupAsync(channel, context.Command.Caller, context.Option("time"), context.Option("timezone"), cancellationToken);
        if (!change.Ok)
        {
            return CommandResult.Error(change.Error! + " Nothing was changed.");
        }

        var where = picked is null ? "this channel" : $"channel {picked}";
        return ScheduleText.Private($"Anniversary posts are on for {where}.\n" + ScheduleText.Settings(change.Subscription!, await occasions.AllAsync(cancellationToken)));
    }
}
