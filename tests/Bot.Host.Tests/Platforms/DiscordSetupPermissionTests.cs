using System.Text.Json.Nodes;
using Bot.Testing.Discord;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Host.Tests.Platforms;

/// <summary>/anniversary setup through the whole bot and the fake Discord: whether the bot may post is read from the
/// interaction's <c>app_permissions</c> (the interaction's channel and the picked one), never from a lookup of the bot's
/// member, and a refusal says which permission is missing and where a server admin grants it.</summary>
[Collection(OneBotAtATime.Name)]
public sealed class DiscordSetupPermissionTests : IAsyncLifetime
{
    private const string Here = "600000000000000001";
    private const string Picked = "600000000000000077";
    private const string ViewSendEmbed = "19456";
    private const string ViewSend = "3072";

    private readonly BotFolder _folder = new();
    private readonly FakeTimeProvider _clock = AnniversaryMorning.Clock();
    private FakeDiscord _discord = null!;
    private WholeBot? _bot;

    public async ValueTask InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        // Were the bot to compute its permissions from roles, these would say it may not even see a channel.
        _discord.GuildRoles = [new JsonObject { ["id"] = FakeDiscord.GuildId, ["name"] = "@everyone", ["permissions"] = "0", ["position"] = 0 }];
        _bot = await WholeBot.StartOnDiscordAsync(_folder, _clock, _discord);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        await _discord.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Setup_in_a_picked_channel_without_embed_links_names_it_and_where_to_grant_it()
    {
        var reply = await InteractAsync(Setup(here: ViewSendEmbed, picked: ViewSend));

        var text = Text(reply);
        text.ShouldContain($"I'm missing Embed Links in <#{Picked}>");
        text.ShouldContain("Server Settings → Roles");
        text.ShouldContain("Edit Channel → Permissions");
        text.ShouldNotContain("try again in a moment");
        (await _bot!.Subscriptions.FindAsync("discord", Picked, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Setup_in_a_picked_channel_the_bot_may_post_in_is_accepted_without_any_lookup()
    {
        var reply = await InteractAsync(Setup(here: ViewSend, picked: ViewSendEmbed));

        reply.ToJsonString().ShouldContain("Anniversary posts are on");
        (await _bot!.Subscriptions.FindAsync("discord", Picked, CancellationToken.None)).ShouldNotBeNull();
        _discord.RequestsTo("GET", "/guilds/").ShouldBeEmpty();
        _discord.RequestsTo("GET", "/channels/").ShouldBeEmpty();
    }

    [Fact]
    public async Task Setup_without_a_channel_is_judged_by_the_interactions_own_app_permissions()
    {
        var payload = Setup(here: ViewSend, picked: null);
        var options = payload["data"]!["options"]![0]!["options"]!.AsArray();
        options.Remove(options.Single(o => o!["name"]!.GetValue<string>() == "channel"));

        var reply = await InteractAsync(payload);

        Text(reply).ShouldContain($"I'm missing Embed Links in <#{Here}>");
        (await _bot!.Subscriptions.FindAsync("discord", Here, CancellationToken.None)).ShouldBeNull();
    }

    /// <summary>A moderator's /anniversary setup as Discord sends it: the bot's permissions in the interaction's
    /// channel, and in the picked channel under data.resolved.channels.</summary>
    private static JsonObject Setup(string here, string? picked)
    {
        var payload = Payloads.Setup(Payloads.ManageGuild, channel: Picked);
        payload["app_permissions"] = here;
        if (picked is not null)
        {
            payload["data"]!["resolved"] = new JsonObject
            {
                ["channels"] = new JsonObject
                {
                    [Picked] = new JsonObject { ["id"] = Picked, ["name"] = "news", ["type"] = 0, ["permissions"] = "0", ["app_permissions"] = picked },
                },
            };
        }

        return payload;
    }

    /// <summary>The reply as JSON with its text unescaped ("&lt;#id&gt;", apostrophes), as a person would read it.</summary>
    private static string Text(JsonNode reply) =>
        reply.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private RecordedRequest? Callback(JsonObject interaction) =>
        _discord.RequestsTo("POST", $"/interactions/{interaction["id"]}/").FirstOrDefault();

    private Task Changes(Func<bool> condition, TimeSpan patience) => _discord.WhenAsync(condition, "a change", patience);

    /// <summary>Sends an interaction over the gateway and returns the message the bot answered it with: the
    /// immediate response's data, or, after a deferral, the edit of the original response.</summary>
    private async Task<JsonNode> InteractAsync(JsonObject interaction)
    {
        await _discord.DispatchAsync("INTERACTION_CREATE", interaction);
        await _discord.WhenAsync(() => Callback(interaction) is not null, "the interaction response");
        var callback = Callback(interaction)!.Json!;
        if (callback["type"]!.GetValue<int>() == 4)
        {
            return callback["data"]!;
        }

        var edit = $"/webhooks/{FakeDiscord.ApplicationId}/{interaction["token"]}/messages/@original";
        await _clock.DriveAsync(() => _discord.RequestsTo("PATCH", edit).Any(), () => _discord.Requests.Count, Changes, "the deferred answer");
        return _discord.RequestsTo("PATCH", edit).First().Json!;
    }
}
