using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Testing.Limits;

/// <summary>Counts requests in a sliding window, as a platform's limiter does on its side.</summary>
public sealed class SlidingWindow(int limit, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _times = new();

    /// <summary>Records a request at <paramref name="at"/>; false when it is one too many for the window.</summary>
    public bool TryAdd(DateTimeOffset at)
    {
        while (_times.Count > 0 && at - _times.Peek() >= window)
        {
            _times.Dequeue();
        }

        if (_times.Count >= limit)
        {
            return false;
        }

        _times.Enqueue(at);
        return true;
    }
}

/// <summary>A loopback web server for a fake platform that emulates the platform's own rate limits, for measuring
/// fan-out: answers as soon as the request is read and counts what it refused. (The scripted fakes under Discord/
/// and Telegram/ record and fail requests on demand instead.)</summary>
public abstract class LimitedServer : IAsyncDisposable
{
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public int Accepted => _accepted;

    /// <summary>Requests refused because they broke the emulated limit (the bot should cause none).</summary>
    public int Breaches => _breaches;

    public DateTimeOffset? FirstAt { get; private set; }

    public DateTimeOffset? LastAt { get; private set; }

    private int _accepted;
    private int _breaches;

    protected Lock Gate { get; } = new();

    protected abstract void Map(WebApplication app);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    protected void CountAccepted(DateTimeOffset at)
    {
        Interlocked.Increment(ref _accepted);
        lock (Gate)
        {
            FirstAt ??= at;
            LastAt = at;
        }
    }

    protected void CountBreach() => Interlocked.Increment(ref _breaches);

    protected static async Task WriteJsonAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Discord's Create Message under a global limit of <paramref name="perSecond"/> requests per second and
/// Discord's per-channel bucket (5 per 5 s), with the rate-limit headers Discord sends. A request past either
/// limit is answered 429 and counted as a breach.</summary>
public sealed class LimitedDiscordRest(int perSecond) : LimitedServer
{
    private readonly SlidingWindow _global = new(perSecond, TimeSpan.FromSeconds(1));
    private readonly ConcurrentDictionary<string, SlidingWindow> _channels = new();
    private long _ids = 1_300_000_000_000_000_000;

    public string ApiBase => BaseUrl + "/api/v10";

    protected override void Map(WebApplication app) => app.MapPost("/api/v10/channels/{channel}/messages", CreateMessageAsync);

    private async Task CreateMessageAsync(HttpContext http, string channel)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) ?? new JsonObject();
        var now = DateTimeOffset.UtcNow;
        bool globalOk;
        bool channelOk;
        lock (Gate)
        {
            globalOk = _global.TryAdd(now);
            channelOk = globalOk && _channels.GetOrAdd(channel, _ => new SlidingWindow(5, TimeSpan.FromSeconds(5))).TryAdd(now);
        }

        if (!globalOk || !channelOk)
        {
            CountBreach();
            http.Response.Headers["Retry-After"] = "1";
            if (!globalOk)
            {
                http.Response.Headers["X-RateLimit-Global"] = "true";
                http.Response.Headers["X-RateLimit-Scope"] = "global";
            }

            await WriteJsonAsync(http, 429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = 1.0, ["global"] = !globalOk });
            return;
        }

        CountAccepted(now);
        http.Response.Headers["X-RateLimit-Limit"] = "5";
        http.Response.Headers["X-RateLimit-Remaining"] = "4";
        http.Response.Headers["X-RateLimit-Reset-After"] = "5";
        http.Response.Headers["X-RateLimit-Bucket"] = "create-message";
        await WriteJsonAsync(http, 200, new JsonObject
        {
            ["id"] = Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture),
            ["channel_id"] = channel,
            ["content"] = body["content"]?.DeepClone(),
            ["nonce"] = body["nonce"]?.DeepClone(),
        });
    }
}

/// <summary>Telegram's sendMessage under Telegram's published limits: about 30 messages per second overall, one per
/// second in a chat, 20 per minute in a group (negative chat id). A message past a limit is answered 429 with
/// retry_after and counted as a breach.</summary>
public sealed class LimitedBotApi : LimitedServer
{
    // (no "bot" inside: the route's "bot{token}" segment would match at the wrong place)
    public const string Token = "123456789:benchmarkTokenForAFakeApi";

    private readonly SlidingWindow _global = new(30, TimeSpan.FromSeconds(1));
    private readonly Dictionary<long, SlidingWindow> _perChat = [];
    private readonly Dictionary<long, SlidingWindow> _perGroup = [];
    private int _messageIds;

    protected override void Map(WebApplication app) => app.Map("/bot{token}/{method}", HandleAsync);

    private async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.RouteValues["method"] as string;
        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
        if (!string.Equals(method, "sendMessage", StringComparison.OrdinalIgnoreCase))
        {
            await WriteJsonAsync(http, 400, new JsonObject { ["ok"] = false, ["error_code"] = 400, ["description"] = $"Bad Request: {method} is not faked" });
            return;
        }

        var chatId = body["chat_id"]!.GetValueKind() == JsonValueKind.String
            ? long.Parse(body["chat_id"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            : body["chat_id"]!.GetValue<long>();
        var now = DateTimeOffset.UtcNow;
        bool ok;
        lock (Gate)
        {
            ok = _global.TryAdd(now)
                && Window(_perChat, chatId, 1, TimeSpan.FromSeconds(1)).TryAdd(now)
                && (chatId > 0 || Window(_perGroup, chatId, 20, TimeSpan.FromMinutes(1)).TryAdd(now));
        }

        if (!ok)
        {
            CountBreach();
            await WriteJsonAsync(http, 429, new JsonObject
            {
                ["ok"] = false,
                ["error_code"] = 429,
                ["description"] = "Too Many Requests: retry after 1",
                ["parameters"] = new JsonObject { ["retry_after"] = 1 },
            });
            return;
        }

        CountAccepted(now);
        await WriteJsonAsync(http, 200, new JsonObject
        {
            ["ok"] = true,
            ["result"] = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref _messageIds),
                ["date"] = now.ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup", ["title"] = chatId > 0 ? null : "group" },
                ["text"] = body["text"]?.DeepClone(),
            },
        });
    }

    private static SlidingWindow Window(Dictionary<long, SlidingWindow> windows, long chatId, int limit, TimeSpan span)
    {
        if (!windows.TryGetValue(chatId, out var window))
        {
            window = new SlidingWindow(limit, span);
            windows[chatId] = window;
        }

        return window;
    }
}
