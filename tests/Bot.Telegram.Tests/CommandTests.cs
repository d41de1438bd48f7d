using System.Text.Json.Nodes;
using Bot.Telegram.Formatting;
using Bot.Telegram.Tests.Fakes;
using Shouldly;

namespace Bot.Telegram.Tests;

/// <summary>Commands arriving as Telegram updates through the real Telegram.Bot client and the fake Bot API.</summary>
public sealed class CommandTests : IAsyncLifetime
{
    private FakeBotApi _api = null!;
    private TelegramHarness _bot = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _bot = await TelegramHarness.StartAsync(_api);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_user_asks_and_gets_a_cited_html_answer_as_a_reply()
    {
        var id = _api.PushMessage(-100101, "supergroup", 11, "/ask When was Phnom Penh liberated?", messageId: 77);
        await _bot.ProcessedAsync(_api, id);

        var reply = _api.SentTo(-100101).ShouldHaveSingleItem();
        reply.ParseMode.ShouldBe("HTML");
        reply.ReplyTo.ShouldBe(77);
        reply.Text.ShouldBe(
            "<b>Answer</b>\nYou asked: When was Phnom Penh liberated?\n\n" +
            "<blockquote>On 7 January 1979 the capital was liberated.</blockquote>\n" +
            "<i>— Phnom Penh liberated (SPK, 1979-01-07)</i>\n\n<i>Try /fact or /help</i>");
    }

    [Fact]
    public async Task Html_in_a_question_comes_back_escaped()
    {
        var id = _api.PushMessage(15, "private", 15, "/ask <b>bold</b> & </a> <a href=\"x\">link</a>?");
        await _bot.ProcessedAsync(_api, id);

        var text = _api.SentTo(15).ShouldHaveSingleItem().Text;
        text.ShouldContain("You asked: &lt;b&gt;bold&lt;/b&gt; &amp; &lt;/a&gt; &lt;a href=&quot;x&quot;&gt;link&lt;/a&gt;?");
        text.ShouldNotContain("<b>bold");
        text.ShouldNotContain("</a>");
    }

    [Fact]
    public async Task A_ten_kilobyte_answer_is_split_under_4096_characters_at_sentence_ends()
    {
        var id = _api.PushMessage(16, "private", 16, "/long", messageId: 90);
        await _bot.ProcessedAsync(_api, id);

        var parts = _api.SentTo(16);
        parts.Count.ShouldBeGreaterThan(2);
        parts.ShouldAllBe(p => p.Text.Length <= 4096 && p.Text.EndsWith('.'));
        parts[0].ReplyTo.ShouldBe(90);
        string.Join(" ", parts.Select(p => p.Text)).ShouldBe(TelegramHtml.Escape(TestLongCommand.Text));
    }

    [Fact]
    public async Task A_non_administrator_is_refused_a_moderator_command_and_nothing_changes()
    {
        _api.SetMember(-100102, 12, "member");
        var id = _api.PushMessage(-100102, "supergroup", 12, "/time 07:00");
        await _bot.ProcessedAsync(_api, id);

        _bot.Time.Changes.ShouldBeEmpty();
        _api.SentTo(-100102).ShouldHaveSingleItem().Text.ShouldContain("Only moderators");
        _api.Calls("getChatMember").ShouldContain(r => r.ChatId == -100102 && r.Body["user_id"]!.GetValue<long>() == 12);
    }

    [Theory]
    [InlineData("administrator")]
    [InlineData("creator")]
    public async Task An_administrator_sets_the_time(string status)
    {
        _api.SetMember(-100103, 13, status);
        var id = _api.PushMessage(-100103, "supergroup", 13, "/time@AnniversaryTestBot 07:30");
        await _bot.ProcessedAsync(_api, id);

        _bot.Time.Changes.ShouldHaveSingleItem().ShouldBe(("-100103", "07:30", "13"));
        _api.SentTo(-100103).ShouldHaveSingleItem().Text.ShouldBe("Posting time set to 07:30.");
    }

    [Fact]
    public async Task An_administrators_status_is_asked_once_then_remembered()
    {
        _api.SetMember(-100104, 13, "administrator");
        _api.PushMessage(-100104, "supergroup", 13, "/time 07:30");
        var id = _api.PushMessage(-100104, "supergroup", 13, "/time 07:45");
        await _bot.ProcessedAsync(_api, id);

        _bot.Time.Changes.Count.ShouldBe(2);
        _api.Calls("getChatMember").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task In_a_private_chat_the_user_is_the_moderator()
    {
        var id = _api.PushMessage(14, "private", 14, "/time 06:30");
        await _bot.ProcessedAsync(_api, id);

        _bot.Time.Changes.ShouldHaveSingleItem().ShouldBe(("14", "06:30", "14"));
        _api.Calls("getChatMember").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_channel_post_by_the_channel_itself_is_a_moderators()
    {
        var id = _api.PushMessage(-100105, "channel", null, "/time 08:00", senderChatId: -100105);
        await _bot.ProcessedAsync(_api, id);

        _bot.Time.Changes.ShouldHaveSingleItem().ShouldBe(("-100105", "08:00", "-100105"));
        _api.Calls("getChatMember").ShouldBeEmpty();
    }

    [Fact]
    public async Task Commands_for_other_bots_and_unknown_group_commands_are_ignored()
    {
        _api.PushMessage(-100106, "supergroup", 16, "/ask@SomeOtherBot who?");
        _api.PushMessage(-100106, "supergroup", 16, "/weather");
        var id = _api.PushMessage(-100106, "supergroup", 16, "/ask@anniversarytestbot who?");
        await _bot.ProcessedAsync(_api, id);

        _api.SentTo(-100106).ShouldHaveSingleItem().Text.ShouldContain("You asked: who?");
    }

    [Fact]
    public async Task A_plain_reply_to_the_bot_and_a_bare_ask_replying_to_a_message_are_questions()
    {
        var botMessage = _api.NewMessage(-100107, "supergroup", FakeBotApi.BotUserId, "an earlier answer");
        var userMessage = _api.NewMessage(-100107, "supergroup", 18, "What happened on 7 January?");
        _api.PushMessage(-100107, "supergroup", 17, "And after that?", replyTo: botMessage);
        _api.PushMessage(-100107, "supergroup", 17, "just chatting");
        var id = _api.PushMessage(-100107, "supergroup", 17, "/ask", replyTo: userMessage);
        await _bot.ProcessedAsync(_api, id);

        var replies = _api.SentTo(-100107);
        replies.Count.ShouldBe(2);
        replies[0].Text.ShouldContain("You asked: And after that?");
        replies[1].Text.ShouldContain("You asked: What happened on 7 January?");
    }

    [Fact]
    public async Task Buttons_run_their_command_for_administrators_and_refuse_others_privately()
    {
        _api.SetMember(-100108, 21, "administrator");
        var id = _api.PushMessage(-100108, "supergroup", 21, "/zone");
        await _bot.ProcessedAsync(_api, id);
        var keyboard = _api.SentTo(-100108).ShouldHaveSingleItem().Body["reply_markup"]!["inline_keyboard"]!.AsArray();
        var buttons = keyboard.SelectMany(row => row!.AsArray()).Select(b => b!["callback_data"]!.GetValue<string>()).ToList();
        buttons[0].ShouldBe("/time 07:00");
        buttons[2].ShouldStartWith("#"); // too long for Telegram's 64 bytes: a key instead

        var refused = _api.PushCallback(-100108, "supergroup", 22, buttons[0], messageId: 500);
        await _bot.ProcessedAsync(_api, refused);
        _bot.Time.Changes.ShouldBeEmpty();
        var alert = _api.Calls("answerCallbackQuery").ShouldHaveSingleItem();
        alert.Body["show_alert"]!.GetValue<bool>().ShouldBeTrue();
        alert.Body["text"]!.GetValue<string>().ShouldContain("Only moderators");

        var accepted = _api.PushCallback(-100108, "supergroup", 21, buttons[2], messageId: 501);
        await _bot.ProcessedAsync(_api, accepted);
        _bot.Time.Changes.ShouldHaveSingleItem().Time.ShouldBe("09:00");
        var edit = _api.Calls("editMessageText").ShouldHaveSingleItem();
        edit.Body["message_id"]!.GetValue<int>().ShouldBe(501);
        edit.Text.ShouldBe("Posting time set to 09:00.");
    }

    [Fact]
    public async Task Removal_and_return_of_the_bot_are_reported_as_channel_events()
    {
        _api.PushMyChatMember(-100109, "supergroup", "member", "kicked");
        _api.PushMyChatMember(55, "private", "member", "kicked");
        var id = _api.PushMyChatMember(-100109, "supergroup", "left", "member");
        await _bot.ProcessedAsync(_api, id);

        var events = _bot.ChannelEvents.Events.ToList();
        events.Where(e => e.Contains("-100109", StringComparison.Ordinal)).ShouldBe(
        [
            "removed telegram -100109 the bot was removed from the chat by User7",
            "present telegram -100109",
        ]);
        events.ShouldContain("removed telegram 55 the user blocked the bot");
        events.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Edited_messages_are_ignored()
    {
        var message = _api.NewMessage(19, "private", 19, "/time 05:00");
        var id = _api.PushUpdate(new JsonObject { ["edited_message"] = message });
        await _bot.ProcessedAsync(_api, id);

        _bot.Time.Changes.ShouldBeEmpty();
        _api.Sent.ShouldBeEmpty();
    }
}
