using Bot.Core.Commands;
using Bot.Core.Messaging;

namespace Bot.Discord.Tests.Fakes;

/// <summary>A stand-in for the real /ask: answers with a title and a cited passage.</summary>
public sealed class TestAskCommand : IBotCommand
{
    public string Name => "ask";

    public string Description => "Ask a question about the anniversaries";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options { get; } = [new("question", "Your question", Required: true, TakesRest: true)];

    public List<string> Questions { get; } = [];

    public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var question = context.Option("question") ?? "";
        lock (Questions)
        {
            Questions.Add(question);
        }

        return Task.FromResult(CommandResult.Reply(new OutgoingMessage($"You asked: {question}")
        {
            Title = "On 7 January 1979",
            Citations = [new Citation("doc-1", "Victory over genocide", "2024-01-07", "VNA", "On 7 January 1979 Phnom Penh was liberated.")],
            Footer = "Try /fact or /help",
        }));
    }
}

/// <summary>A moderator command like the real /anniversary setup, with a channel option and time-zone suggestions.</summary>
public sealed class TestSetupCommand : IBotCommand, IOptionSuggestions
{
    public string Name => "setup";

    public string Description => "Post anniversaries in a channel at a time";

    public CommandAccess Access => CommandAccess.Moderator;

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("time", "Local time, HH:mm"),
        new("channel", "Where to post", CommandOptionKind.Channel, Required: true),
        new("timezone", "IANA time zone", Autocomplete: true),
    ];

    private int _runs;

    public int Runs => _runs;

    public IReadOnlyDictionary<string, string>? LastOptions { get; private set; }

    public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        LastOptions = new Dictionary<string, string>
        {
            ["channel"] = context.Option("channel") ?? "",
            ["time"] = context.Option("time") ?? "",
            ["timezone"] = context.Option("timezone") ?? "",
        };
        return Task.FromResult(CommandResult.Reply($"Posts go to <#{context.Option("channel")}> at {context.Option("time")} {context.Option("timezone")}."));
    }

    public IReadOnlyList<string> Suggest(string optionName, string typedSoFar, int max) =>
        optionName == "timezone"
            ? [.. new[] { "Asia/Phnom_Penh", "Asia/Ho_Chi_Minh", "Europe/Paris" }.Where(z => z.Contains(typedSoFar, StringComparison.OrdinalIgnoreCase)).Take(max)]
            : [];
}

/// <summary>Takes longer than the defer threshold.</summary>
public sealed class SlowCommand(TimeSpan delay) : IBotCommand
{
    public string Name => "today";

    public string Description => "What happened on this day";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options => [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return CommandResult.Reply(new OutgoingMessage("On this day in 1979…") { Title = "Today" });
    }
}
