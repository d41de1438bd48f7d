using System.Text.Json.Nodes;
using Bot.Core.Commands;
using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Bot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Discord.Tests;

/// <summary>The adapter against the fake Discord over a real WebSocket and real HTTP.</summary>
public sealed class GatewayEndToEndTests
{
    private static async Task<(FakeDiscord Fake, BotUnderTest Bot, TestAskCommand Ask, TestSetupCommand Setup)> StartAsync(
        Action<DiscordOptions>? configure = null, IBotCommand[]? extra = null, RecordingChannelEvents? events = null)
    {
        var fake = await FakeDiscord.StartAsync();
        var ask = new TestAskCommand();
        var setup = new TestSetupCommand();
        var bot = await BotUnderTest.StartAsync(fake, [ask, setup, .. extra ?? []], configure, events);
        await Eventually.TrueAsync(() => bot.Gateway.State == GatewayState.Ready, "READY");
        return (fake, bot, ask, setup);
    }

    private static async Task<JsonNode> CallbackFor(FakeDiscord fake, JsonObject interaction) =>
        (await Eventually.GetAsync(
            () => fake.RequestsTo("POST", $"/interactions/{interaction["id"]}/").FirstOrDefault(),
            "the interaction callback")).Json!;

    [Fact]
    public async Task Identifies_with_the_guilds_intent_only_and_registers_the_commands()
    {
        var (fake, bot, _, _) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;

        var identify = fake.Sessions.First().ReceivedOp(2).Single()["d"]!;
        identify["intents"]!.GetValue<int>().ShouldBe(1);
        identify["token"]!.ToString().ShouldBe("test-token-0123456789abcdef");
        identify["shard"]!.AsArray().Select(n => n!.GetValue<int>()).ShouldBe([0, 1]);
        fake.Sessions.First().Query.ShouldContain("v=10");
        fake.Sessions.First().Query.ShouldContain("encoding=json");

        var put = await Eventually.GetAsync(() => fake.RequestsTo("PUT", $"/applications/{FakeDiscord.ApplicationId}/commands").FirstOrDefault(), "command registration");
        put.Authorization.ShouldBe("Bot test-token-0123456789abcdef");
        var commands = put.Json!.AsArray();
        commands.Select(c => c!["name"]!.ToString()).ShouldBe(["ask", "anniversary"], ignoreOrder: true);
        var group = commands.Single(c => c!["name"]!.ToString() == "anniversary")!;
        group["default_member_permissions"]!.ToString().ShouldBe("32");
        var setup = group["options"]!.AsArray().Single()!;
        setup["type"]!.GetValue<int>().ShouldBe(1);
        setup["name"]!.ToString().ShouldBe("setup");
        var options = setup["options"]!.AsArray();
        options[0]!["name"]!.ToString().ShouldBe("channel"); // required first
        options[0]!["type"]!.GetValue<int>().ShouldBe(7);
        options[0]!["channel_types"]!.AsArray().Select(n => n!.GetValue<int>()).ShouldBe([0, 5]);
        options.Single(o => o!["name"]!.ToString() == "timezone")!["autocomplete"]!.GetValue<bool>().ShouldBeTrue();
        var ask = commands.Single(c => c!["name"]!.ToString() == "ask")!;
        ask["options"]![0]!["type"]!.GetValue<int>().ShouldBe(3);
        ask["options"]![0]!["required"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task An_interaction_delivered_twice_runs_once()
    {
        var (fake, bot, ask, _) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;

        var interaction = Payloads.Ask("when was it?");
        await fake.DispatchAsync("INTERACTION_CREATE", interaction);
        await CallbackFor(fake, interaction);
        await fake.DispatchAsync("INTERACTION_CREATE", interaction);
        var next = Payloads.Ask("and then?");
        await fake.DispatchAsync("INTERACTION_CREATE", next);
        await CallbackFor(fake, next);
        await bot.Services.GetRequiredService<InteractionHandler>().DrainAsync(TimeSpan.FromSeconds(5));

        ask.Questions.ShouldBe(["when was it?", "and then?"]);
        fake.RequestsTo("POST", $"/interactions/{interaction["id"]}/").Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_users_ask_gets_an_embed_answer_and_everyone_in_the_question_pings_nobody()
    {
        var (fake, bot, ask, _) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;

        var interaction = Payloads.Ask("@everyone when did <@&123> win?");
        await fake.DispatchAsync("INTERACTION_CREATE", interaction);

        var callback = await CallbackFor(fake, interaction);
        callback["type"]!.GetValue<int>().ShouldBe(4);
        var data = callback["data"]!;
        data["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
        (data["flags"]?.GetValue<int>() ?? 0).ShouldBe(0); // a public answer
        var embed = data["embeds"]![0]!;
        embed["title"]!.ToString().ShouldBe("On 7 January 1979");
        embed["description"]!.ToString().ShouldContain("You asked: @everyone when did <@&123> win?");
        embed["description"]!.ToString().ShouldContain("> On 7 January 1979 Phnom Penh was liberated.");
        embed["footer"]!["text"]!.ToString().ShouldContain("Victory over genocide (VNA, 2024-01-07)");
        ask.Questions.ShouldBe(["@everyone when did <@&123> win?"]);
    }

    [Fact]
    public async Task A_member_without_manage_server_is_refused_and_a_moderator_is_accepted()
    {
        var (fake, bot, _, setup) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;

        var refused = Payloads.Setup(Payloads.PlainMember);
        await fake.DispatchAsync("INTERACTION_CREATE", refused);
        var refusal = await CallbackFor(fake, refused);
        refusal["data"]!["flags"]!.GetValue<int>().ShouldBe(64);
        refusal["data"]!["content"]!.ToString().ShouldContain("Only moderators");
        setup.Runs.ShouldBe(0);

        var accepted = Payloads.Setup(Payloads.ManageGuild);
        await fake.DispatchAsync("INTERACTION_CREATE", accepted);
        var answer = await CallbackFor(fake, accepted);
        answer["data"]!["flags"]!.GetValue<int>().ShouldBe(64); // moderator replies are ephemeral
        answer["data"]!["content"]!.ToString().ShouldContain("<#600000000000000002>");
        setup.Runs.ShouldBe(1);
        setup.LastOptions!["channel"].ShouldBe("600000000000000002");
        setup.LastOptions["timezone"].ShouldBe("Asia/Phnom_Penh");

        var admin = Payloads.Setup(Payloads.Administrator);
        await fake.DispatchAsync("INTERACTION_CREATE", admin);
        await CallbackFor(fake, admin);
        setup.Runs.ShouldBe(2);
    }

    [Fact]
    public async Task Autocomplete_is_answered_from_the_commands_suggestions()
    {
        var (fake, bot, _, _) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;

        var interaction = Payloads.Command("anniversary",
        [
            new JsonObject
            {
                ["name"] = "setup",
                ["type"] = 1,
                ["options"] = new JsonArray { new JsonObject { ["name"] = "timezone", ["type"] = 3, ["value"] = "asia", ["focused"] = true } },
            },
        ], type: 4);
        await fake.DispatchAsync("INTERACTION_CREATE", interaction);
        var callback = await CallbackFor(fake, interaction);
        callback["type"]!.GetValue<int>().ShouldBe(8);
        callback["data"]!["choices"]!.AsArray().Select(c => c!["value"]!.ToString()).ShouldBe(["Asia/Phnom_Penh", "Asia/Ho_Chi_Minh"]);
    }

    [Fact]
    public async Task A_slow_answer_is_deferred_then_the_original_response_is_edited()
    {
        var (fake, bot, _, _) = await StartAsync(o => o.DeferAfter = TimeSpan.FromMilliseconds(200), [new SlowCommand(TimeSpan.FromMilliseconds(800))]);
        await using var _fake = fake;
        await using var _bot = bot;

        var interaction = Payloads.Command("today");
        await fake.DispatchAsync("INTERACTION_CREATE", interaction);
        var callback = await CallbackFor(fake, interaction);
        callback["type"]!.GetValue<int>().ShouldBe(5);

        var edit = await Eventually.GetAsync(
            () => fake.RequestsTo("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/{interaction["token"]}/messages/@original").FirstOrDefault(),
            "the edit of the original response");
        edit.Json!["embeds"]![0]!["title"]!.ToString().ShouldBe("Today");
        edit.Json!["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
        var deferredAt = fake.RequestsTo("POST", $"/interactions/{interaction["id"]}/").Single().At;
        (edit.At - deferredAt).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Resume_after_a_drop_loses_no_interaction()
    {
        var (fake, bot, ask, _) = await StartAsync();
        await using var _fake = fake;
        await using var _bot = bot;

        var first = Payloads.Ask("first");
        await fake.DispatchAsync("INTERACTION_CREATE", first);
        await CallbackFor(fake, first);
        var sessionId = bot.Gateway.SessionId;
        var seqBeforeDrop = bot.Gateway.Sequence;

        fake.Current!.Drop();
        var missed = Payloads.Ask("asked while the bot was disconnected");
        await fake.DispatchAsync("INTERACTION_CREATE", missed); // kept by Discord, replayed on RESUME

        await CallbackFor(fake, missed);
        var resumed = fake.Sessions.Last();
        var resume = resumed.ReceivedOp(6).Single()["d"]!;
        resume["session_id"]!.ToString().ShouldBe(sessionId);
        resume["seq"]!.GetValue<long>().ShouldBe(seqBeforeDrop!.Value);
        resumed.Query.ShouldContain("resumed=1"); // the resume_gateway_url from READY
        resumed.ReceivedOp(2).ShouldBeEmpty(); // no new IDENTIFY
        ask.Questions.ShouldBe(["first", "asked while the bot was disconnected"]);
        bot.Gateway.Identifies.ShouldBe(1);
    }

    [Fact]
    public async Task Close_code_4004_stops_with_an_error_naming_the_token()
    {
        var fake = await FakeDiscord.StartAsync();
        await using var _fake = fake;
        fake.CloseOnIdentify = 4004;
        await using var bot = await BotUnderTest.StartAsync(fake, [new TestAskCommand()]);

        await Eventually.TrueAsync(() => bot.Gateway.State == GatewayState.Failed, "the gateway to fail");
        bot.Gateway.FatalError!.ShouldContain("4004");
        bot.Gateway.FatalError!.ShouldContain("Discord:Token");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        fake.Sessions.Count.ShouldBe(1); // never reconnects
    }

    [Fact]
    public async Task Guild_and_channel_events_reach_the_subscriptions()
    {
        var events = new RecordingChannelEvents();
        var (fake, bot, _, _) = await StartAsync(events: events);
        await using var _fake = fake;
        await using var _bot = bot;

        await fake.DispatchAsync("GUILD_CREATE", new JsonObject { ["id"] = "701", ["name"] = "A" });
        await fake.DispatchAsync("GUILD_DELETE", new JsonObject { ["id"] = "702", ["unavailable"] = true });
        await fake.DispatchAsync("GUILD_DELETE", new JsonObject { ["id"] = "703" });
        await fake.DispatchAsync("CHANNEL_DELETE", new JsonObject { ["id"] = "604", ["guild_id"] = "701", ["type"] = 0 });

        await Eventually.TrueAsync(() => events.Events.Count == 3, "three channel events");
        events.Events.ShouldBe(["bot-present discord 701", "bot-removed discord 703", "channel-removed 604 701"], ignoreOrder: true);
    }
}
