using System.Diagnostics;
using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>A stop with the console channel open (its read of stdin used to hold the host for 30 s): the bot exits
/// cleanly within 5 s of the signal.</summary>
[Trait("Category", "Slow")]
public sealed class ShutdownTests
{
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(5);

    [Fact]
    public Task Ctrl_C_stops_the_bot_with_the_console_open_within_five_seconds() => StopsCleanlyAsync("INT");

    [Fact]
    public Task Sigterm_stops_the_bot_with_the_console_open_within_five_seconds() => StopsCleanlyAsync("TERM");

    private static async Task StopsCleanlyAsync(string signal)
    {
        using var workspace = new BotWorkspace();
        await using var bot = BotProcess.Start(workspace, []);
        await bot.WaitForOutputAsync("Console channel ready", TimeSpan.FromMinutes(1));

        var watch = Stopwatch.StartNew();
        await bot.SignalAsync(signal);
        await bot.WaitForExitAsync(Allowed);

        watch.Elapsed.ShouldBeLessThan(Allowed);
        bot.ExitCode.ShouldBe(0);
    }
}
