using System.Text.RegularExpressions;
using Bot.Core.Commands;
using Bot.Discord.Rest;
using Bot.Discord.Sending;

namespace Bot.Discord.Interactions;

/// <summary>Builds the application commands registered by bulk overwrite from the one command list: commands for
/// everyone at the top level (<c>/ask question:</c>, <c>/today</c>…), every moderator command as a subcommand of
/// <c>/anniversary</c>, whose <c>default_member_permissions</c> is Manage Server (the permission is still
/// re-checked on every call).</summary>
public static partial class ApplicationCommandBuilder
{
    public const string ModeratorGroup = "anniversary";

    public const string ModeratorGroupDescription = "Anniversary posts in this server: setup, settings, pause, resume (Manage Server)";

    /// <summary>Discord's limit on options per command and on subcommands per group.</summary>
    public const int MaxOptions = 25;

    /// <summary>Text channels and announcement channels: where the bot can post.</summary>
    public static readonly IReadOnlyList<int> PostableChannelTypes = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

    public static string ManageGuildBits { get; } = ((ulong)DiscordPermissions.ManageGuild).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<ApplicationCommand> Build(IReadOnlyList<IBotCommand> commands, bool global)
    {
        var result = new List<ApplicationCommand>();
        foreach (var command in commands.Where(c => c.Access == CommandAccess.Everyone && IsValidName(c.Name) && c.Name != ModeratorGroup))
        {
            result.Add(new ApplicationCommand
            {
                Name = command.Name.ToLowerInvariant(),
                Description = Describe(command.Description, command.Name),
                Options = Options(command),
            });
        }

        var moderated = commands
            .Where(c => c.Access == CommandAccess.Moderator && IsValidName(c.Name))
            .Take(MaxOptions)
            .Select(c => new ApplicationCommandOption
            {
                Type = ApplicationCommandOptionType.SubCommand,
                Name = c.Name.ToLowerInvariant(),
                Description = Describe(c.Description, c.Name),
                Options = Options(c),
            })
            .ToList();
        if (moderated.Count > 0)
        {
            result.Add(new ApplicationCommand
            {
                Name = ModeratorGroup,
                Description = ModeratorGroupDescription,
                Options = moderated,
                DefaultMemberPermissions = ManageGuildBits,
                Contexts = global ? [0] : null,
            });
        }

        return result;
    }

    private static List<ApplicationCommandOption>? Options(IBotCommand command)
    {
        var options = command.Options
            .Where(o => IsValidName(o.Name))
            .OrderByDescending(o => o.Required) // Discord wants required options first; OrderBy is stable
            .Take(MaxOptions)
            .Select(o => new ApplicationCommandOption
            {
                Type = o.Kind switch
                {
                    CommandOptionKind.Channel => ApplicationCommandOptionType.Channel,
                    CommandOptionKind.WholeNumber => ApplicationCommandOptionType.Integer,
                    _ => ApplicationCommandOptionType.String,
                },
                Name = o.Name.ToLowerInvariant(),
                Description = Describe(o.Description, o.Name),
                Required = o.Required ? true : null,
                Autocomplete = o.Autocomplete && o.Kind != CommandOptionKind.Channel ? true : null,
                ChannelTypes = o.Kind == CommandOptionKind.Channel ? PostableChannelTypes : null,
                MaxLength = o.Kind == CommandOptionKind.Text ? CommandDispatcher.MaxArgumentLength : null,
            })
            .ToList();
        return options.Count > 0 ? options : null;
    }

    private static string Describe(string description, string fallback)
    {
        var text = string.IsNullOrWhiteSpace(description) ? fallback : description.Trim();
        return DiscordRenderer.Cut(text, 100);
    }

    public static bool IsValidName(string name) => NamePattern().IsMatch(name) && string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal);

    [GeneratedRegex(@"^[-_'\p{L}\p{N}]{1,32}$")]
    private static partial Regex NamePattern();
}
