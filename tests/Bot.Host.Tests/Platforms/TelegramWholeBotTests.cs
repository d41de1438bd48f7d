using System.Globalization;
using Bot.Core.Scheduling;
using Bot.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Bot.Host.Tests.Platforms;

/// <summary>The whole bot (real fact store and corpus, commands, scheduler and delivery pipeline) talking to a fake
/// Telegram Bot API through its real Telegram adapter; time is a fake clock.</summary>
[Collection(OneBotAtATime.Name)]
public sealed class TelegramWholeBotTests : IAsyncLifetime
{
    /// <summary>Subscribed chats in the delivery test (Telegram's real limits apply: 30 messages/s in total).</summary>
    private const int ManyChats = 200;

    /// <summary>The bot's global limit (Telegram's, the default it keeps): messages per second.</summary>
    private const int GlobalLimit = 30;

    private const long Admin = 7001;
    private const long Member = 7002;
    private const long Group = -1001234567890;

    private readonly BotFolder _folder = new();
    private readonly FakeTimeProvider _clock = AnniversaryMorning.Clock();
    private FakeBotApi _api = null!;
    private WholeBot? _bot;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _api.Clock = _clock.GetUtcNow;
        _api.SetChat(Group, "supergroup", "Anniversary friends");
        _api.SetMember(Group, Admin, "administrator");
        _bot = await StartBotAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        await _api.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Ask_about_January_7_1979_gets_a_cited_HTML_answer()
    {
        var answer = await CommandAsync(Group, Admin, "/ask What happened on January 7, 1979?");

        answer.ParseMode.ShouldBe("HTML");
        answer.Text.ShouldContain("1979");
        answer.Text.ShouldContain("<i>— ");
    }

    [Fact]
    public async Task Today_answers_with_the_anniversary()
    {
        var answer = await CommandAsync(Group, Member, "/today");

        answer.Text.ShouldContain("48");
    }

    [Fact]
    public async Task Next_answers_with_an_occasion()
    {
        var answer = await CommandAsync(Group, Member, "/next");

        answer.ParseMode.ShouldBe("HTML");
        answer.Text.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Non_admin_setup_in_a_group_is_refused_and_changes_nothing()
    {
        var answer = await CommandAsync(Group, Member, "/setup 09:00 Asia/Phnom_Penh");

        answer.Text.ShouldContain("Only moderators");
        (await _bot!.Subscriptions.FindAsync("telegram", Group.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Admin_setup_is_accepted()
    {
        var answer = await CommandAsync(Group, Admin, "/setup 09:00 Asia/Phnom_Penh");

        answer.Text.ShouldContain("09:00");
        var subscription = await _bot!.Subscriptions.FindAsync("telegram", Group.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        subscription.ShouldNotBeNull();
        subscription.TimeZone.ShouldBe("Asia/Phnom_Penh");
    }

    [Fact]
    public async Task Setup_with_a_time_and_a_city_sets_both()
    {
        await CommandAsync(Group, Admin, "/setup 9:30 pm Phnom Penh");

        var subscription = (await _bot!.Subscriptions.FindAsync("telegram", Group.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None))!;
        subscription.TimeZone.ShouldBe("Asia/Phnom_Penh");
        subscription.PostTime.ShouldBe(new NodaTime.LocalTime(21, 30));
    }

    [Fact]
    public async Task Unsubscribe_is_confirmed_with_an_inline_button()
    {
        var chat = Group.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CommandAsync(Group, Admin, "/setup 09:00 Asia/Phnom_Penh");

        var question = await CommandAsync(Group, Admin, "/unsubscribe");
        var button = question.Body["reply_markup"]!["inline_keyboard"]![0]![0]!;
        button["callback_data"]!.GetValue<string>().ShouldBe("/unsubscribe confirm");
        (await _bot!.Subscriptions.FindAsync("telegram", chat, CancellationToken.None)).ShouldNotBeNull();

        _api.PushCallback(Group, "supergroup", Admin, button["callback_data"]!.GetValue<string>(), messageId: 900);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _api.WhenAsync(() => _api.Calls("editMessageText").Count > 0, "the question replaced by the answer");
        await _bot.SettledAsync();

        var answer = _api.Calls("editMessageText").ShouldHaveSingleItem();
        answer.Body["message_id"]!.GetValue<int>().ShouldBe(900);
        answer.Text.ShouldContain("Unsubscribed");
        (await _bot.Subscriptions.FindAsync("telegram", chat, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Admin_adds_the_chats_own_occasion_and_a_member_cannot_remove_it()
    {
        await CommandAsync(Group, Admin, "/setup 09:00 Asia/Phnom_Penh");

        var added = await CommandAsync(Group, Admin, "/occasion add 03-14 2019 Founding of this group");
        var refused = await CommandAsync(Group, Member, "/occasion remove founding");
        var list = await CommandAsync(Group, Admin, "/occasions");

        added.Text.ShouldContain("Added: Founding of this group (March 14, 2019)");
        refused.Text.ShouldContain("Only moderators of this channel can use /occasion");
        list.Text.ShouldContain("Founding of this group, 8th anniversary");
        var subscription = await _bot!.Subscriptions.FindAsync("telegram", Group.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        subscription.ShouldNotBeNull().OwnOccasions.ShouldHaveSingleItem().Title.ShouldBe("Founding of this group");
    }

    [Fact]
    public async Task January_7_post_arrives_once_at_nine_in_Phnom_Penh()
    {
        await CommandAsync(Group, Admin, "/setup 09:00 Asia/Phnom_Penh");
        var witness = await SubscribeAsync(-1009000000001, "09:03");
        Posts(Group).ShouldBeEmpty();

        _clock.SetUtcNow(AnniversaryMorning.PostTime + TimeSpan.FromSeconds(30));
        await _clock.DriveAsync(() => Posts(Group).Count > 0, () => _api.Requests.Count, Changes, "the January 7 post");
        await _bot!.SettledAsync();
        _clock.SetUtcNow(AnniversaryMorning.PostTime + TimeSpan.FromMinutes(3.5));
        await _clock.DriveAsync(() => Posts(witness).Count > 0, () => _api.Requests.Count, Changes, "a later post, showing later planner runs");

        var post = Posts(Group).ShouldHaveSingleItem();
        post.Text.ShouldContain("48th");
        post.Text.ShouldContain("<i>— ");
        post.ParseMode.ShouldBe("HTML");
    }

    /// <summary>Telegram took the post and the connection dropped before its answer: the post is in the chat once and
    /// the ledger says uncertain; planner runs past the time a retry would have come (a later subscription's post
    /// shows them) do not send it again. (A 500 after accepting is the same outcome: see the Telegram SendingTests.)</summary>
    [Fact]
    public async Task A_post_Telegram_took_but_whose_answer_was_lost_is_recorded_uncertain_and_not_sent_again()
    {
        await CommandAsync(Group, Admin, "/setup 09:00 Asia/Phnom_Penh");
        var witness = await SubscribeAsync(-1009000000003, "09:02");
        _api.Script("sendMessage", Fault.AcceptedThenDropped(), chatId: Group);

        _clock.SetUtcNow(AnniversaryMorning.PostTime + TimeSpan.FromSeconds(30));
        await _clock.DriveAsync(() => Posts(Group).Count > 0, () => _api.Requests.Count, Changes, "the January 7 post");
        await _bot!.SettledAsync();
        _clock.SetUtcNow(AnniversaryMorning.PostTime + TimeSpan.FromMinutes(2.5));
        await _clock.DriveAsync(() => Posts(witness).Count > 0, () => _api.Requests.Count, Changes, "a later post, past the first retry's time");
        await _bot.SettledAsync();

        Posts(Group).ShouldHaveSingleItem();
        var subscription = (await _bot.Subscriptions.FindAsync("telegram", Group.ToString(CultureInfo.InvariantCulture), CancellationToken.None)).ShouldNotBeNull();
        var delivery = (await _bot.Services.GetRequiredService<IDeliveryLedger>().ForSubscriptionAsync(subscription.Id, CancellationToken.None)).ShouldHaveSingleItem();
        delivery.Status.ShouldBe(DeliveryStatus.Uncertain);
        delivery.Attempts.ShouldBe(1);
        delivery.LastError.ShouldNotBeNull().ShouldContain("after the request was sent");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task January_7_post_reaches_every_chat_once_within_the_limits_and_not_again_after_a_restart()
    {
        var chats = Enumerable.Range(1, ManyChats).Select(i => -1005000000000 - i).ToList();
        foreach (var chat in chats)
        {
            _api.SetChat(chat, "supergroup");
            _api.SetMember(chat, Admin, "administrator");
            _api.PushMessage(chat, "supergroup", Admin, "/setup 09:00 Asia/Phnom_Penh");
        }

        // The conditions are checked on every request the fake answers: each is one pass over what it recorded.
        await _clock.DriveAsync(() => _api.Sent.Select(r => r.ChatId).ToHashSet().IsSupersetOf(chats), () => _api.Sent.Count, Changes, "every setup answered", GlobalAllowanceUsed);
        await _bot!.SettledAsync();
        _clock.SetUtcNow(AnniversaryMorning.PostTime + TimeSpan.FromSeconds(30));
        await _clock.DriveAsync(() => _api.Sent.Where(r => r.ReplyTo is null).Select(r => r.ChatId).ToHashSet().IsSupersetOf(chats), () => _api.Sent.Count, Changes, "the post in every chat", GlobalAllowanceUsed);
        await _bot.SettledAsync();

        await _bot!.DisposeAsync();
        _bot = await StartBotAsync();
        var witness = await SubscribeAsync(-1009000000002, "09:05");
        _clock.SetUtcNow(AnniversaryMorning.PostTime + TimeSpan.FromMinutes(5.5));
        await _clock.DriveAsync(() => Posts(witness).Count > 0, () => _api.Requests.Count, Changes, "the post after the restart");

        chats.ShouldAllBe(c => Posts(c).Count == 1);
        NoChatLimitBroken();
        MostPostsInOneSecond().ShouldBeLessThanOrEqualTo(GlobalLimit);
    }

    /// <summary>Telegram has had this second's whole allowance: the bot cannot send more before the clock moves.</summary>
    private bool GlobalAllowanceUsed() => _api.Sending == 0 && _api.SendsInTheSecondBefore(_clock.GetUtcNow()) >= GlobalLimit;

    private Task<WholeBot> StartBotAsync() => WholeBot.StartAsync(_folder, _clock,
        $"--Telegram:Token={FakeBotApi.Token}",
        $"--Telegram:ApiBaseUrl={_api.BaseUrl}");

    /// <summary>A user's command in a group, and the bot's answer in it. The clock moves on two seconds meanwhile,
    /// past the one-message-per-second limit of the chat (a limit the bot measures on this clock).</summary>
    private async Task<RecordedRequest> CommandAsync(long chatId, long userId, string text)
    {
        var before = _api.SentTo(chatId).Count;
        _api.PushMessage(chatId, "supergroup", userId, text);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _api.WhenAsync(() => _api.SentTo(chatId).Count > before, $"an answer to {text}");
        await _bot!.SettledAsync();
        return _api.SentTo(chatId)[before];
    }

    /// <summary>Another group subscribed for a later time, whose post shows that the planner ran after the others'.</summary>
    private async Task<long> SubscribeAsync(long chatId, string time)
    {
        _api.SetChat(chatId, "supergroup");
        _api.SetMember(chatId, Admin, "administrator");
        await CommandAsync(chatId, Admin, $"/setup {time} Asia/Phnom_Penh");
        return chatId;
    }

    private Task Changes(Func<bool> condition, TimeSpan patience) => _api.WhenAsync(condition, "a change", patience);

    /// <summary>Scheduled posts: the bot's messages that answer no one.</summary>
    private List<RecordedRequest> Posts(long chatId) => [.. _api.SentTo(chatId).Where(r => r.ReplyTo is null)];

    private void NoChatLimitBroken()
    {
        foreach (var chat in _api.Sent.GroupBy(r => r.ChatId))
        {
            var times = chat.Select(r => r.At).Order().ToList();
            times.Zip(times.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap >= TimeSpan.FromSeconds(1), $"chat {chat.Key}");
        }
    }

    private int MostPostsInOneSecond()
    {
        var times = _api.Sent.Select(r => r.At).Order().ToList();
        var most = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= TimeSpan.FromSeconds(1))
            {
                start++;
            }

            most = Math.Max(most, end - start + 1);
        }

        return most;
    }
}

/// <summary>Whole-bot tests run one at a time: each starts a full host (Quartz among it) or a bot process, and the CI
/// machine is small. The collection runs beside the project's other classes (it starts among the first: see
/// <see cref="LongestFirst"/>) rather than alone after them, which left one core idle through most of it.</summary>
[CollectionDefinition(Name)]
public sealed class OneBotAtATime
{
    public const string Name = "Whole bot";
}
