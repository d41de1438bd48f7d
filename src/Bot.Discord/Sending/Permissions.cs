using System.Globalization;
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
    All = ulong.MaxValue,
}

/// <summary>Discord's documented permission computation: base permissions from @everyone and the member's roles
/// (owner and Administrator get everything), then channel overwrites: @everyone, the roles' (denies then allows,
/// combined), the member's own.</summary>
public static class PermissionCalculator
{
    /// <summary>What the bot needs to post an answer or a scheduled post in a channel.</summary>
    public static readonly (DiscordPermissions Permission, string Name)[] NeededToPost =
    [
        (DiscordPermissions.ViewChannel, "View Channel"),
        (DiscordPermissions.SendMessages, "Send Messages"),
        (DiscordPermissions.EmbedLinks, "Embed Links"),
    ];

    public static ulong Parse(string? bits) =>
        ulong.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public static ulong ComputeBase(string guildId, string? ownerId, string userId, IReadOnlyCollection<string> memberRoleIds, IEnumerable<Role> guildRoles)
    {
        if (ownerId == userId)
        {
            return (ulong)DiscordPermissions.All;
        }

        var roles = guildRoles.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var permissions = roles.TryGetValue(guildId, out var everyone) ? Parse(everyone.Permissions) : 0;
        foreach (var roleId in memberRoleIds)
        {
            if (roles.TryGetValue(roleId, out var role))
            {
                permissions |= Parse(role.Permissions);
            }
        }

        return (permissions & (ulong)DiscordPermissions.Administrator) != 0 ? (ulong)DiscordPermissions.All : permissions;
    }

    public static ulong ComputeOverwrites(ulong basePermissions, string guildId, string userId, IReadOnlyCollection<string> memberRoleIds, IEnumerable<Overwrite>? overwrites)
    {
        if ((basePermissions & (ulong)DiscordPermissions.Administrator) != 0)
        {
            return (ulong)DiscordPermissions.All;
        }

        var list = overwrites?.ToList() ?? [];
        var permissions = basePermissions;
        var everyone = list.FirstOrDefault(o => o.Type == 0 && o.Id == guildId);
        if (everyone is not null)
        {
            permissions &= ~Parse(everyone.Deny);
            permissions |= Parse(everyone.Allow);
        }

        ulong allow = 0, deny = 0;
        foreach (var overwrite in list.Where(o => o.Type == 0 && o.Id != guildId && memberRoleIds.Contains(o.Id)))
        {
            allow |= Parse(overwrite.Allow);
            deny |= Parse(overwrite.Deny);
        }

        permissions &= ~deny;
        permissions |= allow;

        var member = list.FirstOrDefault(o => o.Type == 1 && o.Id == userId);
        if (member is not null)
        {
            permissions &= ~Parse(member.Deny);
            permissions |= Parse(member.Allow);
        }

        return permissions;
    }

    public static ulong Compute(Guild guild, IReadOnlyList<Role> roles, GuildMember member, string userId, Channel channel)
    {
        var memberRoles = member.Roles ?? [];
        var basePermissions = ComputeBase(guild.Id, guild.OwnerId, userId, memberRoles, roles);
        return ComputeOverwrites(basePermissions, guild.Id, userId, memberRoles, channel.PermissionOverwrites);
    }

    /// <summary>The names of the rights missing to post, applying Discord's implicit denials (no View Channel:
    /// nothing else counts; no Send Messages: Embed Links is ignored too).</summary>
    public static IReadOnlyList<string> MissingToPost(ulong permissions)
    {
        var missing = new List<string>();
        foreach (var (permission, name) in NeededToPost)
        {
            if ((permissions & (ulong)permission) == 0)
            {
                missing.Add(name);
            }
        }

        return missing;
    }

    /// <summary>Whether a member may run moderator commands: Manage Server or Administrator.</summary>
    public static bool IsModerator(string? permissions)
    {
        var bits = Parse(permissions);
        return (bits & ((ulong)DiscordPermissions.ManageGuild | (ulong)DiscordPermissions.Administrator)) != 0;
    }
}
