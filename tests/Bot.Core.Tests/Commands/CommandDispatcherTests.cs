using Bot.Core.Commands;
using Bot.Core.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Bot.Core.Tests.Commands;

public sealed class CommandDispatcherTests
{
    private static readonly ChannelAddress Channel = new("test", "1");

    private sealed class EchoCommand(CommandAccess access) : IBotCommand
    {
        public int Runs { get; private set; }

        public string Name => access == CommandAccess.Moderator ? "time" : "ask";

        public string Description => "echoes its options";

        public CommandAccess Access => access;

        public IReadOnlyList<CommandOption> Options { get; } =
        [
            new("first", "the first word", Required: true),
            new("rest", "the rest", TakesRest: true),
        ];

        public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
        {
            Runs++;
            return Task.FromResult(CommandResult.Reply($"{context.Option("first")}|{context.Option("rest")}"));
        }
    }

    private sealed class FailingCommand : IBotCommand
    {
        public string Name => "boom";

        public string Description => "always throws";

        public CommandAccess Access => CommandAccess.Everyone;

        public IReadOnlyList<CommandOption> Options => [];

        public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }

    private static IncomingCommand Incoming(string name, string arguments, bool moderator = false) =>
        new(name, Channel, new Caller("u1", "User", moderator)) { Arguments = arguments };

    [Fact]
    public async Task Non_moderator_is_refused_a_moderator_command_and_it_does_not_run()
    {
        var command = new EchoCommand(CommandAccess.Moderator);
        var dispatcher = new CommandDispatcher([command], NullLogger<CommandDispatcher>.Instance);

        var result = await dispatcher.DispatchAsync(Incoming("time", "09:00"), CancellationToken.None);

        command.Runs.ShouldBe(0);
        result.Replies.Single().Text.ShouldContain("Only moderators");
    }

    [Fact]
    public async Task Moderator_runs_a_moderator_command()
    {
        var command = new EchoCommand(CommandAccess.Moderator);
        var dispatcher = new CommandDispatcher([command], NullLogger<CommandDispatcher>.Instance);

        await dispatcher.DispatchAsync(Incoming("time", "09:00", moderator: true), CancellationToken.None);

        command.Runs.ShouldBe(1);
    }

    [Fact]
    public async Task Text_arguments_fill_options_in_order_and_the_last_takes_the_rest()
    {
        var dispatcher = new CommandDispatcher([new EchoCommand(CommandAccess.Everyone)], NullLogger<CommandDispatcher>.Instance);

        var result = await dispatcher.DispatchAsync(Incoming("ASK", "  one two  three "), CancellationToken.None);

        result.Replies.Single().Text.ShouldBe("one|two  three");
    }

    [Fact]
    public async Task Missing_required_option_is_explained_with_usage()
    {
        var dispatcher = new CommandDispatcher([new EchoCommand(CommandAccess.Everyone)], NullLogger<CommandDispatcher>.Instance);

        var result = await dispatcher.DispatchAsync(Incoming("ask", "   "), CancellationToken.None);

        result.Replies.Single().Text.ShouldContain("/ask <first> [rest]");
    }

    [Fact]
    public async Task Unknown_command_points_to_help()
    {
        var dispatcher = new CommandDispatcher([], NullLogger<CommandDispatcher>.Instance);

        var result = await dispatcher.DispatchAsync(Incoming("nope", ""), CancellationToken.None);

        result.Replies.Single().Text.ShouldContain("/help");
    }

    [Fact]
    public async Task Failing_command_answers_politely_instead_of_throwing()
    {
        var dispatcher = new CommandDispatcher([new FailingCommand()], NullLogger<CommandDispatcher>.Instance);

        var result = await dispatcher.DispatchAsync(Incoming("boom", ""), CancellationToken.None);

        result.Replies.Single().Text.ShouldContain("try again");
    }
}
