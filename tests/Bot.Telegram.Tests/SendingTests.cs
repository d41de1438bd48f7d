using Bot.Core.Messaging;
using Bot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Telegram.Tests;

/// <summary>Scheduled sends through <see cref="Sending.TelegramPlatform"/>: Telegram's answers become send results.</summary>
public sealed class SendingTests : IAsyncLifetime
{
    private static readonly OutgoingMessage Post = new("On this day in 1979, Phnom Penh was liberated.") { Title = "7 January" };

    private FakeBotApi _api = null!;

    public async ValueTask InitializeAsync() => _api = await FakeBotApi.StartAsync();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static ChannelAddress Chat(long id) => Sending.TelegramPlatform.Address(id);

    [Fact]
    public async Task A_429_is_obeyed_for_that_chat_only_while_another_chat_proceeds()
    {
        var time = TestSupport.Clock();
        await using var bot = await TelegramHarness.StartAsync(_api, o =>
        {
            o.PerChatInterval = TimeSpan.FromSeconds(1);
            o.GlobalMessagesPerSecond = 25;
        }, s => s.AddSingleton<TimeProvider>(time), start: false);
        _api.Script("sendMessage", Fault.TooManyRequests(30), chatId: -100201);

        var limited = await bot.Platform.SendAsync(Chat(-100201), Post, "k1", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var other = await bot.Platform.SendAsync(Chat(-100202), Post, "k2", CancellationToken.None);
        var again = await bot.Platform.SendAsync(Chat(-100201), Post, "k1", CancellationToken.None);

        limited.Outcome.ShouldBe(SendOutcome.Retryable);
        limited.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
        other.Outcome.ShouldBe(SendOutcome.Sent);
        again.Outcome.ShouldBe(SendOutcome.Retryable);
        again.RetryAfter.ShouldBe(TimeSpan.FromSeconds(29));
        _api.Calls("sendMessage").Count(r => r.ChatId == -100201).ShouldBe(1); // not even tried while it must wait
    }

    [Fact]
    public async Task A_chat_held_by_a_429_is_sent_to_once_retry_after_has_passed()
    {
        var time = TestSupport.Clock();
        await using var bot = await TelegramHarness.StartAsync(_api, o => o.PerChatInterval = TimeSpan.FromSeconds(1),
            s => s.AddSingleton<TimeProvider>(time), start: false);
        _api.Script("sendMessage", Fault.TooManyRequests(30), chatId: -100203);
        await bot.Platform.SendAsync(Chat(-100203), Post, "k1", CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(30));
        var later = await bot.Platform.SendAsync(Chat(-100203), Post, "k1", CancellationToken.None);

        later.Outcome.ShouldBe(SendOutcome.Sent);
        _api.SentTo(-100203).ShouldHaveSingleItem();
    }

    /// <summary>Telegram may post a message and lose only the answer (a gateway's 500 or 502, a dropped connection),
    /// and the bot cannot tell that from a failure before posting: with no idempotency key, every such send is
    /// uncertain, never retried.</summary>
    [Theory]
    [InlineData("500 before accepting")]
    [InlineData("502 before accepting")]
    [InlineData("dropped before accepting")]
    [InlineData("500 after accepting")]
    [InlineData("dropped after accepting")]
    public async Task A_5xx_or_a_dropped_connection_after_the_request_went_out_is_uncertain(string fault)
    {
        await using var bot = await TelegramHarness.StartAsync(_api, start: false);
        _api.Script("sendMessage", fault switch
        {
            "500 before accepting" => Fault.ServerError(),
            "502 before accepting" => Fault.BadGateway(),
            "dropped before accepting" => Fault.DroppedConnection(),
            "500 after accepting" => Fault.AcceptedThenServerError(),
            _ => Fault.AcceptedThenDropped(),
        }, chatId: 301);

        var result = await bot.Platform.SendAsync(Chat(301), Post, null, CancellationToken.None);

        result.Outcome.ShouldBe(SendOutcome.Uncertain);
        result.Reason!.ShouldContain("after the request was sent");
        bot.Metrics.UncertainSends.ShouldBe(1);
        _api.Calls("sendMessage").Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_command_answer_whose_answer_was_lost_is_not_sent_again()
    {
        await using var bot = await TelegramHarness.StartAsync(_api);
        _api.Script("sendMessage", Fault.AcceptedThenDropped(), chatId: 302);

        var id = _api.PushMessage(302, "private", 302, "/ask anyone there?");
        await bot.ProcessedAsync(_api, id);

        _api.Calls("sendMessage").Count(r => r.ChatId == 302).ShouldBe(1);
        _api.SentTo(302).ShouldHaveSingleItem().Text.ShouldContain("anyone there?");
    }

    [Fact]
    public async Task A_migrated_group_comes_back_moved_with_the_new_id()
    {
        await using var bot = await TelegramHarness.StartAsync(_api, start: false);
        _api.Script("sendMessage", Fault.Migrated(-1009876543210), chatId: -401);

        var result = await bot.Platform.SendAsync(Chat(-401), Post, null, CancellationToken.None);

        result.Outcome.ShouldBe(SendOutcome.Moved);
        result.MovedToChannelId.ShouldBe("-1009876543210");
    }

    [Fact]
    public async Task A_kicked_or_blocked_bot_and_a_missing_chat_are_permanent()
    {
        await using var bot = await TelegramHarness.StartAsync(_api, start: false);
        _api.Script("sendMessage", Fault.Kicked(), chatId: -501);
        _api.Script("sendMessage", Fault.Blocked(), chatId: 502);
        _api.Script("sendMessage", Fault.ChatNotFound(), chatId: -503);

        var kicked = await bot.Platform.SendAsync(Chat(-501), Post, null, CancellationToken.None);
        var blocked = await bot.Platform.SendAsync(Chat(502), Post, null, CancellationToken.None);
        var missing = await bot.Platform.SendAsync(Chat(-503), Post, null, CancellationToken.None);

        kicked.Outcome.ShouldBe(SendOutcome.Permanent);
        kicked.Reason!.ShouldContain("bot was kicked");
        blocked.Outcome.ShouldBe(SendOutcome.Permanent);
        blocked.Reason!.ShouldContain("blocked by the user");
        missing.Outcome.ShouldBe(SendOutcome.Permanent);
        missing.Reason!.ShouldContain("chat not found");
    }

    [Fact]
    public async Task A_timeout_after_the_request_was_sent_is_uncertain_logged_and_counted()
    {
        var time = TestSupport.Clock();
        await using var bot = await TelegramHarness.StartAsync(_api, o => o.RequestTimeout = TimeSpan.FromSeconds(20),
            s => s.AddSingleton<TimeProvider>(time), start: false);
        _api.Script("sendMessage", Fault.Slow(TimeSpan.FromMinutes(5)), chatId: 601);

        var sending = bot.Platform.SendAsync(Chat(601), Post, null, CancellationToken.None);
        await _api.WhenAsync(() => _api.Calls("sendMessage").Count == 1, "the request to reach Telegram");
        time.Advance(TimeSpan.FromSeconds(20));
        var result = await sending;

        result.Outcome.ShouldBe(SendOutcome.Uncertain);
        bot.Platform.DeduplicatesByKey.ShouldBeFalse();
        bot.Metrics.UncertainSends.ShouldBe(1);
        bot.Logs.Lines.ShouldContain(l => l.Message.Contains("recorded as uncertain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_server_is_retryable_not_uncertain()
    {
        await using var bot = await TelegramHarness.StartAsync(_api, o => o.ApiBaseUrl = "http://127.0.0.1:1", start: false);

        var result = await bot.Platform.SendAsync(Chat(602), Post, null, CancellationToken.None);

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        bot.Metrics.UncertainSends.ShouldBe(0);
    }

    [Fact]
    public async Task Pre_flight_names_the_missing_channel_right()
    {
        await using var bot = await TelegramHarness.StartAsync(_api, start: false);
        _api.SetChat(-100701, "channel");
        _api.SetMember(-100701, FakeBotApi.BotUserId, "administrator", canPostMessages: false);
        _api.SetChat(-100702, "channel");
        _api.SetMember(-100702, FakeBotApi.BotUserId, "administrator", canPostMessages: true);
        _api.SetChat(-100703, "channel");
        _api.SetMember(-100703, FakeBotApi.BotUserId, "left");
        _api.SetChat(-100704, "supergroup");

        var noRight = await bot.Platform.CheckCanPostAsync(Chat(-100701), CancellationToken.None);
        var allowed = await bot.Platform.CheckCanPostAsync(Chat(-100702), CancellationToken.None);
        var absent = await bot.Platform.CheckCanPostAsync(Chat(-100703), CancellationToken.None);
        var group = await bot.Platform.CheckCanPostAsync(Chat(-100704), CancellationToken.None);

        noRight.CanPost.ShouldBeFalse();
        noRight.Problem!.ShouldContain("can_post_messages");
        allowed.ShouldBe(PostingCheck.Ok);
        absent.CanPost.ShouldBeFalse();
        absent.Problem!.ShouldContain("not a member");
        group.ShouldBe(PostingCheck.Ok);
    }

    [Fact]
    public async Task One_message_per_second_in_a_chat_without_holding_up_other_chats()
    {
        var time = TestSupport.Clock();
        _api.Clock = time.GetUtcNow;
        await using var bot = await TelegramHarness.StartAsync(_api, o =>
        {
            o.PerChatInterval = TimeSpan.FromSeconds(1);
            o.GlobalMessagesPerSecond = 1000;
        }, s => s.AddSingleton<TimeProvider>(time), start: false);

        var toA = Enumerable.Range(1, 3).Select(i => bot.Platform.SendAsync(Chat(801), new OutgoingMessage($"a{i}"), null, CancellationToken.None)).ToList();
        var toB = bot.Platform.SendAsync(Chat(802), new OutgoingMessage("b1"), null, CancellationToken.None);
        (await toB).Outcome.ShouldBe(SendOutcome.Sent);
        (await toA[0]).Outcome.ShouldBe(SendOutcome.Sent);
        var waiting = toA.Skip(1).ToList();
        waiting.ShouldAllBe(t => !t.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        var second = await Task.WhenAny(waiting);
        (await second).Outcome.ShouldBe(SendOutcome.Sent);
        waiting.Remove(second);
        waiting.ShouldHaveSingleItem().IsCompleted.ShouldBeFalse();

        time.Advance(TimeSpan.FromSeconds(1));
        (await waiting[0]).Outcome.ShouldBe(SendOutcome.Sent);
        var sent = _api.SentTo(801);
        sent.Count.ShouldBe(3);
        (sent[1].At - sent[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        (sent[2].At - sent[1].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Sends_over_all_chats_keep_to_the_global_rate()
    {
        var time = TestSupport.Clock();
        await using var bot = await TelegramHarness.StartAsync(_api, o => o.GlobalMessagesPerSecond = 25,
            s => s.AddSingleton<TimeProvider>(time), start: false);

        var finished = 0;
        var progress = new Signal();
        var sends = Enumerable.Range(1, 45).Select(async i =>
        {
            var result = await bot.Platform.SendAsync(Chat(900 + i), Post, null, CancellationToken.None);
            Interlocked.Increment(ref finished);
            progress.Pulse();
            return result;
        }).ToList();

        // The first 25 go at once; the others wait until a second after those ended (the clock stands still).
        await progress.WhenAsync(() => Volatile.Read(ref finished) >= 25, "the first second's sends");
        Volatile.Read(ref finished).ShouldBe(25);
        _api.Sent.Count.ShouldBe(25);

        time.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(sends);
        results.ShouldAllBe(r => r.Outcome == SendOutcome.Sent);
        _api.Sent.Select(r => r.ChatId).Distinct().Count().ShouldBe(45);
    }
}
