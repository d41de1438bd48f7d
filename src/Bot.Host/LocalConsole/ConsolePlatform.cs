using Bot.Core.Messaging;

namespace Bot.Host.LocalConsole;

/// <summary>The local console as a chat platform: messages to <c>console:local</c> are printed on stdout.</summary>
public sealed class ConsolePlatform(TextWriter output) : IChatPlatform
{
    public const string PlatformName = "console";

    public static readonly ChannelAddress Local = new(PlatformName, "local");

    private readonly Lock _gate = new();
    private long _sent;

    public string Name => PlatformName;

    public bool DeduplicatesByKey => false;

    public Task<SendResult> SendAsync(ChannelAddress channel, OutgoingMessage message, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var text = PlainText.Render(message);
        lock (_gate)
        {
            output.WriteLine(text);
            output.WriteLine();
            output.Flush();
        }

        return Task.FromResult(SendResult.Sent($"console-{Interlocked.Increment(ref _sent)}"));
    }

    public Task<PostingCheck> CheckCanPostAsync(ChannelAddress channel, CancellationToken cancellationToken) =>
        Task.FromResult(channel.ChannelId == Local.ChannelId ? PostingCheck.Ok : PostingCheck.Missing($"the console has only the channel '{Local.ChannelId}'"));
}
