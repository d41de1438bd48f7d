using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Testing.Discord;

public sealed record RecordedRequest(string Method, string Path, string Body, string? Authorization, DateTimeOffset At)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

public sealed record StoredMessage(string Id, string ChannelId, string? Nonce, JsonNode Body);

/// <summary>A fake Discord on 127.0.0.1: REST endpoints that record every request, answer with rate-limit headers,
/// refuse with 429 past a bucket's limit (counted as a violation), de-duplicate nonces with enforce_nonce, and a
/// WebSocket gateway that sends HELLO, READY, dispatches, replays on RESUME, and can drop connections, withhold
/// ACKs, send RECONNECT or INVALID_SESSION, or close with a code.</summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string BotUserId = "900000000000000001";
    public const string ApplicationId = "800000000000000001";
    public const string GuildId = "700000000000000001";
    public const string OwnerId = "700000000000000099";

    private readonly WebApplication _app;
    private readonly Signal _changed = new();
    private readonly Lock _lock = new();
    private readonly List<(long Seq, string Type, JsonNode Data)> _events = [];
    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Count)> _buckets = new();
    private readonly Dictionary<(string Channel, string Nonce), StoredMessage> _byNonce = [];
    private long _seq;
    private int _messageIds = 1000;
    private int _sessionCounter;
    private GatewaySession? _current;

    private FakeDiscord(WebApplication app)
    {
        _app = app;
    }

    public string BaseUrl { get; private set; } = "";

    public string ApiBase => BaseUrl + "/api/v10";

    public string GatewayUrl => BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentQueue<StoredMessage> Messages { get; } = new();

    public ConcurrentQueue<GatewaySession> Sessions { get; } = new();

    /// <summary>The clock requests are stamped with and channel buckets run on (tests with a fake clock set it).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Requests answered 429 because a bucket was exhausted (the client should never cause one).</summary>
    private int _bucketViolations;

    public int BucketViolations => _bucketViolations;

    /// <summary>Per-channel message bucket: this many per second.</summary>
    public int ChannelBucketLimit { get; set; } = 5;

    public bool AutoAck { get; set; } = true;

    public int HeartbeatInterval { get; set; } = 45000;

    /// <summary>Channel id → how many more Create Message requests get a scripted 429 (retry_after seconds).</summary>
    public ConcurrentDictionary<string, int> Forced429 { get; } = new();

    public double Forced429RetryAfter { get; set; } = 0.3;

    /// <summary>Channel id → store the message, then answer 500 (a crash after Discord accepted it).</summary>
    public ConcurrentDictionary<string, int> AcceptThen500 { get; } = new();

    /// <summary>Random failures of Create Message (none by default). A 429 refuses the message; a 500, a timeout or a
    /// connection reset come after the message was stored, the case only the nonce keeps from posting twice.</summary>
    public FaultInjection? Injection { get; set; }

    /// <summary>How long Create Message takes to answer after storing the message (network and server time; none by
    /// default). Tests that kill the bot mid-send use it so that sends are in flight at the kill.</summary>
    public TimeSpan SendLatency { get; set; }

    public HashSet<string> ForbiddenChannels { get; } = [];

    public HashSet<string> MissingChannels { get; } = [];

    /// <summary>Channels returned by GET /channels/{id} (default: a text channel without overwrites).</summary>
    public ConcurrentDictionary<string, JsonObject> Channels { get; } = new();

    public JsonArray GuildRoles { get; set; } = [new JsonObject { ["id"] = GuildId, ["name"] = "@everyone", ["permissions"] = "3072", ["position"] = 0 }];

    public JsonArray BotRoles { get; set; } = [];

    /// <summary>What the gateway does with the next IDENTIFY: "ready" (default), or a close code to close with.</summary>
    public int? CloseOnIdentify { get; set; }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        app.Map("/gateway", fake.GatewayAsync);
        app.Map("/api/v10/{**path}", fake.RestAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.TrimEnd('/');
        return fake;
    }

    /// <summary>Stops the server without waiting for open gateway connections to end on their own: a bot process still
    /// connected (the fault suites dispose the fake before killing it) would otherwise hold the graceful stop for the
    /// host's whole 30 s shutdown timeout. After a second, what is still open is aborted.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await _app.StopAsync(stop.Token);
        }

        await _app.DisposeAsync();
    }

    /// <summary>Completes when <paramref name="condition"/> over the recorded requests, messages and gateway payloads
    /// holds (re-checked on every change); a <see cref="TimeoutException"/> after <see cref="Signal.Patience"/>.</summary>
    public Task WhenAsync(Func<bool> condition, string what) => _changed.WhenAsync(condition, what);

    /// <inheritdoc cref="Signal.WhenAsync(Func{bool}, string, TimeSpan)"/>
    public Task WhenAsync(Func<bool> condition, string what, TimeSpan patience) => _changed.WhenAsync(condition, what, patience);

    public IEnumerable<RecordedRequest> RequestsTo(string method, string pathStart) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathStart, StringComparison.Ordinal));

    /// <summary>The largest number of requests bound to the global limit received within any one second.</summary>
    public int MaxGlobalRequestsPerSecond()
    {
        var times = Requests.Where(IsGlobal).Select(r => r.At).OrderBy(t => t).ToList();
        var max = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= TimeSpan.FromSeconds(1))
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    private int _answering;

    /// <summary>REST requests received and not yet answered.</summary>
    public int Answering => Volatile.Read(ref _answering);

    /// <summary>Requests bound to the global limit received in the second before <paramref name="now"/> (on
    /// <see cref="Clock"/>): when it reaches the limit, a client that keeps it has to wait for the clock.</summary>
    public int GlobalRequestsInTheSecondBefore(DateTimeOffset now) =>
        Requests.Count(r => r.At > now - TimeSpan.FromSeconds(1) && r.At <= now && IsGlobal(r));

    /// <summary>Interaction callbacks and follow-ups are not bound to the global limit.</summary>
    private static bool IsGlobal(RecordedRequest request) =>
        !request.Path.StartsWith("/interactions", StringComparison.Ordinal) && !request.Path.StartsWith("/webhooks", StringComparison.Ordinal);

    // ---------------- REST ----------------

    private async Task RestAsync(HttpContext context)
    {
        Interlocked.Increment(ref _answering);
        try
        {
            await AnswerAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _answering);
            _changed.Pulse();
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = "/" + (context.Request.RouteValues["path"] as string ?? "");
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var method = context.Request.Method;
        Requests.Enqueue(new RecordedRequest(method, path, body, context.Request.Headers.Authorization.ToString(), Clock()));
        var segments = path.Trim('/').Split('/');

        if (method == "GET" && path == "/gateway/bot")
        {
            await Json(context, 200, new JsonObject
            {
                ["url"] = GatewayUrl,
                ["shards"] = 1,
                ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 14400000, ["max_concurrency"] = 1 },
            });
            return;
        }

        if (method == "GET" && path == "/users/@me")
        {
            await Json(context, 200, new JsonObject { ["id"] = BotUserId, ["username"] = "AnniversaryBot", ["bot"] = true });
            return;
        }

        if (method == "PUT" && segments[0] == "applications")
        {
            var commands = JsonNode.Parse(body)!.AsArray();
            var i = 1;
            foreach (var command in commands)
            {
                command!["id"] = (5000 + i++).ToString(CultureInfo.InvariantCulture);
            }

            await Json(context, 200, commands);
            return;
        }

        if (segments[0] == "interactions" || segments[0] == "webhooks")
        {
            if (method == "DELETE")
            {
                context.Response.StatusCode = 204;
                return;
            }

            if (segments[0] == "interactions")
            {
                context.Response.StatusCode = 204;
                return;
            }

            await Json(context, 200, new JsonObject { ["id"] = NextMessageId(), ["channel_id"] = "1" });
            return;
        }

        if (segments[0] == "channels" && segments.Length == 2 && method == "GET")
        {
            var id = segments[1];
            if (ForbiddenChannels.Contains(id))
            {
                await Error(context, 403, 50001, "Missing Access");
                return;
            }

            if (MissingChannels.Contains(id))
            {
                await Error(context, 404, 10003, "Unknown Channel");
                return;
            }

            await Json(context, 200, Channels.TryGetValue(id, out var channel)
                ? channel.DeepClone()
                : new JsonObject { ["id"] = id, ["type"] = 0, ["guild_id"] = GuildId, ["name"] = "general", ["permission_overwrites"] = new JsonArray() });
            return;
        }

        if (segments[0] == "guilds" && segments.Length == 2 && method == "GET")
        {
            await Json(context, 200, new JsonObject { ["id"] = segments[1], ["name"] = "Test", ["owner_id"] = OwnerId, ["roles"] = GuildRoles.DeepClone() });
            return;
        }

        if (segments[0] == "guilds" && segments.Length == 4 && segments[2] == "members" && method == "GET")
        {
            await Json(context, 200, new JsonObject { ["user"] = new JsonObject { ["id"] = segments[3] }, ["roles"] = BotRoles.DeepClone() });
            return;
        }

        if (segments[0] == "channels" && segments.Length == 3 && segments[2] == "messages" && method == "POST")
        {
            await CreateMessageAsync(context, segments[1], body);
            return;
        }

        await Error(context, 404, 0, "404: Not Found");
    }

    private async Task CreateMessageAsync(HttpContext context, string channelId, string body)
    {
        if (ForbiddenChannels.Contains(channelId))
        {
            await Error(context, 403, 50001, "Missing Access");
            return;
        }

        if (MissingChannels.Contains(channelId))
        {
            await Error(context, 404, 10003, "Unknown Channel");
            return;
        }

        // per-channel bucket
        var now = Clock();
        var (start, count) = _buckets.GetOrAdd(channelId, _ => (now, 0));
        if (now - start >= TimeSpan.FromSeconds(1))
        {
            (start, count) = (now, 0);
        }

        var resetAfter = Math.Max(0, (start + TimeSpan.FromSeconds(1) - now).TotalSeconds);
        if (count >= ChannelBucketLimit)
        {
            Interlocked.Increment(ref _bucketViolations);
            RateHeaders(context, 0, resetAfter);
            await Json(context, 429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = resetAfter, ["global"] = false });
            return;
        }

        count++;
        _buckets[channelId] = (start, count);
        RateHeaders(context, ChannelBucketLimit - count, resetAfter);

        if (Forced429.TryGetValue(channelId, out var forced) && forced > 0)
        {
            Forced429[channelId] = forced - 1;
            context.Response.Headers["X-RateLimit-Scope"] = "user";
            await Json(context, 429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = Forced429RetryAfter, ["global"] = false });
            return;
        }

        var injected = Injection?.Next();
        if (injected == InjectedFault.TooManyRequests)
        {
            context.Response.Headers["X-RateLimit-Scope"] = "user";
            await Json(context, 429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = Injection!.RetryAfter.TotalSeconds, ["global"] = false });
            return;
        }

        var json = JsonNode.Parse(body)!;
        var nonce = json["nonce"]?.ToString();
        var enforced = nonce is not null && json["enforce_nonce"]?.GetValue<bool>() == true;
        StoredMessage stored;
        lock (_lock)
        {
            if (!enforced || !_byNonce.TryGetValue((channelId, nonce!), out stored!))
            {
                stored = new StoredMessage(NextMessageId(), channelId, nonce, json);
                Messages.Enqueue(stored);
                if (nonce is not null)
                {
                    _byNonce.TryAdd((channelId, nonce), stored);
                }
            }
        }

        if (SendLatency > TimeSpan.Zero)
        {
            await Task.Delay(SendLatency, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        switch (injected)
        {
            case InjectedFault.ServerError:
                await Error(context, 500, 0, "Internal Server Error");
                return;
            // Discord's injected failures all come after the message is stored: a reset is a lost answer already.
            case InjectedFault.ConnectionReset or InjectedFault.LostAnswer:
                context.Abort();
                return;
            case InjectedFault.Timeout:
                await Task.Delay(Injection!.Hang, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                context.Abort();
                return;
        }

        if (AcceptThen500.TryGetValue(channelId, out var failures) && failures > 0)
        {
            AcceptThen500[channelId] = failures - 1;
            await Error(context, 500, 0, "Internal Server Error");
            return;
        }

        await Json(context, 200, new JsonObject { ["id"] = stored.Id, ["channel_id"] = channelId, ["nonce"] = nonce });
    }

    private string NextMessageId() => Interlocked.Increment(ref _messageIds).ToString(CultureInfo.InvariantCulture);

    private static void RateHeaders(HttpContext context, int remaining, double resetAfter)
    {
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = "5";
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = (Math.Ceiling(resetAfter * 1000) / 1000).ToString("0.###", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = "messages-bucket";
    }

    private static Task Error(HttpContext context, int status, int code, string message) =>
        Json(context, status, new JsonObject { ["code"] = code, ["message"] = message });

    private static async Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    // ---------------- Gateway ----------------

    /// <summary>Dispatches an event: numbered, kept for replay, sent now if a session is live.</summary>
    public async Task DispatchAsync(string type, JsonNode data)
    {
        GatewaySession? target;
        long seq;
        lock (_lock)
        {
            seq = ++_seq;
            _events.Add((seq, type, data));
            target = _current is { Ready: true, Open: true } ? _current : null;
        }

        if (target is not null)
        {
            await target.SendDispatchAsync(seq, type, data);
        }
    }

    public GatewaySession? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    private async Task GatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new GatewaySession(this, socket, context.Request.QueryString.Value ?? "");
        Sessions.Enqueue(session);
        lock (_lock)
        {
            _current = session;
        }

        await session.RunAsync(context.RequestAborted);
    }

    public sealed class GatewaySession(FakeDiscord fake, WebSocket socket, string query) : IDisposable
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public string Query { get; } = query;

        public void Dispose() => _send.Dispose();

        public ConcurrentQueue<JsonNode> Received { get; } = new();

        public bool Ready { get; private set; }

        public bool Open => socket.State == WebSocketState.Open;

        public int? ClientCloseCode { get; private set; }

        public string? SessionId { get; private set; }

        public IEnumerable<JsonNode> ReceivedOp(int op) => Received.Where(p => p["op"]!.GetValue<int>() == op);

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = fake.HeartbeatInterval } });
            var buffer = new byte[64 * 1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    using var message = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer, cancellationToken);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            ClientCloseCode = (int?)result.CloseStatus;
                            fake._changed.Pulse();
                            return;
                        }

                        message.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);

                    var payload = JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!;
                    Received.Enqueue(payload);
                    await OnPayloadAsync(payload);
                    fake._changed.Pulse();
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        private async Task OnPayloadAsync(JsonNode payload)
        {
            switch (payload["op"]!.GetValue<int>())
            {
                case 1:
                    if (fake.AutoAck)
                    {
                        await SendAsync(new JsonObject { ["op"] = 11 });
                    }

                    break;
                case 2:
                    if (fake.CloseOnIdentify is { } code)
                    {
                        await CloseAsync(code, "closed by the fake");
                        return;
                    }

                    SessionId = "session-" + Interlocked.Increment(ref fake._sessionCounter);
                    long seq;
                    lock (fake._lock)
                    {
                        seq = ++fake._seq;
                        fake._events.Add((seq, "READY", new JsonObject()));
                    }

                    await SendDispatchAsync(seq, "READY", new JsonObject
                    {
                        ["v"] = 10,
                        ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = "AnniversaryBot" },
                        ["guilds"] = new JsonArray(),
                        ["session_id"] = SessionId,
                        ["resume_gateway_url"] = fake.GatewayUrl + "?resumed=1",
                        ["application"] = new JsonObject { ["id"] = ApplicationId },
                    });
                    Ready = true;
                    break;
                case 6:
                    var d = payload["d"]!;
                    var from = d["seq"]!.GetValue<long>();
                    SessionId = d["session_id"]!.ToString();
                    List<(long Seq, string Type, JsonNode Data)> missed;
                    lock (fake._lock)
                    {
                        missed = [.. fake._events.Where(e => e.Seq > from && e.Type != "READY")];
                    }

                    foreach (var (s, t, data) in missed)
                    {
                        await SendDispatchAsync(s, t, data);
                    }

                    long resumedSeq;
                    lock (fake._lock)
                    {
                        resumedSeq = ++fake._seq;
                        fake._events.Add((resumedSeq, "RESUMED", new JsonObject()));
                    }

                    await SendDispatchAsync(resumedSeq, "RESUMED", new JsonObject());
                    Ready = true;
                    break;
            }
        }

        public Task SendDispatchAsync(long seq, string type, JsonNode data) =>
            SendAsync(new JsonObject { ["op"] = 0, ["s"] = seq, ["t"] = type, ["d"] = data.DeepClone() });

        public async Task SendAsync(JsonNode payload)
        {
            await _send.WaitAsync();
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(payload.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (WebSocketException)
            {
            }
            finally
            {
                _send.Release();
            }
        }

        /// <summary>Drops the TCP connection without a close frame.</summary>
        public void Drop()
        {
            Ready = false;
            socket.Abort();
        }

        public async Task CloseAsync(int code, string reason)
        {
            Ready = false;
            try
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }
    }
}
