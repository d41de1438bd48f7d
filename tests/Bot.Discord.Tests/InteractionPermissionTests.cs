using System.Text.Json.Nodes;
using Bot.Core.Messaging;
using Bot.Discord.Interactions;
using Bot.Discord.Rest;

namespace Bot.Discord.Tests;

/// <summary>The bot's right to post, read from the permissions Discord sends with an interaction (<c>app_permissions</c>
/// on the interaction and on each resolved channel) and carried to the command as <c>PostingChecks</c>.</summary>
public sealed class InteractionPermissionTests
{
    private const string Here = "600000000000000001";
    private const string Picked = "600000000000000002";
    private const string ViewSendEmbed = "19456";
    private const string ViewSend = "3072";

    private static Interaction Setup(string? here, string? picked, int pickedType = ChannelType.GuildText)
    {
        var payload = Payloads.Setup(Payloads.ManageGuild, channel: Picked);
        if (here is not null)
        {
            payload["app_permissions"] = here;
        }

        if (picked is not null)
        {
            payload["data"]!["resolved"] = new JsonObject
            {
                ["channels"] = new JsonObject
                {
                    [Picked] = new JsonObject { ["id"] = Picked, ["name"] = "news", ["type"] = pickedType, ["permissions"] = "0", ["app_permissions"] = picked },
                },
            };
        }

        return DiscordJson.Deserialize<Interaction>(payload.ToJsonString())!;
    }

    [Fact]
    public void The_picked_channel_is_judged_by_the_bots_permissions_there()
    {
        var checks = InteractionTranslator.ToIncoming(Setup(here: ViewSendEmbed, picked: ViewSend))!.PostingChecks;

        checks[Picked].CanPost.ShouldBeFalse();
        checks[Picked].Problem!.ShouldStartWith($"I'm missing Embed Links in <#{Picked}>.");
        checks[Here].ShouldBe(PostingCheck.Ok);
    }

    [Fact]
    public void The_interactions_own_channel_is_judged_by_app_permissions()
    {
        var checks = InteractionTranslator.ToIncoming(Setup(here: ViewSend, picked: null))!.PostingChecks;

        checks[Here].Problem!.ShouldStartWith($"I'm missing Embed Links in <#{Here}>.");
        checks.ShouldNotContainKey(Picked);
    }

    [Fact]
    public void A_picked_voice_channel_is_refused()
    {
        var checks = InteractionTranslator.ToIncoming(Setup(here: ViewSendEmbed, picked: ViewSendEmbed, pickedType: 2))!.PostingChecks;

        checks[Picked].Problem!.ShouldContain("not a text or announcement channel");
    }

    [Fact]
    public void A_direct_message_carries_no_posting_checks()
    {
        var payload = Payloads.Ask("when?");
        payload.Remove("guild_id");
        payload["app_permissions"] = ViewSendEmbed;

        var incoming = InteractionTranslator.ToIncoming(DiscordJson.Deserialize<Interaction>(payload.ToJsonString())!)!;

        incoming.PostingChecks.ShouldBeEmpty();
    }
}
