using Bot.Core.Resilience;
using Bot.Core.Telemetry;
using System.Globalization;
using System.Text.Json;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Polly;

namespace Bot.Discord.Gateway;

public enum GatewayState
{
    Disconnected,
    Connecting,
    Identifying,
    Resuming,
    Ready,

    /// <summary>Stopped on a close code that must not be retried (bad token, invalid shard, disallowed intents…).</summary>
    Failed,
    Stopped,
}

/// <summary>Receives the Gateway's dispatch events. Called on the receive loop: return quickly.</summary>
public interface IGatewayEventSink
{
    Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken);
}

public sealed record GatewaySettings
{
    public required string Token { get; init; }
    public int Intents { get; init; } = GatewayIntents.Guilds;
    public int ShardId { get; init; }
    public int ShardCount { get; init; } = 1;

    /// <summary>Used instead of the URL from <c>GET /gateway/bot</c> when set.</summary>
    public string? GatewayUrlOverride { get; init; }

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Each reconnect delay varies by up to this fraction either way (never above the cap).</summary>
    public double ReconnectJitter { get; init; } = 0.25;

    /// <summary>Discord counts max_concurrency identifies per 5 seconds.</summary>
    public TimeSpan IdentifyWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for HELLO after connecting.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Discord's limit on events sent per connection.</summary>
    public int SendLimit { get; init; } = 120;
    public TimeSpan SendWindow { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>The Gateway connection as a state machine over <see cref="IGatewayTransport"/>: HELLO → IDENTIFY (or
/// RESUME with session_id and the last sequence number, at resume_gateway_url), heartbeats with a jittered first
/// beat, ACK tracking (a missed ACK closes the zombie connection with a non-1000 code and resumes), RECONNECT and
/// INVALID_SESSION handled, close codes 4004 and 4010–4014 fatal with a clear error, reconnects backing off from
/// 1 s to 60 s with jitter and never giving up otherwise. IDENTIFY respects session_start_limit.</summary>
public sealed class GatewayClient
{
    /// <summary>The close code the client uses when it drops a connection it wants to resume (not 1000/1001).</summary>
    public const int ResumableCloseCode = 4000;

    private const int ApiVersion = 10;

    private readonly GatewaySettings _settings;
    private readonly IGatewayTransport _transport;
    private readonly Func<CancellationToken, Task<RestResult<GatewayBotResponse>>> _gatewayInfo;
    private readonly IGatewayEventSink _sink;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly ILogger _log;
    private readonly RetryOptions _backoff;
    private readonly ResiliencePipeline<bool> _reconnects;
    private DateTimeOffset _lastIdentify = DateTimeOffset.MinValue;
    private int _failures;
    private int _resumeFailures;
    private string? _cachedUrl;

    public GatewayClient(
        GatewaySettings settings,
        IGatewayTransport transport,
        Func<CancellationToken, Task<RestResult<GatewayBotResponse>>> gatewayInfo,
        IGatewayEventSink sink,
        TimeProvider time,
        ILogger log,
        Func<double>? random = null)
    {
        _settings = settings;
        _transport = transport;
        _gatewayInfo = gatewayInfo;
        _sink = sink;
        _time = time;
        _log = log;
        _random = random ?? Random.Shared.NextDouble;
        _backoff = new RetryOptions
        {
            MaxAttempts = 0,
            FirstDelay = settings.ReconnectMinDelay,
            MaxDelay = settings.ReconnectMaxDelay,
            Jitter = settings.ReconnectJitter,
        };
        // The wait grows with the failures since the last READY, not with the attempts of this run (a session that
        // reached READY starts the count again), so the delay is given here rather than by the attempt number.
        _reconnects = Retries.ForResults<bool>(_backoff, time, outcome => outcome.Result, _ => BackoffDelay(_failures++));
    }

    public GatewayState State { get; private set; } = GatewayState.Disconnected;

    /// <summary>Why the client stopped for good (<see cref="GatewayState.Failed"/>), naming the cause.</summary>
    public string? FatalError { get; private set; }

    public string? SessionId { get; private set; }

    public string? ResumeGatewayUrl { get; private set; }

    /// <summary>The last sequence number received (heartbeats and RESUME carry it).</summary>
    public long? Sequence { get; private set; }

    public int Identifies { get; private set; }

    public int Resumes { get; private set; }

    /// <summary>Raised on READY with the bot's user id and application id.</summary>
    public event Action<string?, string?>? Ready;

    private bool CanResume => SessionId is not null && ResumeGatewayUrl is not null && Sequence is not null;

    /// <summary>Runs until cancelled or a fatal close code.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _failures = 0;
        _resumeFailures = 0;
        _cachedUrl = null;
        try
        {
            await _reconnects.ExecuteAsync(async ct => await ConnectOnceAsync(ct), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }

        if (State != GatewayState.Failed)
        {
            State = GatewayState.Stopped;
        }
    }

    /// <summary>One connection, from finding the URL to its end: true to connect again after a wait, false when the
    /// client stops (a fatal error, or cancelled).</summary>
    private async Task<bool> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var resume = CanResume;
        Uri url;
        try
        {
            if (resume)
            {
                url = WithQuery(ResumeGatewayUrl!);
            }
            else
            {
                var info = await _gatewayInfo(cancellationToken);
                if (info.Status == 401 || (!info.Sent && info.Failure?.Contains("401", StringComparison.Ordinal) == true))
                {
                    Fail("Discord rejected the bot token (401 Unauthorized on GET /gateway/bot): check Discord:Token.");
                    return false;
                }

                if (info.Ok && info.Value is not null)
                {
                    _cachedUrl = info.Value.Url;
                    await WaitForIdentifySlotAsync(info.Value.SessionStartLimit, cancellationToken);
                }
                else if (_settings.GatewayUrlOverride is null && _cachedUrl is null)
                {
                    _log.LogWarning("Discord: could not get the gateway URL ({Error}); retrying", info.Describe());
                    return true;
                }
                else
                {
                    await WaitForIdentifySlotAsync(null, cancellationToken);
                }

                url = WithQuery(_settings.GatewayUrlOverride ?? _cachedUrl!);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        State = GatewayState.Connecting;
        IGatewayConnection connection;
        try
        {
            connection = await _transport.ConnectAsync(url, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            _log.LogWarning("Discord: could not connect to the gateway ({Error}); retrying", ex.Message);
            if (resume && ++_resumeFailures >= 3)
            {
                // the resume URL keeps failing: start a new session at the main URL
                ClearSession();
                _resumeFailures = 0;
            }

            State = GatewayState.Disconnected;
            return true;
        }

        SessionOutcome outcome;
        await using (connection)
        {
            outcome = await RunConnectionAsync(connection, resume, cancellationToken);
        }

        if (outcome.Fatal is not null)
        {
            Fail(outcome.Fatal);
            return false;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.NewSession)
        {
            ClearSession();
        }

        if (outcome.ReachedReady)
        {
            _failures = 0;
            _resumeFailures = 0;
        }

        State = GatewayState.Disconnected;
        BotMetrics.GatewayReconnects.Add(1, new KeyValuePair<string, object?>("resume", CanResume));
        _log.LogInformation("Discord gateway disconnected ({Reason}); {Next}", outcome.Reason, CanResume ? "resuming" : "identifying again");
        return true;
    }

    private void Fail(string message)
    {
        FatalError = message;
        State = GatewayState.Failed;
        _log.LogCritical("Discord gateway stopped and will not reconnect: {Reason}", message);
    }

    private void ClearSession()
    {
        SessionId = null;
        ResumeGatewayUrl = null;
        Sequence = null;
    }

    private sealed record SessionOutcome(string Reason, bool NewSession = false, bool ReachedReady = false, string? Fatal = null);

    private async Task<SessionOutcome> RunConnectionAsync(IGatewayConnection connection, bool resume, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sender = new Sender(connection, _settings, _time);
        var reachedReady = false;
        var zombie = false;
        Task? heartbeats = null;
        try
        {
            // HELLO first (RECONNECT may come instead).
            GatewayFrame first;
            using (var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(session.Token))
            {
                helloTimeout.CancelAfter(_settings.HelloTimeout);
                try
                {
                    first = await connection.ReceiveAsync(helloTimeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await connection.CloseAsync(ResumableCloseCode, "no HELLO", CancellationToken.None);
                    return new SessionOutcome("no HELLO within the timeout");
                }
            }

            if (first.IsClose)
            {
                return FromClose(first, reachedReady);
            }

            var hello = Parse(first.Text!);
            if (hello?.Op != GatewayOpcode.Hello || hello.D is not { } helloData)
            {
                await connection.CloseAsync(ResumableCloseCode, "expected HELLO", CancellationToken.None);
                return new SessionOutcome(hello?.Op == GatewayOpcode.Reconnect ? "RECONNECT before HELLO" : "no HELLO");
            }

            var interval = TimeSpan.FromMilliseconds(Math.Max(1, DiscordJson.Deserialize<HelloData>(helloData)?.HeartbeatInterval ?? 41250));
            var ack = new AckState();
            heartbeats = HeartbeatLoopAsync(sender, interval, ack, () =>
            {
                zombie = true;
                session.Cancel();
            }, session.Token);

            if (resume)
            {
                State = GatewayState.Resuming;
                Resumes++;
                await sender.SendAsync(GatewayOpcode.Resume, new ResumeData(_settings.Token, SessionId!, Sequence!.Value), session.Token);
            }
            else
            {
                State = GatewayState.Identifying;
                Identifies++;
                _lastIdentify = _time.GetUtcNow();
                await sender.SendAsync(GatewayOpcode.Identify, new IdentifyData(
                    _settings.Token,
                    new IdentifyProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "anniversarybot", "anniversarybot"),
                    _settings.Intents,
                    [_settings.ShardId, _settings.ShardCount]), session.Token);
            }

            while (true)
            {
                var frame = await connection.ReceiveAsync(session.Token);
                if (frame.IsClose)
                {
                    return FromClose(frame, reachedReady);
                }

                var payload = Parse(frame.Text!);
                if (payload is null)
                {
                    continue;
                }

                switch (payload.Op)
                {
                    case GatewayOpcode.Dispatch:
                        if (payload.S is { } s)
                        {
                            Sequence = s;
                        }

                        if (payload.T == "READY" && payload.D is { } readyData)
                        {
                            var ready = DiscordJson.Deserialize<ReadyData>(readyData);
                            if (ready is not null)
                            {
                                SessionId = ready.SessionId;
                                ResumeGatewayUrl = ready.ResumeGatewayUrl;
                                reachedReady = true;
                                State = GatewayState.Ready;
                                _log.LogInformation("Discord gateway ready (shard {Shard}/{Count})", _settings.ShardId, _settings.ShardCount);
                                Ready?.Invoke(ready.User?.Id, ready.Application?.Id);
                            }
                        }
                        else if (payload.T == "RESUMED")
                        {
                            reachedReady = true;
                            State = GatewayState.Ready;
                            _log.LogInformation("Discord gateway resumed at sequence {Sequence}", Sequence);
                        }

                        if (payload.T is { } name && payload.D is { } data)
                        {
                            try
                            {
                                await _sink.OnDispatchAsync(name, data, session.Token);
                            }
                            catch (Exception ex) when (ex is not OperationCanceledException)
                            {
                                _log.LogError(ex, "Handling the Discord event {Event} failed", name);
                            }
                        }

                        break;
                    case GatewayOpcode.Heartbeat:
                        await sender.SendAsync(GatewayOpcode.Heartbeat, Sequence, session.Token);
                        break;
                    case GatewayOpcode.HeartbeatAck:
                        ack.Acked = true;
                        break;
                    case GatewayOpcode.Reconnect:
                        await connection.CloseAsync(ResumableCloseCode, "reconnect requested", CancellationToken.None);
                        return new SessionOutcome("RECONNECT requested", ReachedReady: reachedReady);
                    case GatewayOpcode.InvalidSession:
                        var resumable = payload.D is { ValueKind: JsonValueKind.True };
                        await connection.CloseAsync(ResumableCloseCode, "invalid session", CancellationToken.None);
                        return new SessionOutcome(resumable ? "INVALID_SESSION (resumable)" : "INVALID_SESSION", NewSession: !resumable || !CanResume, ReachedReady: reachedReady);
                    default:
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (zombie && !cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning("Discord heartbeat ACK missed: closing the zombie connection and resuming");
            await connection.CloseAsync(ResumableCloseCode, "heartbeat ACK missed", CancellationToken.None);
            return new SessionOutcome("heartbeat ACK missed", ReachedReady: reachedReady);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: a 1000 close ends the session (the bot goes offline at once).
            await connection.CloseAsync(1000, "shutting down", CancellationToken.None);
            return new SessionOutcome("stopped");
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or JsonException or InvalidOperationException)
        {
            await connection.CloseAsync(ResumableCloseCode, "error", CancellationToken.None);
            return new SessionOutcome("connection error: " + ex.Message, ReachedReady: reachedReady);
        }
        finally
        {
            await session.CancelAsync();
            if (heartbeats is not null)
            {
                try
                {
                    await heartbeats;
                }
                catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // the connection is over either way
                }
            }
        }
    }

    private static SessionOutcome FromClose(GatewayFrame frame, bool reachedReady)
    {
        var code = frame.CloseCode;
        if (code is { } c && FatalCloseCodes.Describe(c) is { } fatal)
        {
            return new SessionOutcome($"closed with {c}", Fatal: fatal);
        }

        var reason = code is null ? "connection dropped" : $"closed with {code}{(string.IsNullOrEmpty(frame.CloseReason) ? "" : " " + frame.CloseReason)}";
        // 4003 not authenticated / session invalidated, 4007 invalid seq, 4009 session timed out: start a new session.
        var newSession = code is 4003 or 4007 or 4009;
        return new SessionOutcome(reason, NewSession: newSession, ReachedReady: reachedReady);
    }

    private sealed class AckState
    {
        public volatile bool Acked = true;
    }

    private async Task HeartbeatLoopAsync(Sender sender, TimeSpan interval, AckState ack, Action onZombie, CancellationToken cancellationToken)
    {
        // First beat after interval * jitter (jitter in [0, 1)), then every interval.
        await Task.Delay(interval * _random(), _time, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!ack.Acked)
            {
                onZombie();
                return;
            }

            ack.Acked = false;
            await sender.SendAsync(GatewayOpcode.Heartbeat, Sequence, cancellationToken);
            await Task.Delay(interval, _time, cancellationToken);
        }
    }

    private async Task WaitForIdentifySlotAsync(SessionStartLimit? limit, CancellationToken cancellationToken)
    {
        if (limit is { Remaining: <= 0 })
        {
            var wait = TimeSpan.FromMilliseconds(Math.Max(0, limit.ResetAfter));
            _log.LogWarning("Discord session start limit reached ({Total} per day); waiting {Wait} before identifying", limit.Total, wait);
            await Task.Delay(wait, _time, cancellationToken);
        }

        // max_concurrency identifies per 5 seconds: this process runs one shard, so one identify per window.
        var since = _time.GetUtcNow() - _lastIdentify;
        if (since < _settings.IdentifyWindow)
        {
            await Task.Delay(_settings.IdentifyWindow - since, _time, cancellationToken);
        }
    }

    /// <summary>Backoff: 1 s, 2 s, 4 s … capped at 60 s, each ±25 % jitter (never above the cap).</summary>
    public TimeSpan BackoffDelay(int failures) => _backoff.DelayFor(failures, _random());

    private static GatewayPayload? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<GatewayPayload>(text, DiscordJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Uri WithQuery(string url)
    {
        var builder = new UriBuilder(url);
        var query = builder.Query.TrimStart('?');
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("v=", StringComparison.Ordinal) && !p.StartsWith("encoding=", StringComparison.Ordinal))
            .ToList();
        pairs.Add("v=" + ApiVersion.ToString(CultureInfo.InvariantCulture));
        pairs.Add("encoding=json");
        builder.Query = string.Join('&', pairs);
        return builder.Uri;
    }

    /// <summary>Serializes sends on one connection and keeps them under Discord's 120 events per 60 seconds.</summary>
    private sealed class Sender(IGatewayConnection connection, GatewaySettings settings, TimeProvider time) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Queue<DateTimeOffset> _sent = new();

        public int Count { get; private set; }

        public void Dispose() => _gate.Dispose();

        public async Task SendAsync<T>(int op, T data, CancellationToken cancellationToken)
        {
            // "d" is written even when null (a first heartbeat carries d: null)
            var json = "{\"op\":" + op.ToString(CultureInfo.InvariantCulture) + ",\"d\":"
                + (data is null ? "null" : JsonSerializer.Serialize(data, DiscordJson.Options)) + "}";
            await _gate.WaitAsync(cancellationToken);
            try
            {
                while (true)
                {
                    var now = time.GetUtcNow();
                    while (_sent.Count > 0 && _sent.Peek() + settings.SendWindow <= now)
                    {
                        _sent.Dequeue();
                    }

                    if (_sent.Count < settings.SendLimit)
                    {
                        break;
                    }

                    await Task.Delay(_sent.Peek() + settings.SendWindow - now, time, cancellationToken);
                }

                _sent.Enqueue(time.GetUtcNow());
                Count++;
                await connection.SendAsync(json, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}

/// <summary>Close codes after which reconnecting cannot help (developers/topics/opcodes-and-status-codes).</summary>
public static class FatalCloseCodes
{
    public static string? Describe(int code) => code switch
    {
        4004 => "Authentication failed (close code 4004): Discord rejected the bot token. Check Discord:Token (env Discord__Token).",
        4010 => "Invalid shard (close code 4010): check Discord:ShardId and Discord:ShardCount.",
        4011 => "Sharding required (close code 4011): the bot is in too many servers for one connection; raise Discord:ShardCount.",
        4012 => "Invalid API version (close code 4012): the gateway refused API v10.",
        4013 => "Invalid intent(s) (close code 4013): the intents value sent with IDENTIFY is not valid.",
        4014 => "Disallowed intent(s) (close code 4014): an intent was sent that is not enabled or approved for this application in the Developer Portal.",
        _ => null,
    };
}
