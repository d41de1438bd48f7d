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

/// <summary>/settings: what this channel will post and when, and what happened last.</summary>
public sealed class SettingsCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "settings";

    public string Description => "Show this channel's post settings, next post, last post and last error";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(context.Command.Channel, cancellationToken);
        return subscription is null
            ? ScheduleText.Private(SubscriptionService.NotSubscribed)
            : ScheduleText.Private(ScheduleText.Settings(subscription, await occasions.AllAsync(cancellationToken)));
    }
}

/// <summary>/time HH:MM.</summary>
public sealed class TimeCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "time";

    public string Description => "Set the local post time: time HH:MM (24-hour)";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("time", "Local post time, HH:MM (24-hour)", Required: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.SetTimeAsync(context.Command.Channel, context.Command.Caller, context.Option("time"), cancellationToken), "Post time changed.", occasions, cancellationToken);
}

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

/// <summary>/pause [reason].</summary>
public sealed class PauseCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "pause";

    public string Description => "Pause the scheduled posts in this channel";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("reason", "Why (shown in settings)", TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.PauseAsync(context.Command.Channel, context.Command.Caller, context.Option("reason"), cancellationToken), "Posts paused.", occasions, cancellationToken);
}

/// <summary>/resume: posts start again from the next due one; days missed while paused are not caught up.</summary>
public sealed class ResumeCommand(SubscriptionService subscriptions, IOccasionCatalog occasions) : IBotCommand
{
    public string Name => "resume";

    public string Description => "Resume the scheduled posts (missed days are not posted)";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await ChangeReplies.ReplyAsync(await subscriptions.ResumeAsync(context.Command.Channel, context.Command.Caller, cancellationToken), "Posts resumed; days missed while paused are not posted.", occasions, cancellationToken);
}

/// <summary>/unsubscribe: stops the posts and forgets the channel's settings (the audit trail stays).</summary>
public sealed class UnsubscribeCommand(SubscriptionService subscriptions) : IBotCommand
{
    public string Name => "unsubscribe";

    public string Description => "Stop the scheduled posts here and forget this channel's settings";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        await subscriptions.UnsubscribeAsync(context.Command.Channel, context.Command.Caller, cancellationToken)
            ? ScheduleText.Private("Unsubscribed: no more anniversary posts here. /setup starts them again.")
            : ScheduleText.Private(SubscriptionService.NotSubscribed);
}

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
}
