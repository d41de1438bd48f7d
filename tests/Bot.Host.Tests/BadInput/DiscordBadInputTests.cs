using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Platforms;
using Bot.Testing.Discord;
using Shouldly;

namespace Bot.Host.Tests.BadInput;

/// <summary>Hostile HTTP interactions to a whole bot at <c>/discord/interactions</c>: forged, missing and tampered
/// signatures; signed payloads with hostile option values, wrong types, missing fields and unknown commands, from
/// members without Manage Server and from moderators.</summary>
[Collection(OneBotAtATime.Name)]
public sealed class DiscordBadInputTests : IAsyncLifetime
{
    public const int InteractionsPerBatch = 260;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private BadInputBot _bot = null!;

    public async ValueTask InitializeAsync() => _bot = await BadInputBot.StartAsync();

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task Forged_missing_or_tampered_signatures_get_401_and_change_nothing()
    {
        const string channel = "600000000000000077";
        var tally = new SuiteTally("Discord signatures");
        var before = _bot.SubscriptionSnapshot();
        var body = Payloads.Setup(Payloads.ManageGuild, channel: channel).ToJsonString();
        var now = Stamp();
        var forger = Ed25519Signer.Random();
        var good = Hex(_bot.Signer.Sign(Encoding.UTF8.GetBytes(now + body)));
        (string Name, string Body, string? Signature, string? Timestamp)[] variants =
        [
            ("no headers", body, null, null),
            ("no signature", body, null, now),
            ("no timestamp", body, good, null),
            ("empty signature", body, "", now),
            ("another key", body, Hex(forger.Sign(Encoding.UTF8.GetBytes(now + body))), now),
            ("tampered body", body.Replace(channel, "600000000000000078", StringComparison.Ordinal), good, now),
            ("body with a trailing space", body + " ", good, now),
            ("tampered timestamp", body, good, (long.Parse(now, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)),
            ("signature of the body alone", body, Hex(_bot.Signer.Sign(Encoding.UTF8.GetBytes(body))), now),
            ("signature of an empty body", body, Hex(_bot.Signer.Sign(Encoding.UTF8.GetBytes(now))), now),
            ("signature cut short", body, good[..126], now),
            ("signature too long", body, good + "00", now),
            ("signature not hex", body, new string('z', 128), now),
            ("all-zero signature", body, new string('0', 128), now),
            ("all-ones signature", body, new string('f', 128), now),
            ("one bit flipped", body, FlipFirstBit(good), now),
            ("public key as signature", body, _bot.Signer.PublicKeyHex + _bot.Signer.PublicKeyHex, now),
            ("huge timestamp", body, good, new string('9', 5_000)),
        ];
        foreach (var (name, sent, signature, timestamp) in variants)
        {
            var (status, _) = await PostAsync(sent, signature, timestamp);
            tally.Count("forged-signature", $"{(int)status}");
            if (status != HttpStatusCode.Unauthorized)
            {
                tally.Problem(name, $"answered {(int)status}");
            }
        }

        tally.Print();
        tally.Problems.ShouldBeEmpty(tally.Report());
        _bot.SubscriptionSnapshot().ShouldBe(before);
        _bot.Discord.Requests.ShouldNotContain(r => r.Path.Contains("/interactions/", StringComparison.Ordinal) || r.Path.Contains("/webhooks/", StringComparison.Ordinal));

        // Signed by the application's key, the same request is accepted: the refusals were the signature's doing.
        var (accepted, answer) = await PostSignedAsync(body);
        accepted.ShouldBe(HttpStatusCode.OK);
        (await AnswerTextAsync(answer)).ShouldContain("Anniversary posts are on");
        _bot.SubscriptionSnapshot().ShouldNotBe(before);
    }

    [Fact]
    public async Task Hostile_interactions_from_members_change_nothing_and_get_well_formed_answers()
    {
        var tally = await RunBatchAsync("Discord, members", HostileInputs.Generate(InteractionsPerBatch, HostileInputs.Seed + 3), Payloads.PlainMember);

        tally.Problems.ShouldBeEmpty(tally.Report());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Hostile_interactions_from_moderators_crash_nothing_and_get_well_formed_answers()
    {
        var tally = await RunBatchAsync("Discord, moderators", HostileInputs.Generate(InteractionsPerBatch, HostileInputs.Seed + 4), Payloads.ManageGuild);

        tally.Problems.ShouldBeEmpty(tally.Report());
    }

    [Fact]
    public async Task Interactions_with_wrong_types_or_missing_fields_are_refused_or_answered_and_change_nothing()
    {
        var tally = new SuiteTally("Discord, malformed interactions");
        var before = _bot.SubscriptionSnapshot();
        foreach (var (name, body) in Malformed())
        {
            var (status, answer) = await PostSignedAsync(body);
            tally.Count("malformed-interaction", $"{(int)status}");
            Check(tally, name, status, answer);
        }

        await SettledAsync();
        CheckFollowUps(tally, "malformed");
        tally.Problem("host log", _bot.Failures().Select(l => l.ToString()));
        tally.Print();
        tally.Problems.ShouldBeEmpty(tally.Report());
        _bot.SubscriptionSnapshot().ShouldBe(before);
    }

    /// <summary>Signed interactions that no real Discord would send, made from a member's /setup: each with a field
    /// of the wrong type, missing or out of range. None may change anything (the caller has no Manage Server, or
    /// the payload cannot say who the caller is).</summary>
    private static IEnumerable<(string Name, string Body)> Malformed()
    {
        JsonObject Setup() => Payloads.Setup(Payloads.PlainMember, channel: "600000000000000088");
        JsonObject With(Action<JsonObject> change)
        {
            var payload = Setup();
            change(payload);
            return payload;
        }

        JsonArray SetupOptions(JsonObject payload) => payload["data"]!["options"]![0]!["options"]!.AsArray();

        yield return ("empty body", "");
        yield return ("null", "null");
        yield return ("array", "[]");
        yield return ("number", "42");
        yield return ("truncated", Setup().ToJsonString()[..40]);
        yield return ("empty object", "{}");
        yield return ("type as a string", With(p => p["type"] = "2").ToJsonString());
        yield return ("type 99", With(p => p["type"] = 99).ToJsonString());
        yield return ("type -1", With(p => p["type"] = -1).ToJsonString());
        yield return ("modal submit", With(p => p["type"] = 5).ToJsonString());
        yield return ("type missing", With(p => p.Remove("type")).ToJsonString());
        yield return ("id as a number", With(p => p["id"] = 123).ToJsonString());
        yield return ("id null", With(p => p["id"] = null).ToJsonString());
        yield return ("token null", With(p => p["token"] = null).ToJsonString());
        yield return ("token missing", With(p => p.Remove("token")).ToJsonString());
        yield return ("application id missing", With(p => p.Remove("application_id")).ToJsonString());
        yield return ("data null", With(p => p["data"] = null).ToJsonString());
        yield return ("data a string", With(p => p["data"] = "setup").ToJsonString());
        yield return ("name null", With(p => p["data"]!["name"] = null).ToJsonString());
        yield return ("name a number", With(p => p["data"]!["name"] = 7).ToJsonString());
        yield return ("options null", With(p => p["data"]!["options"] = null).ToJsonString());
        yield return ("options an object", With(p => p["data"]!["options"] = new JsonObject()).ToJsonString());
        yield return ("options empty", With(p => p["data"]!["options"] = new JsonArray()).ToJsonString());
        yield return ("subcommand options null", With(p => p["data"]!["options"]![0]!["options"] = null).ToJsonString());
        yield return ("option name null", With(p => SetupOptions(p)[1]!["name"] = null).ToJsonString());
        yield return ("option name missing", With(p => SetupOptions(p)[1]!.AsObject().Remove("name")).ToJsonString());
        yield return ("option type a string", With(p => SetupOptions(p)[1]!["type"] = "three").ToJsonString());
        yield return ("time an integer", With(p => SetupOptions(p)[1]!["value"] = 900).ToJsonString());
        yield return ("time a float", With(p => SetupOptions(p)[1]!["value"] = 9.5).ToJsonString());
        yield return ("time a huge number", With(p => SetupOptions(p)[1]!["value"] = JsonNode.Parse("1e308")).ToJsonString());
        yield return ("time true", With(p => SetupOptions(p)[1]!["value"] = true).ToJsonString());
        yield return ("time an object", With(p => SetupOptions(p)[1]!["value"] = new JsonObject { ["h"] = 9 }).ToJsonString());
        yield return ("time an array", With(p => SetupOptions(p)[1]!["value"] = new JsonArray("09:00")).ToJsonString());
        yield return ("channel a number", With(p => SetupOptions(p)[0]!["value"] = 600000000000000088).ToJsonString());
        yield return ("channel a path", With(p => SetupOptions(p)[0]!["value"] = "../../guilds/700000000000000001").ToJsonString());
        yield return ("duplicate options", With(p => SetupOptions(p).Add(new JsonObject { ["name"] = "time", ["type"] = 3, ["value"] = "10:00" })).ToJsonString());
        yield return ("10,000 options", With(p => p["data"]!["options"] = new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)new JsonObject { ["name"] = "o" + i.ToString(CultureInfo.InvariantCulture), ["type"] = 3, ["value"] = "x" })])).ToJsonString());
        yield return ("deeply nested options", With(p =>
        {
            JsonNode inner = new JsonObject { ["name"] = "time", ["type"] = 3, ["value"] = "09:00" };
            for (var i = 0; i < 50; i++)
            {
                inner = new JsonObject { ["name"] = "setup", ["type"] = 1, ["options"] = new JsonArray(inner) };
            }

            p["data"]!["options"] = new JsonArray(inner);
        }).ToJsonString());
        yield return ("member null", With(p => p["member"] = null).ToJsonString());
        yield return ("member and user null", With(p => { p["member"] = null; p["user"] = null; }).ToJsonString());
        yield return ("member without user", With(p => p["member"]!.AsObject().Remove("user")).ToJsonString());
        yield return ("permissions missing", With(p => p["member"]!.AsObject().Remove("permissions")).ToJsonString());
        yield return ("permissions not a number", With(p => p["member"]!["permissions"] = "all").ToJsonString());
        yield return ("permissions negative", With(p => p["member"]!["permissions"] = "-1").ToJsonString());
        yield return ("permissions too big", With(p => p["member"]!["permissions"] = "99999999999999999999999999999").ToJsonString());
        yield return ("permissions a number", With(p => p["member"]!["permissions"] = 32).ToJsonString());
        yield return ("guild missing", With(p => p.Remove("guild_id")).ToJsonString());
        yield return ("channel missing", With(p => p.Remove("channel_id")).ToJsonString());
        yield return ("channel empty", With(p => p["channel_id"] = "").ToJsonString());
        yield return ("user in a guild instead of member", With(p => { p["user"] = p["member"]!["user"]!.DeepClone(); p["member"] = null; }).ToJsonString());
        yield return ("component with a moderator's command line", With(p => { p["type"] = 3; p["data"] = new JsonObject { ["custom_id"] = "/setup 09:00 Asia/Phnom_Penh", ["component_type"] = 2 }; }).ToJsonString());
        yield return ("component with a hostile line", With(p => { p["type"] = 3; p["data"] = new JsonObject { ["custom_id"] = "/unsubscribe \u202e@everyone <@&1>", ["component_type"] = 2 }; }).ToJsonString());
        yield return ("component without custom id", With(p => { p["type"] = 3; p["data"] = new JsonObject { ["component_type"] = 2 }; }).ToJsonString());
        yield return ("autocomplete without a focused option", With(p => p["type"] = 4).ToJsonString());
        yield return ("autocomplete with two focused options", With(p =>
        {
            p["type"] = 4;
            foreach (var option in SetupOptions(p))
            {
                option!["focused"] = true;
            }
        }).ToJsonString());
        yield return ("autocomplete focused value an object", With(p =>
        {
            p["type"] = 4;
            SetupOptions(p)[2]!["focused"] = true;
            SetupOptions(p)[2]!["value"] = new JsonObject();
        }).ToJsonString());
        yield return ("ping with a member's setup data", With(p => p["type"] = 1).ToJsonString());
        yield return ("not UTF-8", Encoding.Latin1.GetString([0xff, 0xfe, 0x7b, 0x7d]));
    }

    /// <summary>One signed interaction per case: a command (rotating over the bot's commands) with the hostile text
    /// as its option, a bad time or zone for /anniversary setup, time or timezone, an unknown command name, a
    /// command without its options, a button carrying the text, or an autocomplete of the text.</summary>
    private async Task<SuiteTally> RunBatchAsync(string edge, IReadOnlyList<HostileInput> cases, string permissions)
    {
        var tally = new SuiteTally(edge);
        var before = _bot.SubscriptionSnapshot();
        string[] everyone = ["ask", "today", "next", "fact", "help", "sources", "start"];
        string[] moderators = ["setup", "time", "timezone", "pause", "resume", "role", "template", "occasions", "preview", "test", "settings", "unsubscribe"];
        for (var i = 0; i < cases.Count; i++)
        {
            var input = cases[i];
            var channel = (620000000000000000L + i).ToString(CultureInfo.InvariantCulture);
            JsonObject payload;
            if (input.Category == "unknown-command")
            {
                payload = Payloads.Command(input.Text, permissions: permissions, channelId: channel);
            }
            else if (input.Category == "missing-argument")
            {
                payload = moderators.Contains(input.Text)
                    ? Payloads.Command("anniversary", [new JsonObject { ["name"] = input.Text, ["type"] = 1 }], permissions, channel)
                    : Payloads.Command(input.Text, permissions: permissions, channelId: channel);
            }
            else if (input.Category is "invalid-time" or "invalid-zone")
            {
                var option = input.Category == "invalid-time" ? "time" : "timezone";
                var sub = i % 2 == 0 ? "setup" : option;
                payload = Payloads.Command("anniversary",
                [
                    new JsonObject
                    {
                        ["name"] = sub,
                        ["type"] = 1,
                        ["options"] = new JsonArray(new JsonObject { ["name"] = option, ["type"] = 3, ["value"] = input.Text }),
                    },
                ], permissions, channel);
            }
            else if (i % 7 == 3)
            {
                payload = Payloads.Command("x", permissions: permissions, channelId: channel, type: 3);
                payload["data"] = new JsonObject { ["custom_id"] = Cut("/" + moderators[i % moderators.Length] + " " + input.Text, 100), ["component_type"] = 2 };
            }
            else if (i % 7 == 5)
            {
                payload = Payloads.Command("anniversary",
                [
                    new JsonObject
                    {
                        ["name"] = "timezone",
                        ["type"] = 1,
                        ["options"] = new JsonArray(new JsonObject { ["name"] = "timezone", ["type"] = 3, ["value"] = input.Text, ["focused"] = true }),
                    },
                ], permissions, channel, type: 4);
            }
            else
            {
                var all = everyone.Concat(moderators).ToArray();
                var command = all[i / HostileInputs.Categories.Count % all.Length];
                payload = moderators.Contains(command)
                    ? Payloads.Command("anniversary", [new JsonObject { ["name"] = command, ["type"] = 1, ["options"] = Options(command, input.Text) }], permissions, channel)
                    : Payloads.Command(command, Options(command, input.Text), permissions, channel);
            }

            var (status, answer) = await PostSignedAsync(payload.ToJsonString());
            tally.Count(input.Category, Outcome(status, answer));
            CheckAnswered(tally, $"case {i} ({input})", status, answer);
        }

        await SettledAsync();
        CheckFollowUps(tally, edge);
        tally.Problem("host log", _bot.Failures().Select(l => l.ToString()));
        if (permissions == Payloads.PlainMember && _bot.SubscriptionSnapshot() != before)
        {
            tally.Problem(edge, "members changed the subscription store");
        }

        tally.Print();
        return tally;
    }

    /// <summary>The hostile text in every text option the command has (and a channel id where it takes one).</summary>
    private static JsonArray Options(string command, string text) => command switch
    {
        "ask" => [new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = text }],
        "setup" => [new JsonObject { ["name"] = "channel", ["type"] = 7, ["value"] = text }, new JsonObject { ["name"] = "time", ["type"] = 3, ["value"] = text }],
        "time" or "timezone" or "role" or "template" or "reason" => [new JsonObject { ["name"] = command, ["type"] = 3, ["value"] = text }],
        "pause" => [new JsonObject { ["name"] = "reason", ["type"] = 3, ["value"] = text }],
        "occasions" => [new JsonObject { ["name"] = "choice", ["type"] = 3, ["value"] = text }],
        _ => [new JsonObject { ["name"] = "text", ["type"] = 3, ["value"] = text }],
    };

    private static string Outcome(HttpStatusCode status, string answer)
    {
        if (status != HttpStatusCode.OK)
        {
            return ((int)status).ToString(CultureInfo.InvariantCulture);
        }

        var json = JsonNode.Parse(answer);
        var type = json?["type"]?.GetValue<int>();
        var text = json?["data"]?["content"]?.GetValue<string>() ?? json?["data"]?["embeds"]?.ToJsonString() ?? "";
        return type switch
        {
            8 => "autocomplete",
            5 => "deferred",
            4 when text.StartsWith("Only moderators", StringComparison.Ordinal) => "refused",
            4 when text.StartsWith("I don't know the command", StringComparison.Ordinal) => "unknown command",
            4 when json?["data"]?["flags"]?.GetValue<int>() == 64 => "ephemeral answer",
            4 => "answered",
            _ => "type " + type?.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A well-formed, correctly signed interaction carrying hostile text is answered (200 with a well-formed
    /// callback), never refused with 400 or 413: only a malformed payload may be refused.</summary>
    private static void CheckAnswered(SuiteTally tally, string where, HttpStatusCode status, string answer)
    {
        if (status == HttpStatusCode.OK)
        {
            tally.Problem(where, WellFormed.DiscordCallback(answer));
        }
        else
        {
            tally.Problem(where, $"a well-formed interaction answered {(int)status}: {answer}");
        }
    }

    private static void Check(SuiteTally tally, string where, HttpStatusCode status, string answer)
    {
        if (status == HttpStatusCode.OK)
        {
            tally.Problem(where, WellFormed.DiscordCallback(answer));
        }
        else if (status is not (HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge))
        {
            tally.Problem(where, $"answered {(int)status}: {answer}");
        }
    }

    /// <summary>Every follow-up and edit the bot sent to Discord for an interaction is a well-formed message.</summary>
    private void CheckFollowUps(SuiteTally tally, string edge)
    {
        foreach (var request in _bot.Discord.Requests.Where(r => r.Path.Contains("/webhooks/", StringComparison.Ordinal) && r.Method is "POST" or "PATCH"))
        {
            tally.Problem($"{edge}: {request.Method} {request.Path}", WellFormed.DiscordMessage(request.Json));
        }
    }

    /// <summary>The answer to a signed interaction: the callback itself, or, when the bot deferred it, the follow-up
    /// it sent once the command was done. The bot's clock runs ten times faster than the wall clock, so Discord's
    /// 1.5 s before a deferral is 150 ms here: the first command of a fresh bot on a loaded machine can take longer
    /// (measured with the PostgreSQL fault suites running beside it: a type-5 deferral instead of the answer).</summary>
    private async Task<string> AnswerTextAsync(string callback)
    {
        if (JsonNode.Parse(callback)?["type"]?.GetValue<int>() != Bot.Discord.Rest.InteractionCallbackType.DeferredChannelMessageWithSource)
        {
            return callback;
        }

        await SettledAsync();
        return string.Join('\n', _bot.Discord.Requests
            .Where(r => r.Path.Contains("/webhooks/", StringComparison.Ordinal) && r.Method is "POST" or "PATCH")
            .Select(r => r.Body));
    }

    /// <summary>Lets background follow-ups finish (there are none unless a command outlived the response).</summary>
    private async Task SettledAsync()
    {
        var handler = (Bot.Discord.Interactions.InteractionHandler)_bot.Services.GetService(typeof(Bot.Discord.Interactions.InteractionHandler))!;
        await handler.DrainAsync(TimeSpan.FromSeconds(30));
    }

    private Task<(HttpStatusCode Status, string Body)> PostSignedAsync(string body)
    {
        var stamp = Stamp();
        return PostAsync(body, Hex(_bot.Signer.Sign(Encoding.UTF8.GetBytes(stamp + body))), stamp);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string body, string? signature, string? timestamp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _bot.Url + "/discord/interactions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", signature);
        }

        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", timestamp);
        }

        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private string Stamp() => _bot.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static string FlipFirstBit(string hex) => (hex[0] == '0' ? '1' : '0') + hex[1..];

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
