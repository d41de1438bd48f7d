using System.Globalization;
using Bot.Core.Messaging;
using Bot.Discord.Rest;

namespace Bot.Discord.Sending;

/// <summary>The permission bits the adapter reads (developers/topics/permissions).</summary>
[Flags]
public enum DiscordPermissions : ulong
{
    None = 0,
    Administrator = 1UL << 3,
    ManageGuild = 1UL << 5,
    ViewChannel = 1UL << 10,
    SendMessages = 1UL << 11,
    EmbedLinks = 1UL << 14,
    MentionEveryone = 1UL << 17,
}

/// <summary>The bot's right to post, judged from a permission set Discord computed for it in a channel (an
/// interaction's <c>app_permissions</c>, overwrites included), and members' moderator rights.</summary>
public static class PermissionCalculator
{
    /// <summary>What the bot needs to post an answer or a scheduled post in a channel.</summary>
    public static readonly (DiscordPermissions Permission, string Name)[] NeededToPost =
    [
        (DiscordPermissions.ViewChannel, "View Channel"),
        (DiscordPermissions.SendMessages, "Send Messages"),
        (DiscordPermissions.EmbedLinks, "Embed Links"),
    ];

    /// <summary>Where a server admin grants the bot a right, for messages written to people.</summary>
    public const string WhereToGrant = "under Server Settings → Roles (the bot's role), or for one channel under Edit Channel → Permissions";

    public static ulong Parse(string? bits) =>
        ulong.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>Whether the bot may post in <paramref name="channelId"/> with the permission set Discord computed for it
    /// there; the problem names the missing permissions and where to grant them. <paramref name="channelType"/> is
    /// checked when known: only text and announcement channels take posts.</summary>
    public static PostingCheck CheckToPost(string channelId, int? channelType, string appPermissions)
    {
        if (channelType is { } type && type is not (ChannelType.GuildText or ChannelType.GuildAnnouncement))
        {
            return PostingCheck.Missing($"<#{channelId}> is not a text or announcement channel; pick one of those");
        }

        var missing = MissingToPost(Parse(appPermissions));
        return missing.Count == 0
            ? PostingCheck.Ok
            : PostingCheck.Missing($"I'm missing {Join(missing)} in <#{channelId}>. A server admin can grant {(missing.Count == 1 ? "it" : "them")} {WhereToGrant}");
    }

    /// <summary>The names of the rights missing to post; none for Administrator, which has every right.</summary>
    public static IReadOnlyList<string> MissingToPost(ulong permissions) =>
        (permissions & (ulong)DiscordPermissions.Administrator) != 0
            ? []
            : [.. NeededToPost.Where(p => (permissions & (ulong)p.Permission) == 0).Select(p => p.Name)];

    /// <summary>Whether a member may run moderator commands: Manage Server or Administrator.</summary>
    public static bool IsModerator(string? permissions)
    {
        var bits = Parse(permissions);
        return (bits & ((ulong)DiscordPermissions.ManageGuild | (ulong)DiscordPermissions.Administrator)) != 0;
    }

    /// <summary>"A", "A and B", "A, B and C".</summary>
    private static string Join(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
}
