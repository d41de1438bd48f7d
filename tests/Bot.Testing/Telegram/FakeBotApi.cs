using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Testing.Telegram;

/// <summary>One request the fake Bot API received.</summary>
public sealed record RecordedRequest(string Method, string Token, JsonObject Body, DateTimeOffset At)
{
    /// <summary>The fake answered it successfully (a sendMessage that was accepted).</summary>
    public bool Succeeded { get; set; }

    public long ChatId => Body["chat_id"] is { } id ? ReadLong(id) : 0;

    public string Text => Body["text"]?.GetValue<string>() ?? "";

    public string? ParseMode => Body["parse_mode"]?.GetValue<string>();

    public int? ReplyTo => Body["reply_parameters"]?["message_id"]?.GetValue<int>();

    internal static long ReadLong(JsonNode node) => node.GetValueKind() == JsonValueKind.String
        ? long.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture)
        : node.GetValue<long>();
}

/// <summary>A scripted failure for the next matching request.</summary>
public sealed record Fault
{
    public int Status { get; init; }
    public string Description { get; init; } = "";
    public int? RetryAfter { get; init; }
    public long? MigrateTo { get; init; }
    /// <summary>Drop the connection without an answer (after <see cref="Delay"/>, when both are set).</summary>
    public bool Drop { get; init; }
    public TimeSpan? Delay { get; init; }

    /// <summary>Accept the request first (a sendMessage counts as sent) and fail only its answer: the message is in the
    /// chat, the client cannot know it.</summary>
    public bool AfterAccepting { get; init; }

    public static Fault TooManyRequests(int retryAfter) => new() { Status = 429, Description = $"Too Many Requests: retry after {retryAfter}", RetryAfter = retryAfter };
    public static Fault ServerError() => new() { Status = 500, Description = "Internal Server Error" };
    public static Fault BadGateway() => new() { Status = 502, Description = "Bad Gateway" };
    public static Fault DroppedConnection() => new() { Drop = true };
    public static Fault Migrated(long newChatId) => new() { Status = 400, Description = "Bad Request: group chat was upgraded to a supergroup chat", MigrateTo = newChatId };
    public static Fault Kicked() => new() { Status = 403, Description = "Forbidden: bot was kicked from the supergroup chat" };
    public static Fault Blocked() => new() { Status = 403, Description = "Forbidden: bot was blocked by the user" };
    public static Fault ChatNotFound() => new() { Status = 400, Description = "Bad Request: chat not found" };
    public static Fault Slow(TimeSpan delay) => new() { Delay = delay };
    public static Fault AcceptedThenDropped() => new() { Drop = true, AfterAccepting = true };
    public static Fault AcceptedThenServerError() => ServerError() with { AfterAccepting = true };
}

/// <summary>A fake Telegram Bot API on 127.0.0.1 (random port) for the real Telegram.Bot client: getMe, getUpdates
/// (long polling with confirmation by offset, like Telegram), sendMessage, editMessageText, getChatMember, getChat,
/// setMyCommands, answerCallbackQuery, deleteWebhook, setWebhook. Every request is recorded; failures are scripted.</summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const string Token = "4242424242:TEST-fake_SECRET_token-0123456789abcdefXYZ";
    public const long BotUserId = 4242424242;
    public const string BotUsername = "AnniversaryTestBot";

    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<JsonObject> _updates = [];
    private readonly List<(string Method, long? ChatId, Fault Fault)> _faults = [];
    private readonly Dictionary<(long Chat, long User), JsonObject> _members = [];
    private readonly Dictionary<long, JsonObject> _chats = [];
    private readonly WebApplication _app;
    private readonly Signal _changed = new();
    private TaskCompletionSource _updatesArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextUpdateId = 1;
    private int _nextMessageId = 5000;

    private FakeBotApi(WebApplication app)
    {
        _app = app;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The clock requests are stamped with (tests with a fake clock set it).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Methods this server does not have (answered 404, like a minimal Bot API implementation).</summary>
    public HashSet<string> Unsupported { get; } = [];

    /// <summary>Random failures of sendMessage (none by default). Every injected failure comes before the message is
    /// accepted, except <see cref="InjectedFault.LostAnswer"/>: the message is posted and its answer lost.</summary>
    public FaultInjection? Injection { get; set; }

    /// <summary>How long sendMessage takes to answer after accepting the message (none by default). Tests that kill
    /// the bot mid-send use it so that sends are in flight at the kill.</summary>
    public TimeSpan SendLatency { get; set; }

    /// <summary>The highest offset a getUpdates confirmed (updates below it are gone, as on Telegram).</summary>
    public int ConfirmedOffset { get; private set; }

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.Map("/bot{token}/{method}", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return fake;
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Calls(string method) => [.. Requests.Where(r => r.Method == method)];

    private int _sending;

    /// <summary>sendMessage requests received and not yet answered.</summary>
    public int Sending => Volatile.Read(ref _sending);

    /// <summary>sendMessage requests received in the second before <paramref name="now"/> (on <see cref="Clock"/>):
    /// when it reaches the global limit, a bot that keeps the limit has to wait for the clock.</summary>
    public int SendsInTheSecondBefore(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _requests.Count(r => r.Method == "sendMessage" && r.At > now - TimeSpan.FromSeconds(1) && r.At <= now);
        }
    }

    /// <summary>Messages the fake accepted, in order.</summary>
    public IReadOnlyList<RecordedRequest> Sent => [.. Requests.Where(r => r.Method == "sendMessage" && r.Succeeded)];

    public IReadOnlyList<RecordedRequest> SentTo(long chatId) => [.. Sent.Where(r => r.ChatId == chatId)];

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> (for <paramref name="chatId"/>
    /// when given) fail with <paramref name="fault"/>.</summary>
    public void Script(string method, Fault fault, long? chatId = null, int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _faults.Add((method, chatId, fault));
            }
        }
    }

    /// <summary>getChatMember for (chat, user) answers <paramref name="status"/> ("creator", "administrator", "member", "left", "kicked").</summary>
    public void SetMember(long chatId, long userId, string status, bool canPostMessages = false)
    {
        var member = new JsonObject
        {
            ["status"] = status,
            ["user"] = User(userId, userId == BotUserId),
        };
        if (status == "administrator")
        {
            member["can_be_edited"] = false;
            member["is_anonymous"] = false;
            member["can_manage_chat"] = true;
            member["can_delete_messages"] = true;
            member["can_manage_video_chats"] = false;
            member["can_restrict_members"] = true;
            member["can_promote_members"] = false;
            member["can_change_info"] = true;
            member["can_invite_users"] = true;
            member["can_post_stories"] = false;
            member["can_edit_stories"] = false;
            member["can_delete_stories"] = false;
            member["can_post_messages"] = canPostMessages;
        }

        if (status == "creator")
        {
            member["is_anonymous"] = false;
        }

        lock (_gate)
        {
            _members[(chatId, userId)] = member;
        }
    }

    public void SetChat(long chatId, string type, string? title = null)
    {
        lock (_gate)
        {
            _chats[chatId] = Chat(chatId, type, title);
        }
    }

    public static JsonObject User(long id, bool isBot = false, string? firstName = null) => new()
    {
        ["id"] = id,
        ["is_bot"] = isBot,
        ["first_name"] = firstName ?? (isBot ? "Anniversary Bot" : $"User{id}"),
        ["username"] = isBot ? BotUsername : $"user{id}",
    };

    public static JsonObject Chat(long id, string type, string? title = null)
    {
        var chat = new JsonObject { ["id"] = id, ["type"] = type };
        if (type == "private")
        {
            chat["first_name"] = $"User{id}";
        }
        else
        {
            chat["title"] = title ?? $"Chat {id}";
        }

        return chat;
    }

    /// <summary>Queues an update (without update_id) and returns its id.</summary>
    public int PushUpdate(JsonObject update)
    {
        lock (_gate)
        {
            var id = _nextUpdateId++;
            update["update_id"] = id;
            _updates.Add(update);
            _updatesArrived.TrySetResult();
            return id;
        }
    }

    /// <summary>Queues a text message from a user (or, with <paramref name="senderChatId"/>, on behalf of a chat).</summary>
    public int PushMessage(long chatId, string chatType, long? fromUserId, string text, long? senderChatId = null,
        string? senderChatType = null, JsonObject? replyTo = null, int? messageId = null)
    {
        var message = NewMessage(chatId, chatType, fromUserId, text, senderChatId, senderChatType, messageId);
        if (replyTo is not null)
        {
            message["reply_to_message"] = replyTo;
        }

        return PushUpdate(new JsonObject { [chatType == "channel" ? "channel_post" : "message"] = message });
    }

    public JsonObject NewMessage(long chatId, string chatType, long? fromUserId, string text, long? senderChatId = null, string? senderChatType = null, int? messageId = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId ?? Interlocked.Increment(ref _nextMessageId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = Chat(chatId, chatType),
            ["text"] = text,
        };
        if (fromUserId is { } from)
        {
            message["from"] = User(from, from == BotUserId);
        }

        if (senderChatId is { } sender)
        {
            message["sender_chat"] = Chat(sender, senderChatType ?? chatType);
        }

        if (text.StartsWith('/'))
        {
            var length = text.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
        }

        return message;
    }

    public int PushCallback(long chatId, string chatType, long fromUserId, string data, int messageId)
    {
        var message = NewMessage(chatId, chatType, BotUserId, "Choose:", messageId: messageId);
        return PushUpdate(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = "cb" + Guid.NewGuid().ToString("N"),
                ["from"] = User(fromUserId),
                ["message"] = message,
                ["chat_instance"] = "ci",
                ["data"] = data,
            },
        });
    }

    public int PushMyChatMember(long chatId, string chatType, string oldStatus, string newStatus, long byUserId = 7)
    {
        return PushUpdate(new JsonObject
        {
            ["my_chat_member"] = new JsonObject
            {
                ["chat"] = Chat(chatId, chatType),
                ["from"] = User(byUserId),
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["old_chat_member"] = new JsonObject { ["status"] = oldStatus, ["user"] = User(BotUserId, true) },
                ["new_chat_member"] = new JsonObject { ["status"] = newStatus, ["user"] = User(BotUserId, true) },
            },
        });
    }

    /// <summary>Completes when <paramref name="condition"/> over the recorded requests holds (re-checked on every change).</summary>
    public Task WhenAsync(Func<bool> condition, string what) => _changed.WhenAsync(condition, what);

    /// <inheritdoc cref="Signal.WhenAsync(Func{bool}, string, TimeSpan)"/>
    public Task WhenAsync(Func<bool> condition, string what, TimeSpan patience) => _changed.WhenAsync(condition, what, patience);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var sending = (string?)http.Request.RouteValues["method"] == "sendMessage";
        if (sending)
        {
            Interlocked.Increment(ref _sending);
        }

        try
        {
            await AnswerAsync(http);
        }
        finally
        {
            if (sending)
            {
                Interlocked.Decrement(ref _sending);
                _changed.Pulse();
            }
        }
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var token = (string)http.Request.RouteValues["token"]!;
        var method = (string)http.Request.RouteValues["method"]!;
        var body = await ReadBodyAsync(http.Request);
        var request = new RecordedRequest(method, token, body, Clock());
        Fault? fault;
        lock (_gate)
        {
            _requests.Add(request);
            fault = TakeFault(method, request.ChatId);
        }

        _changed.Pulse();

        if (token != Token)
        {
            await WriteAsync(http, 401, Error(401, "Unauthorized"));
            return;
        }

        bool unsupported;
        lock (_gate)
        {
            unsupported = Unsupported.Contains(method);
        }

        if (unsupported)
        {
            await WriteAsync(http, 404, Error(404, "Not Found"));
            return;
        }

        if (fault is null && method == "sendMessage" && Injection?.Next() is { } injected)
        {
            fault = injected switch
            {
                InjectedFault.TooManyRequests => Fault.TooManyRequests((int)Math.Ceiling(Injection.RetryAfter.TotalSeconds)),
                InjectedFault.ServerError => Fault.ServerError(),
                InjectedFault.Timeout => Fault.Slow(Injection.Hang) with { Drop = true },
                InjectedFault.LostAnswer => Fault.AcceptedThenDropped(),
                _ => Fault.DroppedConnection(),
            };
        }

        if (fault is { AfterAccepting: false })
        {
            if (fault.Delay is { } delay)
            {
                try
                {
                    await Task.Delay(delay, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                // A slow request that also drops never answers at all: the client's timeout is what ends it.
                if (fault.Drop)
                {
                    http.Abort();
                    return;
                }
            }
            else if (fault.Drop)
            {
                http.Abort();
                return;
            }
            else
            {
                var error = Error(fault.Status, fault.Description);
                if (fault.RetryAfter is not null || fault.MigrateTo is not null)
                {
                    var parameters = new JsonObject();
                    if (fault.RetryAfter is { } after)
                    {
                        parameters["retry_after"] = after;
                    }

                    if (fault.MigrateTo is { } to)
                    {
                        parameters["migrate_to_chat_id"] = to;
                    }

                    error["parameters"] = parameters;
                }

                await WriteAsync(http, fault.Status, error);
                return;
            }
        }

        JsonNode result;
        switch (method)
        {
            case "getMe":
                result = User(BotUserId, true);
                break;
            case "getUpdates":
                result = await GetUpdatesAsync(body, http.RequestAborted);
                break;
            case "sendMessage":
            case "editMessageText":
                result = NewMessageResult(request.ChatId, body);
                break;
            case "getChatMember":
                result = Member(request.ChatId, RecordedRequest.ReadLong(body["user_id"]!));
                break;
            case "getChat":
                lock (_gate)
                {
                    result = (_chats.TryGetValue(request.ChatId, out var chat) ? chat : Chat(request.ChatId, request.ChatId > 0 ? "private" : "supergroup")).DeepClone();
                }

                result["accent_color_id"] = 0;
                result["max_reaction_count"] = 11;
                result["accepted_gift_types"] = new JsonObject { ["unlimited_gifts"] = false, ["limited_gifts"] = false, ["unique_gifts"] = false, ["premium_subscription"] = false };
                break;
            default:
                result = true;
                break;
        }

        request.Succeeded = true;
        if (fault is { AfterAccepting: true })
        {
            _changed.Pulse();
            if (fault.Drop)
            {
                http.Abort();
            }
            else
            {
                await WriteAsync(http, fault.Status, Error(fault.Status, fault.Description));
            }

            return;
        }

        if (method == "sendMessage" && SendLatency > TimeSpan.Zero)
        {
            await Task.Delay(SendLatency, http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await WriteAsync(http, 200, new JsonObject { ["ok"] = true, ["result"] = result });
        _changed.Pulse();
    }

    private Fault? TakeFault(string method, long chatId)
    {
        var index = _faults.FindIndex(f => f.Method == method && (f.ChatId is null || f.ChatId == chatId));
        if (index < 0)
        {
            return null;
        }

        var fault = _faults[index].Fault;
        _faults.RemoveAt(index);
        return fault;
    }

    private JsonObject NewMessageResult(long chatId, JsonObject body)
    {
        var message = new JsonObject
        {
            ["message_id"] = body["message_id"]?.GetValue<int>() ?? Interlocked.Increment(ref _nextMessageId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = Chat(chatId, chatId > 0 ? "private" : "supergroup"),
            ["from"] = User(BotUserId, true),
            ["text"] = body["text"]?.GetValue<string>() ?? "",
        };
        return message;
    }

    private JsonObject Member(long chatId, long userId)
    {
        lock (_gate)
        {
            if (_members.TryGetValue((chatId, userId), out var member))
            {
                return (JsonObject)member.DeepClone();
            }
        }

        return new JsonObject { ["status"] = "member", ["user"] = User(userId, userId == BotUserId) };
    }

    private async Task<JsonNode> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<int>();
        var limit = body["limit"]?.GetValue<int>() ?? 100;
        var timeout = TimeSpan.FromSeconds(body["timeout"]?.GetValue<int>() ?? 0);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task arrived;
            var confirmedMore = false;
            JsonArray? batch = null;
            lock (_gate)
            {
                if (offset is { } confirmed && confirmed > ConfirmedOffset)
                {
                    ConfirmedOffset = confirmed;
                    confirmedMore = true;
                    _updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < confirmed);
                }

                if (_updates.Count > 0)
                {
                    batch = new JsonArray([.. _updates.Take(limit).Select(u => u.DeepClone())]);
                }

                _updatesArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                arrived = _updatesArrived.Task;
            }

            if (confirmedMore)
            {
                _changed.Pulse();
            }

            if (batch is not null)
            {
                return batch;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return new JsonArray();
            }

            try
            {
                await arrived.WaitAsync(left, aborted);
            }
            catch (TimeoutException)
            {
                return new JsonArray();
            }
        }
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static JsonObject Error(int code, string description) => new()
    {
        ["ok"] = false,
        ["error_code"] = code,
        ["description"] = description,
    };

    private static async Task WriteAsync(HttpContext http, int status, JsonObject payload)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(payload.ToJsonString());
    }
}
