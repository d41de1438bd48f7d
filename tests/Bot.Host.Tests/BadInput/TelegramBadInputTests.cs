using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Platforms;
using Bot.Testing.Telegram;
using Shouldly;

namespace Bot.Host.Tests.BadInput;

/// <summary>Hostile Telegram webhook requests to a whole bot: wrong secrets, hostile text from members and
/// administrators, updates with wrong types and missing fields. Replies are read from the fake Bot API.</summary>
[Collection(OneBotAtATime.Name)]
public sealed class TelegramBadInputTests : IAsyncLifetime
{
    public const int UpdatesPerBatch = 260;

    private const long Admin = 7301;
    private const long Member = 7302;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private BadInputBot _bot = null!;
    private int _nextUpdateId = 1;

    public async ValueTask InitializeAsync() => _bot = await BadInputBot.StartAsync();

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task Webhook_requests_without_the_right_secret_are_refused_and_change_nothing()
    {
        const long group = -1007100000001;
        _bot.Telegram.SetMember(group, Admin, "administrator");
        var tally = new SuiteTally("Telegram webhook secret");
        var before = _bot.SubscriptionSnapshot();
        string?[] secrets =
        [
            null, "", " ", "wrong", BadInputBot.WebhookSecret + "x", BadInputBot.WebhookSecret[..^1], BadInputBot.WebhookSecret.ToUpperInvariant(),
            BadInputBot.WebhookSecret + "," + BadInputBot.WebhookSecret, new string('a', 10_000),
            FakeBotApi.Token, "Bearer " + BadInputBot.WebhookSecret, "%20" + BadInputBot.WebhookSecret,
        ];
        foreach (var secret in secrets)
        {
            foreach (var (kind, body) in new[] { ("setup", Update(Message(group, "supergroup", Admin, "/setup 09:00 Asia/Phnom_Penh"))), ("garbage", "{\"update_id\":") })
            {
                var status = await PostAsync(body, secret);
                tally.Count("wrong-secret", $"{(int)status}");
                if (status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
                {
                    tally.Problem($"secret '{Short(secret)}' with {kind}", $"answered {(int)status}");
                }
            }
        }

        // The secret in another header, or in the query string, is no secret at all.
        using (var request = new HttpRequestMessage(HttpMethod.Post, _bot.Url + "/telegram/webhook?secret_token=" + BadInputBot.WebhookSecret))
        {
            request.Content = new StringContent(Update(Message(group, "supergroup", Admin, "/setup 09:00 Asia/Phnom_Penh")), Encoding.UTF8, "application/json");
            request.Headers.Add("X-Telegram-Bot-Api-Secret", BadInputBot.WebhookSecret);
            using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
            tally.Count("wrong-secret", $"{(int)response.StatusCode}");
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            {
                tally.Problem("secret in the query string and a wrong header", $"answered {(int)response.StatusCode}");
            }
        }

        await _bot.TelegramSettledAsync();
        tally.Print();
        tally.Problems.ShouldBeEmpty(tally.Report());
        _bot.Telegram.SentTo(group).ShouldBeEmpty();
        _bot.SubscriptionSnapshot().ShouldBe(before);

        // The same update with the secret is accepted: the refusals above were the secret's doing.
        (await PostAsync(Update(Message(group, "supergroup", Admin, "/setup 09:00 Asia/Phnom_Penh")), BadInputBot.WebhookSecret)).ShouldBe(HttpStatusCode.OK);
        await _bot.TelegramSettledAsync();
        _bot.SubscriptionSnapshot().ShouldNotBe(before);
    }

    [Fact]
    public async Task Hostile_updates_from_members_change_nothing_and_get_well_formed_replies()
    {
        var tally = await RunBatchAsync("Telegram, members", HostileInputs.Generate(UpdatesPerBatch, HostileInputs.Seed + 1), admin: false);

        tally.Problems.ShouldBeEmpty(tally.Report());
    }

    [Fact]
    public async Task Hostile_updates_from_administrators_crash_nothing_and_get_well_formed_replies()
    {
        var tally = await RunBatchAsync("Telegram, administrators", HostileInputs.Generate(UpdatesPerBatch, HostileInputs.Seed + 2), admin: true);

        tally.Problems.ShouldBeEmpty(tally.Report());
    }

    [Fact]
    public async Task Updates_with_wrong_types_or_missing_fields_are_answered_400_or_handled_and_change_nothing()
    {
        const long group = -1007200000001;
        _bot.Telegram.SetMember(group, Admin, "administrator");
        var tally = new SuiteTally("Telegram, malformed updates");
        var before = _bot.SubscriptionSnapshot();
        var setup = Message(group, "supergroup", Member, "/setup 09:00 Asia/Phnom_Penh");
        string[] bodies =
        [
            "", "null", "[]", "42", "\"text\"", "{", "{}", "{\"update_id\":0}", "{\"update_id\":-5,\"message\":" + setup.ToJsonString() + "}",
            "{\"update_id\":\"abc\"}", "{\"update_id\":1e400}", "{\"update_id\":99999999999999999999}",
            Raw(new JsonObject { ["message"] = "not an object" }),
            Raw(new JsonObject { ["message"] = new JsonArray(1, 2, 3) }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["text"] = "/setup" } }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = "x", ["date"] = 0, ["chat"] = FakeBotApi.Chat(group, "supergroup"), ["text"] = "/setup" } }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = "yesterday", ["chat"] = FakeBotApi.Chat(group, "supergroup"), ["text"] = "/setup" } }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["chat"] = new JsonObject { ["id"] = "NaN", ["type"] = "supergroup" }, ["text"] = "/setup" } }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["chat"] = new JsonObject { ["id"] = group, ["type"] = "planet" }, ["from"] = FakeBotApi.User(Member), ["text"] = "/setup" } }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["chat"] = FakeBotApi.Chat(group, "supergroup"), ["from"] = FakeBotApi.User(Member), ["text"] = 12345 } }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["chat"] = FakeBotApi.Chat(group, "supergroup"), ["from"] = FakeBotApi.User(Member), ["text"] = null } }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["chat"] = FakeBotApi.Chat(group, "supergroup"), ["from"] = "someone", ["text"] = "/setup" } }),
            Raw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 0, ["chat"] = FakeBotApi.Chat(group, "supergroup"), ["from"] = new JsonObject { ["id"] = Member }, ["text"] = "/setup" } }),
            Raw(WithEntities(setup, new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 500, ["length"] = -3 }))),
            Raw(WithEntities(setup, new JsonArray([.. Enumerable.Range(0, 5000).Select(i => (JsonNode)new JsonObject { ["type"] = "mention", ["offset"] = i, ["length"] = 1 })]))),
            Raw(WithEntities(setup, new JsonArray(new JsonObject { ["type"] = "no_such_entity", ["offset"] = 0, ["length"] = 6 }))),
            // Sent as another chat: not the group itself (which would be its anonymous administrator).
            Raw(new JsonObject { ["message"] = Message(group, "supergroup", Member, "/setup@" + FakeBotApi.BotUsername + " 09:00", senderChatId: -1009000000077) }),
            Raw(new JsonObject { ["callback_query"] = new JsonObject { ["id"] = "cb", ["from"] = FakeBotApi.User(Member), ["chat_instance"] = "ci", ["data"] = "/setup 09:00 Asia/Phnom_Penh" } }),
            Raw(new JsonObject { ["callback_query"] = new JsonObject { ["id"] = "cb", ["from"] = FakeBotApi.User(Member), ["chat_instance"] = "ci", ["message"] = Message(group, "supergroup", FakeBotApi.BotUserId, "Choose:"), ["data"] = null } }),
            Raw(new JsonObject { ["callback_query"] = new JsonObject { ["id"] = "cb", ["from"] = FakeBotApi.User(Member), ["chat_instance"] = "ci", ["message"] = Message(group, "supergroup", FakeBotApi.BotUserId, "Choose:"), ["data"] = "/setup 09:00 Asia/Phnom_Penh" } }),
            Raw(new JsonObject { ["callback_query"] = new JsonObject { ["id"] = "cb", ["from"] = FakeBotApi.User(Member), ["chat_instance"] = "ci", ["message"] = Message(group, "supergroup", FakeBotApi.BotUserId, "Choose:"), ["data"] = "#no-such-button" } }),
            Raw(new JsonObject { ["callback_query"] = new JsonObject { ["id"] = 5, ["from"] = FakeBotApi.User(Member), ["chat_instance"] = "ci", ["data"] = "x" } }),
            Raw(new JsonObject { ["my_chat_member"] = new JsonObject { ["chat"] = FakeBotApi.Chat(group, "supergroup"), ["from"] = FakeBotApi.User(Member), ["date"] = 0 } }),
            Raw(new JsonObject { ["my_chat_member"] = new JsonObject { ["chat"] = FakeBotApi.Chat(group, "supergroup"), ["from"] = FakeBotApi.User(Member), ["date"] = 0, ["old_chat_member"] = new JsonObject { ["status"] = "wizard" }, ["new_chat_member"] = new JsonObject { ["status"] = "member" } } }),
            Raw(new JsonObject { ["edited_message"] = Message(group, "supergroup", Member, "/setup 09:00") }),
            Raw(new JsonObject { ["no_such_update_kind"] = new JsonObject { ["x"] = 1 } }),
            Raw(new JsonObject { ["message"] = Message(group, "supergroup", Member, "/setup 09:00"), ["channel_post"] = Message(group, "channel", null, "/setup 09:00") }),
            "{\"update_id\":" + (_nextUpdateId + 100_000).ToString(CultureInfo.InvariantCulture) + ",\"message\":" + setup.ToJsonString() + ",\"message\":{}}",
            Encoding.Latin1.GetString([0xff, 0xfe, 0x00, 0x7b]),
        ];
        foreach (var (body, index) in bodies.Select((b, i) => (b, i)))
        {
            var status = await PostAsync(body, BadInputBot.WebhookSecret);
            tally.Count("malformed-update", $"{(int)status}");
            if (status is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
            {
                tally.Problem($"body {index} ({Short(body)})", $"answered {(int)status}");
            }
        }

        await _bot.TelegramSettledAsync();
        tally.Problem("host log", _bot.Failures().Select(l => l.ToString()));
        CheckReplies(tally, "malformed");
        tally.Print();
        tally.Problems.ShouldBeEmpty(tally.Report());
        _bot.SubscriptionSnapshot().ShouldBe(before);
    }

    /// <summary>One update per case: a command with the hostile text in a group of its own (members there are not
    /// administrators unless <paramref name="admin"/>), a plain question in a private chat (administrators' batch
    /// only: a private chat's user moderates it), or a button press carrying the text.</summary>
    private async Task<SuiteTally> RunBatchAsync(string edge, IReadOnlyList<HostileInput> cases, bool admin)
    {
        var tally = new SuiteTally(edge);
        string[] names = ["ask", "today", "next", "fact", "help", "sources", "setup", "time", "timezone", "pause", "resume", "role", "template", "occasions", "preview", "test", "settings", "unsubscribe", "start"];
        var before = _bot.SubscriptionSnapshot();
        var chats = new Dictionary<long, HostileInput>();
        for (var i = 0; i < cases.Count; i++)
        {
            var input = cases[i];
            var group = (admin ? -1007400000000L : -1007300000000L) - i;
            var user = admin ? Admin : Member;
            if (admin)
            {
                _bot.Telegram.SetMember(group, user, "administrator");
            }

            JsonObject update;
            long chat;
            switch (i % 4)
            {
                case 3 when admin:
                    chat = 7_500_000 + i;
                    update = new JsonObject { ["message"] = Message(chat, "private", chat, input.Text) };
                    break;
                case 2:
                    chat = group;
                    var pressed = Message(group, "supergroup", FakeBotApi.BotUserId, "Choose:");
                    update = new JsonObject
                    {
                        ["callback_query"] = new JsonObject
                        {
                            ["id"] = "cb" + i.ToString(CultureInfo.InvariantCulture),
                            ["from"] = FakeBotApi.User(user),
                            ["message"] = pressed,
                            ["chat_instance"] = "ci",
                            ["data"] = input.Text.Length > 64 ? input.Text[..64] : input.Text,
                        },
                    };
                    break;
                default:
                    chat = group;
                    var line = input.Category switch
                    {
                        "unknown-command" or "missing-argument" => "/" + input.Text + (i % 2 == 0 ? "@" + FakeBotApi.BotUsername : ""),
                        "invalid-time" => "/time " + input.Text,
                        "invalid-zone" => "/timezone " + input.Text,
                        _ => "/" + names[i / HostileInputs.Categories.Count % names.Length] + " " + input.Text,
                    };
                    update = new JsonObject { ["message"] = Message(group, "supergroup", user, line) };
                    break;
            }

            chats[chat] = input;
            var status = await PostAsync(Raw(update), BadInputBot.WebhookSecret);
            if (status != HttpStatusCode.OK)
            {
                tally.Problem($"case {i} ({input})", $"webhook answered {(int)status}");
            }
        }

        await _bot.TelegramSettledAsync();
        foreach (var (chat, input) in chats)
        {
            var answers = _bot.Telegram.Requests.Count(r => r.ChatId == chat && r.Method is "sendMessage" or "editMessageText");
            tally.Count(input.Category, answers > 0 ? "replied" : "silent or alert");
        }

        tally.Problem("host log", _bot.Failures().Select(l => l.ToString()));
        CheckReplies(tally, edge);
        if (!admin && _bot.SubscriptionSnapshot() != before)
        {
            tally.Problem(edge, "members changed the subscription store");
        }

        tally.Print();
        return tally;
    }

    /// <summary>Every message the bot sent or edited is Telegram HTML that Telegram accepts; every button alert fits.</summary>
    private void CheckReplies(SuiteTally tally, string edge)
    {
        foreach (var request in _bot.Telegram.Requests)
        {
            if (request.Method is "sendMessage" or "editMessageText")
            {
                if (request.ParseMode != "HTML")
                {
                    tally.Problem($"{edge}: {request.Method} to {request.ChatId}", $"parse_mode {request.ParseMode ?? "none"}");
                }

                tally.Problem($"{edge}: {request.Method} to {request.ChatId}", WellFormed.TelegramHtml(request.Text));
            }
            else if (request.Method == "answerCallbackQuery" && request.Body["text"]?.GetValue<string>() is { Length: > 200 } alert)
            {
                tally.Problem($"{edge}: answerCallbackQuery", $"alert of {alert.Length} characters, above 200");
            }
        }
    }

    private async Task<HttpStatusCode> PostAsync(string body, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _bot.Url + "/telegram/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private JsonObject Message(long chatId, string chatType, long? from, string text, long? senderChatId = null) =>
        _bot.Telegram.NewMessage(chatId, chatType, from, text, senderChatId);

    /// <summary>A whole update, given its next id.</summary>
    private string Raw(JsonObject content)
    {
        content["update_id"] = _nextUpdateId++;
        return content.ToJsonString();
    }

    /// <summary>An update carrying one message.</summary>
    private string Update(JsonObject message) => Raw(new JsonObject { ["message"] = message });

    private static JsonObject WithEntities(JsonObject message, JsonArray entities)
    {
        var copy = (JsonObject)message.DeepClone();
        copy["entities"] = entities;
        return new JsonObject { ["message"] = copy };
    }

    private static string Short(string? text) => text is null ? "(none)" : text.Length > 40 ? text[..40] + "…" : text;
}
