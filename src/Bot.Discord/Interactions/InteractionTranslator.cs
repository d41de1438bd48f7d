using System.Globalization;
using System.Text.Json;
using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Discord.Rest;
using Bot.Discord.Sending;

namespace Bot.Discord.Interactions;

/// <summary>Translates Discord interactions into the bot's platform-neutral commands.</summary>
public static class InteractionTranslator
{
    /// <summary>The command an APPLICATION_COMMAND (or autocomplete) interaction names: the top-level command, or
    /// the subcommand of <c>/anniversary</c>; with its options as strings.</summary>
    public static (string Name, IReadOnlyList<InteractionDataOption> Options)? CommandOf(Interaction interaction)
    {
        var data = interaction.Data;
        if (data?.Name is null)
        {
            return null;
        }

        var options = data.Options ?? [];
        if (string.Equals(data.Name, ApplicationCommandBuilder.ModeratorGroup, StringComparison.OrdinalIgnoreCase))
        {
            var sub = options.FirstOrDefault(o => o.Type == ApplicationCommandOptionType.SubCommand);
            return sub?.Name is null ? null : (sub.Name, sub.Options ?? []);
        }

        return (data.Name, options);
    }

    public static IncomingCommand? ToIncoming(Interaction interaction)
    {
        var caller = CallerOf(interaction);
        var channel = new ChannelAddress(DiscordPlatform.PlatformName, interaction.ChannelId ?? "", interaction.GuildId);
        if (interaction.Type == InteractionType.MessageComponent)
        {
            // A button carries the command line it runs ("/timezone Asia/Phnom_Penh").
            var line = interaction.Data?.CustomId?.Trim() ?? "";
            if (!line.StartsWith('/'))
            {
                return null;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? line[1..] : line[1..space];
            return new IncomingCommand(name, channel, caller) { Arguments = space < 0 ? "" : line[(space + 1)..], PostingChecks = PostingChecksOf(interaction) };
        }

        if (CommandOf(interaction) is not { } command)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in command.Options)
        {
            // Discord always names options; a payload that does not is ignored option by option, not fatal.
            if (option.Name is not null && option.Value is { } value && ValueText(value) is { } text)
            {
                values[option.Name] = text;
            }
        }

        return new IncomingCommand(command.Name, channel, caller) { Options = values, PostingChecks = PostingChecksOf(interaction) };
    }

    /// <summary>Whether the bot may post in the interaction's channel and in each channel its options name, from the
    /// permissions Discord computed for the bot there (<c>app_permissions</c>). Only in a server: in a DM the
    /// permission set describes the conversation, not a channel to post in.</summary>
    public static IReadOnlyDictionary<string, PostingCheck> PostingChecksOf(Interaction interaction)
    {
        var checks = new Dictionary<string, PostingCheck>(StringComparer.Ordinal);
        if (interaction.GuildId is null)
        {
            return checks;
        }

        if (interaction.ChannelId is { } here && interaction.AppPermissions is { } bits)
        {
            checks[here] = PermissionCalculator.CheckToPost(here, interaction.Channel?.Type, bits);
        }

        foreach (var (id, named) in interaction.Data?.Resolved?.Channels ?? new Dictionary<string, PartialChannel>())
        {
            if (named.AppPermissions is { } namedBits)
            {
                checks[id] = PermissionCalculator.CheckToPost(id, named.Type, namedBits);
            }
        }

        return checks;
    }

    /// <summary>The caller, a moderator when the member's permissions in this channel (sent by Discord with every
    /// interaction) include Manage Server or Administrator. Never in a DM.</summary>
    public static Caller CallerOf(Interaction interaction)
    {
        var user = interaction.Member?.User ?? interaction.User;
        var name = interaction.Member?.Nick ?? user?.GlobalName ?? user?.Username ?? "someone";
        var moderator = interaction.GuildId is not null && interaction.Member is not null
            && PermissionCalculator.IsModerator(interaction.Member.Permissions);
        return new Caller(user?.Id ?? "", name, moderator);
    }

    public static InteractionDataOption? Focused(IReadOnlyList<InteractionDataOption> options) =>
        options.FirstOrDefault(o => o.Focused == true);

    public static string? ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole)
            ? whole.ToString(CultureInfo.InvariantCulture)
            : value.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
