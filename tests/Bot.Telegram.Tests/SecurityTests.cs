using Bot.Core.Messaging;
using Bot.Telegram.Tests.Fakes;
using Shouldly;

namespace Bot.Telegram.Tests;

public sealed class SecurityTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_token_never_appears_in_the_log_output_even_on_failures()
    {
        await using var api = await FakeBotApi.StartAsync();
        api.Script("getUpdates", Fault.ServerError());
        api.Script("getUpdates", Fault.DroppedConnection());
        api.Script("sendMessage", Fault.DroppedConnection(), chatId: 71);
        api.Script("sendMessage", Fault.Slow(TimeSpan.FromMinutes(5)), chatId: 72);
        api.Script("sendMessage", Fault.Kicked(), chatId: -73);
        var logs = new CapturingLoggerProvider();
        await using (var bot = await TelegramHarness.StartAsync(api, o => o.RequestTimeout = TimeSpan.FromSeconds(3), logs: logs))
        {
            var id = api.PushMessage(71, "private", 71, "/ask is the token safe?");
            await bot.ProcessedAsync(api, id);
            await bot.Platform.SendAsync(Sending.TelegramPlatform.Address(72), new OutgoingMessage("x"), null, CancellationToken.None);
            await bot.Platform.SendAsync(Sending.TelegramPlatform.Address(-73), new OutgoingMessage("x"), null, CancellationToken.None);
        }

        await using (var unreachable = await TelegramHarness.StartAsync(api, o => o.ApiBaseUrl = "http://127.0.0.1:1", logs: logs, start: false))
        {
            await unreachable.Platform.SendAsync(Sending.TelegramPlatform.Address(74), new OutgoingMessage("x"), null, CancellationToken.None);
            await unreachable.Platform.CheckCanPostAsync(Sending.TelegramPlatform.Address(-75), CancellationToken.None);
        }

        logs.Lines.Count(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).ShouldBeGreaterThan(4);
        var secretPart = FakeBotApi.Token[(FakeBotApi.Token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        logs.All.ShouldNotContain(secretPart);
        logs.All.ShouldNotContain("/bot4242424242");
    }
}
