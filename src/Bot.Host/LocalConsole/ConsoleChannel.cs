using Bot.Core.Commands;
using Bot.Core.Messaging;

namespace Bot.Host.LocalConsole;

/// <summary>Reads commands typed on stdin and answers them through the same dispatcher the chat platforms use.
/// A line without a leading slash is a question (<c>/ask</c>). The console user moderates the console channel.</summary>
public sealed class ConsoleChannel(
    CommandDispatcher dispatcher,
    ConsolePlatform platform,
    IHostApplicationLifetime lifetime,
    ILogger<ConsoleChannel> log) : BackgroundService
{
    private static readonly Caller LocalUser = new("console", Environment.UserName, IsModerator: true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host's own start-up lines ("Now listening on…") come first, so they never interleave with the conversation.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await platform.SendAsync(ConsolePlatform.Local, new OutgoingMessage(
            "Console channel ready. Type /help for commands, or just ask a question. Ctrl+C stops the bot."), null, stoppingToken);
        var input = System.Console.In;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Console.In's ReadLineAsync blocks its thread and ignores the token, which held a stop for the host's whole
            // shutdown timeout; the read runs on its own task instead and the stop simply stops waiting for it.
            var line = await Task.Run(input.ReadLine, CancellationToken.None).WaitAsync(stoppingToken);
            if (line is null)
            {
                log.LogInformation("Console input closed; the bot keeps running until stopped");
                return;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var result = await dispatcher.DispatchAsync(Parse(line), stoppingToken);
            foreach (var reply in result.Replies)
            {
                await platform.SendAsync(ConsolePlatform.Local, reply, null, stoppingToken);
            }
        }
    }

    /// <summary>"/ask when did…" → ask with arguments; "when did…" → ask as well.</summary>
    public static IncomingCommand Parse(string line)
    {
        var text = line.Trim();
        if (!text.StartsWith('/'))
        {
            return new IncomingCommand("ask", ConsolePlatform.Local, LocalUser) { Arguments = text };
        }

        var end = text.IndexOfAny([' ', '\t']);
        var name = end < 0 ? text[1..] : text[1..end];
        return new IncomingCommand(name, ConsolePlatform.Local, LocalUser) { Arguments = end < 0 ? "" : text[(end + 1)..] };
    }
}
