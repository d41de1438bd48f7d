using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>A bad setting stops the bot at start with one line on stderr naming the setting, nothing on stdout and no
/// stack trace (unless --verbose).</summary>
[Trait("Category", "Slow")]
public sealed class StartupFailureTests
{
    [Theory]
    [InlineData("--Scheduling:DefaultTimeZone=Mars/Base", "Scheduling:DefaultTimeZone")]
    [InlineData("--ConnectionStrings:Bot=Data Sorce=x", "ConnectionStrings:Bot")]
    public async Task A_bad_setting_is_named_on_stderr_without_a_stack_trace(string setting, string named)
    {
        using var workspace = new BotWorkspace();

        await using var bot = await BotProcess.RunAsync(workspace, [setting]);

        bot.ExitCode.ShouldNotBe(0);
        bot.Errors.ShouldContain(named);
        bot.Errors.ShouldNotContain("   at ");
        bot.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task Verbose_brings_the_stack_trace_back()
    {
        using var workspace = new BotWorkspace();

        await using var bot = await BotProcess.RunAsync(workspace, ["--verbose", "--Scheduling:DefaultTimeZone=Mars/Base"]);

        bot.ExitCode.ShouldNotBe(0);
        bot.Errors.ShouldContain("   at ");
    }
}
