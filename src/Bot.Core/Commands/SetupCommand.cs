using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Subscriptions;

namespace Bot.Core.Commands;

/// <summary>/setup [time] [timezone]: starts scheduled posts in a channel (Discord: the picked channel; text
/// platforms: this chat), after checking the bot may post there. On text platforms the time and zone share one
/// line ("/setup 9am Bangkok", "/setup 9:30 pm", "/setup UTC+7").</summary>
public sealed class SetupCommand(SubscriptionService subscriptions, IOccasionCatalog occasions, IEnumerable<IChatPlatform> platforms) : IBotCommand, IOptionSuggestions
{
    public string Name => "setup";

    public string Description => "Start the anniversary posts in a channel: setup [9am] [Bangkok]";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("channel", "The channel to post in (default: this one)", CommandOptionKind.Channel),
        new("time", "Local post time: 9am, 9:30 pm, 21:00 (default 09:00)"),
        new("timezone", "A city, an IANA name or an offset: Bangkok, Asia/Tokyo, UTC+7 (the bot's default when left out)", Autocomplete: true, TakesRest: true),
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

        // The platform's own word, sent with the command, where there is one: no lookup to go wrong.
        var check = context.Command.PostingChecks.TryGetValue(channel.ChannelId, out var told)
            ? told
            : await platform.CheckCanPostAsync(channel, cancellationToken);
        if (!check.CanPost)
        {
            return CommandResult.Error($"I can't post in that channel: {check.Problem ?? "the platform refused"}. Give me that right and run /setup again. Nothing was changed.");
        }

        var (time, zone) = context.Command.Options.Count > 0
            ? (context.Option("time"), context.Option("timezone"))
            : SplitLine(string.Join(' ', new[] { context.Option("time"), context.Option("timezone") }.OfType<string>()));
        var change = await subscriptions.SetupAsync(channel, context.Command.Caller, time, zone, cancellationToken);
        if (change.ZoneChoices.Count > 0)
        {
            return ChangeReplies.ZoneQuestion(change, id => string.Join(' ', new[] { "/setup", time, id }.OfType<string>()));
        }

        if (!change.Ok)
        {
            return CommandResult.Error(change.Error! + " Nothing was changed.");
        }

        var where = picked is null ? "this channel" : $"channel {picked}";
        return ScheduleText.Private($"Anniversary posts are on for {where}.\n" + ScheduleText.Settings(change.Subscription!, await occasions.AllAsync(cancellationToken)));
    }

    // The timezone option is declared with autocomplete: without suggestions Discord would offer an empty list.
    public IReadOnlyList<string> Suggest(string optionName, string typedSoFar, int max) =>
        optionName.Equals("timezone", StringComparison.OrdinalIgnoreCase) ? ZoneInput.Suggest(typedSoFar, max) : [];

    /// <summary>A text line's time and zone: the time is its first word or two when they read as one ("9 am"),
    /// the rest is the zone; a line not starting with a time is all zone ("/setup Bangkok").</summary>
    private static (string? Time, string? Zone) SplitLine(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var take = Math.Min(2, words.Length); take >= 1; take--)
        {
            if (SubscriptionValidation.ParseTime(string.Join(' ', words.Take(take))).Ok)
            {
                return (string.Join(' ', words.Take(take)), words.Length > take ? string.Join(' ', words.Skip(take)) : null);
            }
        }

        // Not a time: a first word starting with a digit was meant as one ("25:00"), so its error is shown.
        return words.Length > 0 && char.IsAsciiDigit(words[0][0])
            ? (words[0], words.Length > 1 ? string.Join(' ', words.Skip(1)) : null)
            : (null, words.Length > 0 ? line.Trim() : null);
    }
}
