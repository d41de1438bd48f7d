using System.Net;

namespace Bot.Telegram.Sending;

/// <summary>Tells whether a request reached the wire. Set around one Bot API call (it flows with the async call into
/// the HttpClient pipeline); <see cref="SendProbeHandler"/> marks it when the request body starts being written to
/// an open connection. A failure before that point means Telegram cannot have received the message.</summary>
public sealed class SendProbe
{
    private static readonly AsyncLocal<SendProbe?> CurrentProbe = new();
    private int _started;

    public static SendProbe? Current => CurrentProbe.Value;

    public bool RequestStarted => Volatile.Read(ref _started) == 1;

    public void MarkStarted() => Interlocked.Exchange(ref _started, 1);

    /// <summary>Attaches a new probe to the current async flow until disposed.</summary>
    public static Scope Begin()
    {
        var probe = new SendProbe();
        var previous = CurrentProbe.Value;
        CurrentProbe.Value = probe;
        return new Scope(probe, previous);
    }

    public readonly struct Scope(SendProbe probe, SendProbe? previous) : IDisposable
    {
        public SendProbe Probe => probe;

        public void Dispose() => CurrentProbe.Value = previous;
    }
}

/// <summary>Wraps each request's content so the current <see cref="SendProbe"/> learns when it is written out, and
/// writes <c>parse_mode</c> as the Bot API documents it ("HTML"; Telegram.Bot writes the enum name "Html", which
/// Telegram accepts too, but local Bot API servers and test doubles may compare exactly).</summary>
public sealed class SendProbeHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var probe = SendProbe.Current;
        if (request.Content is { } content)
        {
            request.Content = new ProbedContent(content, probe);
        }
        else
        {
            probe?.MarkStarted();
        }

        return base.SendAsync(request, cancellationToken);
    }

    private sealed class ProbedContent : HttpContent
    {
        private static readonly byte[] LibrarySpelling = "\"parse_mode\":\"Html\""u8.ToArray();
        private static readonly byte[] ApiSpelling = "\"parse_mode\":\"HTML\""u8.ToArray();

        private readonly HttpContent _inner;
        private readonly SendProbe? _probe;

        public ProbedContent(HttpContent inner, SendProbe? probe)
        {
            _inner = inner;
            _probe = probe;
            foreach (var header in inner.Headers.NonValidated)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            _probe?.MarkStarted();
            if (_inner.Headers.ContentType?.MediaType != "application/json")
            {
                await _inner.CopyToAsync(stream, context, cancellationToken);
                return;
            }

            var body = await _inner.ReadAsByteArrayAsync(cancellationToken);
            var at = body.AsSpan().IndexOf(LibrarySpelling);
            if (at >= 0)
            {
                ApiSpelling.CopyTo(body, at);
            }

            await stream.WriteAsync(body, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
