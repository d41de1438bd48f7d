using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bot.Discord.Gateway;

namespace Bot.Discord.Tests.Fakes;

/// <summary>A Gateway transport the test scripts frame by frame.</summary>
public sealed class ScriptedTransport : IGatewayTransport
{
    private readonly Channel<ScriptedConnection> _connections = Channel.CreateUnbounded<ScriptedConnection>();

    public List<Uri> Urls { get; } = [];

    public Task<IGatewayConnection> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var connection = new ScriptedConnection(url);
        lock (Urls)
        {
            Urls.Add(url);
        }

        _connections.Writer.TryWrite(connection);
        return Task.FromResult<IGatewayConnection>(connection);
    }

    public async Task<ScriptedConnection> NextConnectionAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _connections.Reader.ReadAsync(timeout.Token);
    }

    public bool HasPendingConnection => _connections.Reader.Count > 0;
}

public sealed class ScriptedConnection(Uri url) : IGatewayConnection
{
    private readonly Channel<GatewayFrame> _inbound = Channel.CreateUnbounded<GatewayFrame>();
    private readonly Channel<JsonNode> _sent = Channel.CreateUnbounded<JsonNode>();

    public Uri Url { get; } = url;

    public int? ClosedWith { get; private set; }

    public Task SendAsync(string text, CancellationToken cancellationToken)
    {
        if (ClosedWith is not null)
        {
            throw new InvalidOperationException("closed");
        }

        _sent.Writer.TryWrite(JsonNode.Parse(text)!);
        return Task.CompletedTask;
    }

    public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken) =>
        await _inbound.Reader.ReadAsync(cancellationToken);

    public Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        ClosedWith ??= code;
        _inbound.Writer.TryWrite(GatewayFrame.Closed(null));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Push(JsonNode payload) => _inbound.Writer.TryWrite(GatewayFrame.Message(payload.ToJsonString()));

    public void Hello(int intervalMs) => Push(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = intervalMs } });

    public void Dispatch(long seq, string type, JsonNode data) => Push(new JsonObject { ["op"] = 0, ["s"] = seq, ["t"] = type, ["d"] = data });

    public void Ready(long seq, string sessionId = "s1", string resumeUrl = "wss://resume.example/") => Dispatch(seq, "READY", new JsonObject
    {
        ["v"] = 10,
        ["user"] = new JsonObject { ["id"] = "1", ["username"] = "bot" },
        ["session_id"] = sessionId,
        ["resume_gateway_url"] = resumeUrl,
        ["application"] = new JsonObject { ["id"] = "2" },
    });

    public void ServerClose(int? code) => _inbound.Writer.TryWrite(GatewayFrame.Closed(code, "by the test"));

    /// <summary>The next payload the client sent, parsed.</summary>
    public async Task<JsonNode> NextSentAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _sent.Reader.ReadAsync(timeout.Token);
    }

    public bool HasSent => _sent.Reader.Count > 0;
}
