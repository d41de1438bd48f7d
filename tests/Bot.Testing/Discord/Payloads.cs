using System.Text.Json.Nodes;

namespace Bot.Testing.Discord;

/// <summary>Interaction payloads as Discord sends them (developers/interactions/receiving-and-responding).</summary>
public static class Payloads
{
    public const string ManageGuild = "32";
    public const string Administrator = "8";
    public const string PlainMember = "2248473465835073"; // many rights, but neither Administrator nor Manage Server

    private static int _next = 100;

    public static JsonObject Command(string name, JsonArray? options = null, string permissions = PlainMember, string channelId = "600000000000000001", int type = 2)
    {
        var id = (810000000000000000L + Interlocked.Increment(ref _next)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = id,
            ["application_id"] = FakeDiscord.ApplicationId,
            ["type"] = type,
            ["token"] = "interaction-token-" + id,
            ["version"] = 1,
            ["guild_id"] = FakeDiscord.GuildId,
            ["channel_id"] = channelId,
            ["member"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = "500000000000000001", ["username"] = "someone", ["global_name"] = "Some One" },
                ["roles"] = new JsonArray(),
                ["permissions"] = permissions,
            },
            ["data"] = new JsonObject { ["id"] = "5001", ["name"] = name, ["type"] = 1, ["options"] = options ?? [] },
        };
    }

    public static JsonObject Ask(string question, string permissions = PlainMember) =>
        Command("ask", [new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = question }], permissions);

    public static JsonObject Setup(string permissions, string channel = "600000000000000002", string time = "08:00") =>
        Command("anniversary",
        [
            new JsonObject
            {
                ["name"] = "setup",
                ["type"] = 1,
                ["options"] = new JsonArray
                {
                    new JsonObject { ["name"] = "channel", ["type"] = 7, ["value"] = channel },
                    new JsonObject { ["name"] = "time", ["type"] = 3, ["value"] = time },
                    new JsonObject { ["name"] = "timezone", ["type"] = 3, ["value"] = "Asia/Phnom_Penh" },
                },
            },
        ], permissions);
}
