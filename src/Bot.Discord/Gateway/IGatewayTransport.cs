namespace Bot.Discord.Gateway;

/// <summary>Opens Gateway connections. The real one is a WebSocket; tests script it.</summary>
public interface IGatewayTransport
{
    Task<IGatewayConnection> ConnectAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>One Gateway connection, text frames only (JSON encoding, no compression).</summary>
public interface IGatewayConnection : IAsyncDisposable
{
    Task SendAsync(string text, CancellationToken cancellationToken);

    /// <summary>The next text message, or a close (with the peer's close code when it sent one).</summary>
    Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Closes with <paramref name="code"/>; any code but 1000/1001 keeps the session resumable.</summary>
    Task CloseAsync(int code, string reason, CancellationToken cancellationToken);
}

/// <summary>A received text message, or the end of the connection (<see cref="Text"/> null), with the close
/// code when the peer sent one (a dropped TCP connection has none).</summary>
public sealed record GatewayFrame(string? Text, int? CloseCode = null, string? CloseReason = null)
{
    public bool IsClose => Text is null;

    public static GatewayFrame Message(string text) => new(text);

    public static GatewayFrame Closed(int? code, string? reason = null) => new(null, code, reason);
}
