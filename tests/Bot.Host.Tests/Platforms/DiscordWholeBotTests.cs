using System.Text.Json.Nodes;
using Bot.Testing.Discord;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Host.Tests.Platforms;

/// <summary>The whole bot talking to a fake Discord (REST and gateway) through its own Discord client; time is a
/// fake clock.</summary>
[Collection(OneBotAtATime.Name)]
public sealed class DiscordWholeBotTests : IAsyncLifetime
{
    /// <summary>Channels subscribed in the delivery test.</summary>
    private const int ManyChannels = 1000;

    /// <summary>The bot's global limit (Discord's default, which the bot keeps): requests per second.</summary>
    private const int GlobalLimit = 50;

    private const string Question = "What happened on January 7, 1979?";

    private readonly BotFolder _folder = new();
    private readonly FakeTimeProvider _clock = AnniversaryMorning.Clock();
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);
    private int _requestsRead;
    private FakeDiscord _discord = null!;
    private WholeBot? _bot;

    public async ValueTask InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _discord.Clock = _clock.GetUtcNow;
        // Everyone (the bot included) may view, send and embed links: what posting needs.
        _discord.GuildRoles = [new JsonObject { ["id"] = FakeDiscord.GuildId, ["name"] = "@everyone", ["permissions"] = "19456", ["position"] = 0 }];
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
    public async Task Commands_are_registered_by_bulk_overwrite_at_start()
    {
        await _discord.WhenAsync(() => Registration() is not null, "the command registration");

        var commands = JsonNode.Parse(Registration()!.Body)!.AsArray();
        commands.Select(c => c!["name"]!.GetValue<string>()).ShouldContain("ask");
        var anniversary = commands.Single(c => c!["name"]!.GetValue<string>() == "anniversary")!;
        anniversary["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ShouldContain("setup");
        anniversary["default_member_permissions"]!.GetValue<string>().ShouldBe(Payloads.ManageGuild);
    }

    [Fact]
    public async Task Ask_is_answered_with_an_embed()
    {
        var reply = await InteractAsync(Payloads.Ask(Question));

        reply["embeds"]!.AsArray().ShouldNotBeEmpty();
        reply.ToJsonString().ShouldContain("1979");
    }

    [Fact]
    public async Task Everyone_in_a_question_pings_nobody()
    {
        var reply = await InteractAsync(Payloads.Ask("@everyone " + Question));

        reply["allowed_mentions"]!["parse"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Member_without_manage_server_is_refused_setup()
    {
        var reply = await InteractAsync(Payloads.Setup(Payloads.PlainMember));

        reply.ToJsonString().ShouldContain("moderators", Case.Insensitive);
        (await _bot!.Subscriptions.FindAsync("discord", "600000000000000002", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Moderator_setup_with_a_channel_is_accepted()
    {
        var reply = await InteractAsync(Payloads.Setup(Payloads.ManageGuild, channel: "600000000000000042"));

        reply.ToJsonString().ShouldContain("Anniversary posts are on");
        (await _bot!.Subscriptions.FindAsync("discord", "600000000000000042", CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Unsubscribe_is_confirmed_with_a_button()
    {
        const string channel = "600000000000000001";
        await InteractAsync(Payloads.Setup(Payloads.ManageGuild, channel: channel));
        var unsubscribe = Payloads.Command("anniversary", [new JsonObject { ["name"] = "unsubscribe", ["type"] = 1, ["options"] = new JsonArray() }], Payloads.ManageGuild, channel);

        var question = await InteractAsync(unsubscribe);
        var row = question["components"]!.AsArray().ShouldHaveSingleItem()!;
        row["type"]!.GetValue<int>().ShouldBe(1);
        var button = row["components"]!.AsArray().ShouldHaveSingleItem()!;
        button["type"]!.GetValue<int>().ShouldBe(2);
        button["custom_id"]!.GetValue<string>().ShouldBe("/unsubscribe confirm");
        (await _bot!.Subscriptions.FindAsync("discord", channel, CancellationToken.None)).ShouldNotBeNull();

        // A button press: a MESSAGE_COMPONENT interaction (type 3) carrying the button's custom_id and its message.
        var press = Payloads.Command("anniversary", null, Payloads.ManageGuild, channel, type: 3);
        press["data"] = new JsonObject { ["custom_id"] = button["custom_id"]!.GetValue<string>(), ["component_type"] = 2 };
        press["message"] = new JsonObject { ["id"] = "700000000000000001", ["channel_id"] = channel };
        var answer = await InteractAsync(press);

        answer.ToJsonString().ShouldContain("Unsubscribed");
        (await _bot.Subscriptions.FindAsync("discord", channel, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Moderator_adds_the_channels_own_occasion_under_anniversary()
    {
        const string channel = "600000000000000001";
        await _discord.WhenAsync(() => Registration() is not null, "the command registration");
        var registered = JsonNode.Parse(Registration()!.Body)!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "anniversary")!["options"]!.AsArray();
        var occasion = registered.Single(o => o!["name"]!.GetValue<string>() == "occasion")!;
        occasion["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["action", "details"]);
        await InteractAsync(Payloads.Setup(Payloads.ManageGuild, channel: channel));

        var reply = await InteractAsync(Payloads.Command("anniversary",
        [
            new JsonObject
            {
                ["name"] = "occasion",
                ["type"] = 1,
                ["options"] = new JsonArray
                {
                    new JsonObject { ["name"] = "action", ["type"] = 3, ["value"] = "add" },
                    new JsonObject { ["name"] = "details", ["type"] = 3, ["value"] = "03-14 2019 Founding of this server" },
                },
            },
        ], Payloads.ManageGuild, channel));

        reply.ToJsonString().ShouldContain("Added: Founding of this server (March 14, 2019)");
        var subscription = await _bot!.Subscriptions.FindAsync("discord", channel, CancellationToken.None);
        subscription.ShouldNotBeNull().OwnOccasions.ShouldHaveSingleItem().Title.ShouldBe("Founding of this server");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task January_7_post_reaches_every_channel_once_with_a_nonce()
    {
        var channels = Enumerable.Range(1, ManyChannels).Select(i => (610000000000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var setups = channels.Select(c => Payloads.Setup(Payloads.ManageGuild, channel: c, time: "09:00")).ToList();
        foreach (var setup in setups)
        {
            await _discord.DispatchAsync("INTERACTION_CREATE", setup);
        }

        // The conditions are checked on every request the fake answers: each is one pass over what it recorded.
        await _clock.DriveAsync(() => AllAnswered(setups), () => _discord.Requests.Count, Changes, "every setup answered", GlobalAllowanceUsed);
        await _bot!.SettledAsync();
        _clock.SetUtcNow(AnniversaryMorning.PostTime + TimeSpan.FromSeconds(30));
        await _clock.DriveAsync(() => _discord.Messages.Select(m => m.ChannelId).ToHashSet().IsSupersetOf(channels), () => _discord.Messages.Count, Changes, "the post in every channel", GlobalAllowanceUsed);
        await _bot.SettledAsync();

        channels.ShouldAllBe(c => _discord.Messages.Count(m => m.ChannelId == c) == 1);
        _discord.Messages.ShouldAllBe(m => m.Nonce != null && m.Nonce.Length <= 25 && m.Body["enforce_nonce"]!.GetValue<bool>());
        _discord.Messages.Select(m => m.Body.ToJsonString()).ShouldAllBe(body => body.Contains("48th", StringComparison.Ordinal));
        _discord.BucketViolations.ShouldBe(0);
        _discord.MaxGlobalRequestsPerSecond().ShouldBeLessThanOrEqualTo(GlobalLimit);
    }

    [Fact]
    public async Task Interaction_sent_during_a_gateway_drop_is_answered_after_resume()
    {
        var before = Payloads.Ask(Question);
        await InteractAsync(before);
        var dropped = _discord.Current!;

        dropped.Drop();
        var missed = Payloads.Ask("asked while the bot was disconnected: " + Question);
        await _discord.DispatchAsync("INTERACTION_CREATE", missed);
        await _clock.DriveAsync(() => Answered(missed), () => _discord.Requests.Count + _discord.Sessions.Count, Changes, "the missed interaction answered after the reconnect");

        var resumed = _discord.Sessions.Last();
        resumed.ShouldNotBeSameAs(dropped);
        resumed.ReceivedOp(6).Single()["d"]!["session_id"]!.ToString().ShouldBe(dropped.SessionId);
        resumed.ReceivedOp(2).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Gateway_dropping_every_30_seconds_for_10_minutes_loses_no_interaction()
    {
        var interactions = new List<JsonObject>();
        var end = _clock.GetUtcNow() + TimeSpan.FromMinutes(10);
        var drops = 0;
        while (_clock.GetUtcNow() < end)
        {
            var cycleStart = _clock.GetUtcNow();
            // One question while connected, one while the connection is down (Discord keeps it for the RESUME).
            var connected = Payloads.Ask($"question {interactions.Count} " + Question);
            interactions.Add(connected);
            await _discord.DispatchAsync("INTERACTION_CREATE", connected);
            await _clock.DriveAsync(() => Answered(connected), Progress, Changes, $"question {interactions.Count - 1} answered");

            var session = _discord.Current!;
            var untilDrop = TimeSpan.FromSeconds(30) - (_clock.GetUtcNow() - cycleStart);
            if (untilDrop > TimeSpan.Zero)
            {
                _clock.Advance(untilDrop);
            }

            session.Drop();
            drops++;
            var whileDown = Payloads.Ask($"question {interactions.Count} while down " + Question);
            interactions.Add(whileDown);
            await _discord.DispatchAsync("INTERACTION_CREATE", whileDown);
            await _clock.DriveAsync(() => Answered(whileDown) && _discord.Current is { Ready: true, Open: true } current && current != session,
                Progress, Changes, $"question {interactions.Count - 1} answered after drop {drops}");
        }

        drops.ShouldBeGreaterThanOrEqualTo(19);
        interactions.ShouldAllBe(i => Answered(i));
        interactions.ShouldAllBe(i => _discord.RequestsTo("POST", $"/interactions/{i["id"]}/").Count() == 1);
        _discord.Sessions.SelectMany(s => s.ReceivedOp(2)).Count().ShouldBe(1); // one IDENTIFY, every reconnect a RESUME
    }

    /// <summary>Discord has had this second's whole global allowance: the bot cannot send more before the clock moves.</summary>
    private bool GlobalAllowanceUsed() => _discord.Answering == 0 && _discord.GlobalRequestsInTheSecondBefore(_clock.GetUtcNow()) >= GlobalLimit;

    private int Progress() => _discord.Requests.Count + _discord.Sessions.Count;

    private RecordedRequest? Registration() =>
        _discord.RequestsTo("PUT", $"/applications/{FakeDiscord.ApplicationId}/commands").FirstOrDefault();

    private RecordedRequest? Callback(JsonObject interaction) =>
        _discord.RequestsTo("POST", $"/interactions/{interaction["id"]}/").FirstOrDefault();

    /// <summary>The interaction got its answer: an immediate response, or the edit after a deferral.</summary>
    private bool Answered(JsonObject interaction) =>
        Callback(interaction)?.Json?["type"]?.GetValue<int>() == 4
        || _discord.RequestsTo("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/{interaction["token"]}/messages/@original").Any();

    /// <summary><see cref="Answered"/> for every one of <paramref name="interactions"/>, reading each request once
    /// (the fake records them in order and keeps them).</summary>
    private bool AllAnswered(IEnumerable<JsonObject> interactions)
    {
        lock (_answered)
        {
            foreach (var request in _discord.Requests.Skip(_requestsRead))
            {
                _requestsRead++;
                var segments = request.Path.Split('/');
                if (request.Method == "POST" && segments is ["", "interactions", var id, _, "callback"] && request.Json?["type"]?.GetValue<int>() == 4)
                {
                    _answered.Add(id);
                }
                else if (request.Method == "PATCH" && segments is ["", "webhooks", FakeDiscord.ApplicationId, var token, "messages", "@original"])
                {
                    _answered.Add(token);
                }
            }

            return interactions.All(i => _answered.Contains(i["id"]!.ToString()) || _answered.Contains(i["token"]!.ToString()));
        }
    }

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
