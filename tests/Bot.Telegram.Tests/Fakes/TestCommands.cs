using System.Collections.Concurrent;
using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Core.Subscriptions;

namespace Bot.Telegram.Tests.Fakes;

/// <summary>/ask: answers with the question echoed, a title, a citation and a footer (all raw text).</summary>
public sealed class TestAskCommand : IBotCommand
{
    public string Name => "ask";

    public string Description => "Ask a question about the anniversaries";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options { get; } = [new("question", "your question", Required: true, TakesRest: true)];

    public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult.Reply(new OutgoingMessage($"You asked: {context.Option("question")}")
        {
            Title = "Answer",
            Citations = [new Citation("spk-1979-01-07.txt", "Phnom Penh liberated", "1979-01-07", "SPK", "On 7 January 1979 the capital was liberated.")],
            Footer = "Try /fact or /help",
        }));
}

/// <summary>/time HH:MM: a moderator setting; remembers what it changed.</summary>
public sealed class TestTimeCommand : IBotCommand
{
    public ConcurrentQueue<(string Channel, string Time, string User)> Changes { get; } = new();

    public string Name => "time";

    public string Description => "Set the posting time";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } = [new("time", "HH:MM", Required: true)];

    public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var time = context.Option("time")!;
        Changes.Enqueue((context.Command.Channel.ChannelId, time, context.Command.Caller.UserId));
        return Task.FromResult(CommandResult.Reply($"Posting time set to {time}."));
    }
}

/// <summary>/zone: offers buttons.</summary>
public sealed class TestZoneCommand : IBotCommand
{
    public string Name => "zone";

    public string Description => "Choose a time zone";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options => [];

    public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult.Reply(new OutgoingMessage("Choose a posting time:")
        {
            Choices =
            [
                new("07:00", "/time 07:00"),
                new("08:00", "/time 08:00"),
                new("A very long label for a long command", "/time 09:00 " + new string('x', 80)),
            ],
        }));
}

/// <summary>/long: a 10 kB answer of numbered sentences.</summary>
public sealed class TestLongCommand : IBotCommand
{
    public static string Text { get; } = string.Join(" ", Enumerable.Range(1, 160).Select(i =>
        $"Sentence number {i} tells part of the story of 7 January 1979 & what followed <in> Phnom Penh."));

    public string Name => "long";

    public string Description => "A long answer";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options => [];

    public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult.Reply(Text));
}

/// <summary>/rec: records each call (chat, arguments, caller) in order; answers nothing. Optionally waits on a gate.</summary>
public sealed class TestRecordCommand : IBotCommand
{
    private int _running;
    private int _arrived;

    public ConcurrentQueue<(string Channel, string Arguments, Caller Caller)> Calls { get; } = new();

    public ConcurrentQueue<(string Channel, string Arguments)> Started { get; } = new();

    /// <summary>Pulsed whenever a call starts or ends.</summary>
    public Signal Changed { get; } = new();

    public int MaxConcurrent { get; private set; }

    /// <summary>When set, a call whose arguments are "wait" blocks until it completes (or is cancelled).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When above 1, the first that many calls each wait until all of them run at the same time: proof of
    /// concurrency that a sequential receiver can never give.</summary>
    public int Rendezvous { get; set; }

    public string Name => "rec";

    public string Description => "Records the call";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options { get; } = [new("text", "anything", TakesRest: true)];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        lock (Calls)
        {
            MaxConcurrent = Math.Max(MaxConcurrent, running);
        }

        try
        {
            Started.Enqueue((context.Command.Channel.ChannelId, context.Command.Arguments));
            Changed.Pulse();
            if (Gate is { } gate && context.Command.Arguments == "wait")
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (Interlocked.Increment(ref _arrived) <= Rendezvous)
            {
                await Changed.WhenAsync(() => MaxConcurrent >= Rendezvous, $"{Rendezvous} calls at once");
            }

            Calls.Enqueue((context.Command.Channel.ChannelId, context.Command.Arguments, context.Command.Caller));
            return new CommandResult([]);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            Changed.Pulse();
        }
    }
}

/// <summary>Records what the adapter reports about chats.</summary>
public sealed class RecordingChannelEvents : IChannelEvents
{
    public ConcurrentQueue<string> Events { get; } = new();

    public Task ChannelRemovedAsync(ChannelAddress channel, string reason, CancellationToken cancellationToken)
    {
        Events.Enqueue($"channel-removed {channel} {reason}");
        return Task.CompletedTask;
    }

    public Task BotRemovedAsync(string platform, string guildId, string reason, CancellationToken cancellationToken)
    {
        Events.Enqueue($"removed {platform} {guildId} {reason}");
        return Task.CompletedTask;
    }

    public Task BotPresentAsync(string platform, string guildId, CancellationToken cancellationToken)
    {
        Events.Enqueue($"present {platform} {guildId}");
        return Task.CompletedTask;
    }
}
