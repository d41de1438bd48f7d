using Bot.Telegram.Receiving;
using Bot.Telegram.Tests.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shouldly;
using Telegram.Bot.Types;

namespace Bot.Telegram.Tests;

/// <summary>Receiving updates: ordering, concurrency, restarts and failures.</summary>
public sealed class IntakeTests : IAsyncLifetime
{
    private FakeBotApi _api = null!;

    public async ValueTask InitializeAsync() => _api = await FakeBotApi.StartAsync();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_flood_of_1000_updates_from_50_chats_is_handled_once_each_in_chat_order_and_concurrently()
    {
        await using var bot = await TelegramHarness.StartAsync(_api, prepare: h => h.Record.Rendezvous = 3);
        var last = 0;
        for (var n = 1; n <= 20; n++)
        {
            for (var chat = 1; chat <= 50; chat++)
            {
                last = _api.PushMessage(-1002000 - chat, "supergroup", 3000 + chat, $"/rec {n}");
            }
        }

        await bot.ProcessedAsync(_api, last);

        var calls = bot.Record.Calls.ToList();
        calls.Count.ShouldBe(1000);
        foreach (var chat in calls.GroupBy(c => c.Channel))
        {
            chat.Select(c => int.Parse(c.Arguments, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(Enumerable.Range(1, 20));
        }

        calls.Select(c => c.Channel).Distinct().Count().ShouldBe(50);
        bot.Record.MaxConcurrent.ShouldBeGreaterThanOrEqualTo(3); // the first three calls waited for each other
    }

    [Fact]
    public async Task A_restart_neither_loses_nor_repeats_an_update()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tg-intake-{Guid.NewGuid():N}.db");
        try
        {
            var gate = new TaskCompletionSource();
            var first = await TelegramHarness.StartAsync(_api,
                services: s => s.AddSingleton(TestSupport.SqliteJournal(path)),
                prepare: h => h.Record.Gate = gate);
            _api.PushMessage(1, "private", 1, "/rec one");
            _api.PushMessage(2, "private", 2, "/rec wait");
            var third = _api.PushMessage(2, "private", 2, "/rec three");
            await _api.WhenAsync(() => _api.ConfirmedOffset > third, "all three updates to be taken in");
            await first.Record.Changed.WhenAsync(() => first.Record.Calls.Count == 1 && first.Record.Started.Any(s => s.Arguments == "wait"),
                "'one' to be handled and 'wait' to be under way");
            await first.DisposeAsync(); // "wait" is interrupted, "three" never started

            first.Record.Calls.Select(c => c.Arguments).ShouldBe(["one"]);
            var fourth = _api.PushMessage(1, "private", 1, "/rec four");
            var pollsBefore = _api.Calls("getUpdates").Count;

            await using var second = await TelegramHarness.StartAsync(_api,
                services: s => s.AddSingleton(TestSupport.SqliteJournal(path)));
            await second.ProcessedAsync(_api, fourth);

            second.Record.Calls.Select(c => c.Arguments).Order().ShouldBe(["four", "three", "wait"]);
            second.Record.Calls.Where(c => c.Channel == "2").Select(c => c.Arguments).ShouldBe(["wait", "three"]);
            // The restarted poller starts from the stored offset: nothing already taken in is delivered again.
            _api.Calls("getUpdates")[pollsBefore].Body["offset"]!.GetValue<int>().ShouldBe(third + 1);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task A_failing_handler_apologises_is_logged_with_the_update_id_and_intake_goes_on()
    {
        await using var bot = await TelegramHarness.StartAsync(_api,
            services: s => s.AddSingleton<IUpdateHandler>(sp => new FailOn("/rec boom", ActivatorUtilities.CreateInstance<UpdateHandler>(sp))));
        var boom = _api.PushMessage(31, "private", 31, "/rec boom", messageId: 700);
        var after = _api.PushMessage(31, "private", 31, "/rec after");
        await bot.ProcessedAsync(_api, after);

        var apology = _api.SentTo(31).ShouldHaveSingleItem();
        apology.Text.ShouldBe(UpdateIntake.Apology);
        apology.ReplyTo.ShouldBe(700);
        bot.Record.Calls.Select(c => c.Arguments).ShouldBe(["after"]);
        bot.Logs.Lines.ShouldContain(l => l.Level == LogLevel.Error && l.Message.Contains($"update {boom} failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_poller_survives_server_errors_dropped_connections_and_conflicts()
    {
        _api.Script("getUpdates", Fault.ServerError());
        _api.Script("getUpdates", Fault.DroppedConnection());
        _api.Script("getUpdates", new Fault { Status = 409, Description = "Conflict: terminated by other getUpdates request" });
        _api.Script("getUpdates", Fault.TooManyRequests(1));
        await using var bot = await TelegramHarness.StartAsync(_api);

        var id = _api.PushMessage(41, "private", 41, "/rec still here");
        await bot.ProcessedAsync(_api, id);

        bot.Record.Calls.ShouldHaveSingleItem().Arguments.ShouldBe("still here");
        _api.Calls("deleteWebhook").Count.ShouldBeGreaterThanOrEqualTo(2); // at start and after the conflict
    }

    [Fact]
    public async Task The_command_menu_is_registered_on_start()
    {
        await using var bot = await TelegramHarness.StartAsync(_api);
        await _api.WhenAsync(() => _api.Calls("setMyCommands").Count == 1, "setMyCommands");

        var commands = _api.Calls("setMyCommands").Single().Body["commands"]!.AsArray()
            .Select(c => (c!["command"]!.GetValue<string>(), c["description"]!.GetValue<string>())).ToList();
        commands.ShouldContain(("ask", "Ask a question about the anniversaries"));
        commands.ShouldContain(("time", "Set the posting time (moderators)"));
        commands.Select(c => c.Item1).Order().ShouldBe(["ask", "long", "rec", "time", "zone"]);
    }

    [Fact]
    public async Task A_rejected_token_stops_the_bot_with_a_clear_message_instead_of_retrying()
    {
        await using var bot = await TelegramHarness.StartAsync(_api, o => o.Token = "4242424242:wrong-token");
        var stopping = new TaskCompletionSource();
        bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        await stopping.Task.WaitAsync(Signal.Patience, TestContext.Current.CancellationToken);

        bot.Logs.Lines.ShouldContain(l => l.Level == LogLevel.Critical && l.Message.Contains("Telegram:Token", StringComparison.Ordinal));
        _api.Calls("getMe").ShouldHaveSingleItem();
        _api.Calls("getUpdates").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_minimal_bot_api_without_webhook_menu_or_getchat_methods_still_gets_answers()
    {
        _api.Unsupported.UnionWith(["deleteWebhook", "setMyCommands", "getChat"]);
        await using var bot = await TelegramHarness.StartAsync(_api);

        var id = _api.PushMessage(-100051, "supergroup", 51, "/rec fine");
        await bot.ProcessedAsync(_api, id);
        var check = await bot.Platform.CheckCanPostAsync(Sending.TelegramPlatform.Address(-100051), TestContext.Current.CancellationToken);

        bot.Record.Calls.ShouldHaveSingleItem().Arguments.ShouldBe("fine");
        check.ShouldBe(Core.Messaging.PostingCheck.Ok);
        bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested.ShouldBeFalse();
    }

    private sealed class FailOn(string text, IUpdateHandler inner) : IUpdateHandler
    {
        public Task HandleAsync(Update update, CancellationToken cancellationToken) =>
            update.Message?.Text == text ? throw new InvalidOperationException("handler exploded") : inner.HandleAsync(update, cancellationToken);
    }
}
