using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Core.Scheduling;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests;

public sealed class CommandTests
{
    private static readonly Instant Start = Instant.FromUtc(2027, 1, 1, 0, 0);
    private static readonly ChannelAddress Here = new("telegram", "-100");

    private static IncomingCommand Command(string name, string arguments = "", bool moderator = true, ChannelAddress? channel = null) =>
        new(name, channel ?? Here, new Caller("u1", "Mod", moderator)) { Arguments = arguments };

    [Fact]
    public async Task Setup_time_and_zone_are_saved_with_audit_rows_naming_who()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();

        (await dispatcher.DispatchAsync(Command("setup", "08:30 Asia/Kathmandu"), CancellationToken.None)).Replies[0].Text.ShouldContain("Anniversary posts are on");
        (await dispatcher.DispatchAsync(Command("time", "07:15"), CancellationToken.None)).Replies[0].Text.ShouldContain("Post time: 07:15 in Asia/Kathmandu");
        (await dispatcher.DispatchAsync(Command("timezone", "America/St_Johns"), CancellationToken.None)).Replies[0].Text.ShouldContain("America/St_Johns");
        (await dispatcher.DispatchAsync(Command("occasions", "jan7"), CancellationToken.None)).Replies[0].Text.ShouldContain("January 7 (Victory Day) only");

        var subscription = (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!;
        subscription.PostTime.ShouldBe(new LocalTime(7, 15));
        subscription.TimeZone.ShouldBe("America/St_Johns");
        // 07:15 in St John's (UTC−3:30) on January 7 is 10:45 UTC.
        subscription.NextDueUtc.ShouldBe(Instant.FromUtc(2027, 1, 7, 10, 45));
        var audit = await h.Store.AuditAsync(subscription.Id, CancellationToken.None);
        audit.Select(a => a.Action).ShouldBe(["subscribe", "time", "timezone", "occasions"]);
        audit.ShouldAllBe(a => a.ChangedBy == "Mod (u1)" && a.At == Start);
    }

    [Theory]
    [InlineData("time", "25:61", "the hour must be 0 to 23")]
    [InlineData("timezone", "Mars/Base", "an IANA name (Asia/Bangkok)")]
    [InlineData("occasions", "jan7 moon-landing", "'moon-landing' is not an occasion here")]
    [InlineData("template", "On {day}", "Valid placeholders: {title}, {ordinal}, {years}, {date}, {facts}, {sources}")]
    public async Task Invalid_input_is_refused_with_what_is_valid_and_nothing_is_saved(string command, string arguments, string expected)
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await dispatcher.DispatchAsync(Command("setup"), CancellationToken.None);
        var before = await h.Store.FindAsync("telegram", "-100", CancellationToken.None);

        var reply = (await dispatcher.DispatchAsync(Command(command, arguments), CancellationToken.None)).Replies.Single();

        reply.Text.ShouldContain(expected);
        reply.Text.ShouldContain("Nothing was changed");
        reply.Private.ShouldBeTrue();
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None)).ShouldBe(before);
        (await h.Store.AuditAsync(before!.Id, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Setup_is_refused_naming_the_missing_right_and_nothing_is_saved()
    {
        var platform = new RecordingPlatform("telegram", dedupe: false) { Check = _ => PostingCheck.Missing("the bot must be an administrator allowed to post messages in this channel") };
        await using var h = new Harness(Start, platforms: platform);

        var reply = (await h.Dispatcher().DispatchAsync(Command("setup"), CancellationToken.None)).Replies.Single();

        reply.Text.ShouldContain("administrator allowed to post messages");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Setup_with_a_picked_channel_subscribes_that_channel()
    {
        await using var h = new Harness(Start, platforms: new RecordingPlatform("discord", dedupe: true));
        var incoming = new IncomingCommand("setup", new ChannelAddress("discord", "111", "g1"), new Caller("u1", "Mod", true))
        {
            Options = new Dictionary<string, string> { ["channel"] = "222", ["time"] = "10:00" },
        };
        await h.Dispatcher().DispatchAsync(incoming, CancellationToken.None);
        var subscription = (await h.Store.FindAsync("discord", "222", CancellationToken.None))!;
        subscription.GuildId.ShouldBe("g1");
        subscription.PostTime.ShouldBe(new LocalTime(10, 0));
    }

    [Fact]
    public async Task Non_moderators_cannot_change_settings()
    {
        await using var h = new Harness(Start);
        var reply = (await h.Dispatcher().DispatchAsync(Command("setup", "", moderator: false), CancellationToken.None)).Replies.Single();
        reply.Text.ShouldContain("Only moderators");
        (await h.Store.CountAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task Settings_shows_next_post_in_local_time_and_utc_and_the_last_post_and_error()
    {
        await using var h = new Harness(Start);
        var subscription = await h.SubscribeAsync("-100");
        h.SetNow(Instant.FromUtc(2027, 1, 7, 2, 0));
        await h.StartAsync();
        await h.TickAsync();
        await h.Store.RecordOutcomeAsync(subscription.Id, null, new Bot.Core.Subscriptions.LastError(h.Now, "429 Too Many Requests"), 0, CancellationToken.None);

        var text = (await h.Dispatcher().DispatchAsync(Command("settings"), CancellationToken.None)).Replies.Single().Text;

        text.ShouldContain("Next post: Sunday 27 June 2027 at 09:00 (Asia/Phnom_Penh), 2027-06-27 02:00 UTC: Trial of Khmer Rouge leaders opens (16th anniversary)");
        text.ShouldContain("Last post: Thursday 7 January 2027 at 09:00 (Asia/Phnom_Penh), 2027-01-07 02:00 UTC: Victory Day, the fall of the Khmer Rouge regime of 2027-01-07, message id m1");
        text.ShouldContain("Last error: 2027-01-07 02:00 UTC: 429 Too Many Requests");
    }

    [Fact]
    public async Task Today_and_next_answer_in_the_channels_time_zone()
    {
        // 12:00 UTC on January 6 is already January 7 in Kiritimati (UTC+14), still January 6 in Phnom Penh.
        await using var h = new Harness(Instant.FromUtc(2027, 1, 6, 12, 0));
        var kiritimati = new ChannelAddress("telegram", "kiri");
        await h.Service.SetupAsync(kiritimati, Harness.Moderator, "23:00", "Pacific/Kiritimati", CancellationToken.None);
        var dispatcher = h.Dispatcher();

        var there = (await dispatcher.DispatchAsync(Command("today", channel: kiritimati), CancellationToken.None)).Replies.Single();
        there.Text.ShouldContain("48th anniversary");
        there.Citations.Count.ShouldBeInRange(1, 3);

        var elsewhere = (await dispatcher.DispatchAsync(Command("today"), CancellationToken.None)).Replies.Single();
        elsewhere.Text.ShouldContain("No anniversary today (Wednesday 6 January 2027, Asia/Phnom_Penh)");
        elsewhere.Text.ShouldContain("(in 1 day)");

        var next = (await dispatcher.DispatchAsync(Command("next", channel: kiritimati), CancellationToken.None)).Replies.Single();
        next.Text.ShouldContain("Next post here: Thursday 7 January 2027 at 23:00 (Pacific/Kiritimati), 2027-01-07 09:00 UTC");
    }

    [Fact]
    public async Task Test_posts_the_next_occasion_now_marked_as_a_test_without_touching_ledger_or_schedule()
    {
        await using var h = new Harness(Start);
        var subscription = await h.SubscribeAsync("-100");

        var reply = (await h.Dispatcher().DispatchAsync(Command("test"), CancellationToken.None)).Replies.Single();

        reply.Text.ShouldContain("Test post sent");
        var post = h.Platform.Server.Posts.ShouldHaveSingleItem();
        post.Message.Title!.ShouldStartWith("[Test] January 7");
        post.Key.ShouldBeNull();
        (await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None)).ShouldBeEmpty();
        (await h.ReloadAsync(subscription)).NextDueUtc.ShouldBe(subscription.NextDueUtc);
    }

    [Fact]
    public async Task Preview_lists_the_next_posts_and_shows_the_first()
    {
        await using var h = new Harness(Start);
        await h.SubscribeAsync("-100");
        var replies = (await h.Dispatcher().DispatchAsync(Command("preview"), CancellationToken.None)).Replies;
        replies[0].Text.ShouldContain("Thursday 7 January 2027 at 09:00 (Asia/Phnom_Penh), 2027-01-07 02:00 UTC");
        replies[1].Text.ShouldContain("48th anniversary");
        h.Platform.Server.Posts.ShouldBeEmpty();
    }

    [Fact]
    public async Task Timezone_suggestions_serve_autocomplete()
    {
        await using var h = new Harness(Start);
        var command = h.Dispatcher().Find("timezone").ShouldBeAssignableTo<IOptionSuggestions>()!;
        command.Suggest("timezone", "Kath", 5).ShouldContain("Asia/Kathmandu");
    }

    [Fact]
    public async Task Unsubscribe_removes_the_channel_and_keeps_the_audit()
    {
        await using var h = new Harness(Start);
        var subscription = await h.SubscribeAsync("-100");
        (await h.Dispatcher().DispatchAsync(Command("unsubscribe", "confirm"), CancellationToken.None)).Replies.Single().Text.ShouldContain("Unsubscribed");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None)).ShouldBeNull();
        (await h.Store.AuditAsync(subscription.Id, CancellationToken.None))[^1].Action.ShouldBe("delete");
    }

    [Fact]
    public async Task Subscriptions_of_a_guild_the_bot_left_are_paused_then_removed_after_retention()
    {
        await using var h = new Harness(Start, platforms: new RecordingPlatform("discord", dedupe: true));
        var subscription = await h.SubscribeAsync("222", platform: "discord");
        await h.Service.BotRemovedAsync("discord", "g1", "removed from the server", CancellationToken.None);
        var paused = await h.ReloadAsync(subscription);
        paused.Enabled.ShouldBeFalse();
        paused.PausedReason.ShouldBe("removed from the server");

        h.SetNow(Start + Duration.FromDays(29));
        (await h.Service.RemoveAbandonedAsync(TimeSpan.FromDays(30), CancellationToken.None)).ShouldBe(0);
        h.SetNow(Start + Duration.FromDays(31));
        (await h.Service.RemoveAbandonedAsync(TimeSpan.FromDays(30), CancellationToken.None)).ShouldBe(1);
        (await h.Store.GetAsync(subscription.Id, CancellationToken.None)).ShouldBeNull();
        (await h.Store.AuditAsync(subscription.Id, CancellationToken.None)).Select(a => a.Action).ShouldBe(["subscribe", "bot-removed", "delete"]);
    }

    [Fact]
    public async Task A_bot_that_comes_back_cancels_the_removal()
    {
        await using var h = new Harness(Start, platforms: new RecordingPlatform("discord", dedupe: true));
        var subscription = await h.SubscribeAsync("222", platform: "discord");
        await h.Service.BotRemovedAsync("discord", "g1", "removed", CancellationToken.None);
        await h.Service.BotPresentAsync("discord", "g1", CancellationToken.None);
        h.SetNow(Start + Duration.FromDays(60));
        (await h.Service.RemoveAbandonedAsync(TimeSpan.FromDays(30), CancellationToken.None)).ShouldBe(0);
        (await h.ReloadAsync(subscription)).BotRemovedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Curated_occasions_name_their_sources()
    {
        await using var h = new Harness(Start);
        var all = await h.Catalog.AllAsync(CancellationToken.None);
        all.Single(o => o.Id == "jan7").Sources.Select(s => s.DocumentId).ShouldBe(["000_d5bddc18ff68e3dd.txt", "004_bc6af8dd6e11091a.txt"]);
        all.Single(o => o.Id == "jun27").Sources.Single().DocumentId.ShouldBe("004_bc6af8dd6e11091a.txt");
    }
}
