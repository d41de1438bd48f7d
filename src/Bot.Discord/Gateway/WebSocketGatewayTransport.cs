using System.Net.WebSockets;
using System.Text;

namespace Bot.Discord.Gateway;

/// <summary>The Gateway over <see cref="ClientWebSocket"/>.</summary>
public sealed class WebSocketGatewayTransport : IGatewayTransport
{
    public async Task<IGatewayConnection> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.SetRequestHeader("User-Agent", "DiscordBot (https://github.com/anniversarybot/anniversarybot, 1.0)");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(url, timeout.Token);
            return new Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class Connection(ClientWebSocket socket) : IGatewayConnection
    {
        private readonly SemaphoreSlim _sendGate = new(1, 1);
        private readonly byte[] _buffer = new byte[16 * 1024];

        public async Task SendAsync(string text, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await _sendGate.WaitAsync(cancellationToken);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _sendGate.Release();
            }
        }

        public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken)
        {
            using var message = new MemoryStream();
            while (true)
            {
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await socket.ReceiveAsync(_buffer.AsMemory(), cancellationToken);
                }
                catch (WebSocketException ex)
                {
                    return GatewayFrame.Closed((int?)socket.CloseStatus, ex.Message);
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return GatewayFrame.Closed((int?)socket.CloseStatus, socket.CloseStatusDescription);
                }

                message.Write(_buffer, 0, result.Count);
                if (message.Length > 64 * 1024 * 1024)
                {
                    return GatewayFrame.Closed(null, "message too large");
                }

                if (result.EndOfMessage)
                {
                    return GatewayFrame.Message(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                }
            }
        }

        public async Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
        {
            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return;
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // a zombie connection may not take the close frame; abort it below
            }
            finally
            {
                socket.Abort();
            }
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            _sendGate.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
