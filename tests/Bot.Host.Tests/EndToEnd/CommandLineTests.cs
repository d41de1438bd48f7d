using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

[Trait("Category", "Slow")]
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_the_verbs_and_exits_zero()
    {
        using var workspace = new BotWorkspace();

        await using var bot = await BotProcess.RunAsync(workspace, ["help"]);

        bot.ExitCode.ShouldBe(0);
        bot.Output.ShouldContain("healthcheck");
    }

    [Fact]
    public async Task Unknown_verb_is_named_and_exits_with_usage_error()
    {
        using var workspace = new BotWorkspace();

        await using var bot = await BotProcess.RunAsync(workspace, ["frobnicate"]);

        bot.ExitCode.ShouldBe(2);
        bot.Errors.ShouldContain("Unknown command 'frobnicate'");
    }

    [Fact]
    public async Task Console_channel_answers_help_typed_on_stdin()
    {
        using var workspace = new BotWorkspace();
        await using var bot = BotProcess.Start(workspace, []);

        await bot.WaitForOutputAsync("Console channel ready", TimeSpan.FromMinutes(1));
        await bot.WriteLineAsync("/frobnicate");

        await bot.WaitForOutputAsync("Try /help", TimeSpan.FromMinutes(1));
    }
}
