using System.Text.RegularExpressions;
using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Scheduling;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests;

/// <summary>A chat's own occasions through the commands, the SQLite store and the scheduler, under a fake clock.</summary>
public sealed partial class OwnOccasionTests
{
    private static readonly Instant Start = Instant.FromUtc(2027, 1, 1, 0, 0);
    private static readonly ChannelAddress Here = new("telegram", "-100");

    private static IncomingCommand Command(string name, string arguments = "", bool moderator = true) =>
        new(name, Here, new Caller("u1", "Mod", moderator)) { Arguments = arguments };

    private static async Task<string> SendAsync(CommandDispatcher dispatcher, string name, string arguments = "", bool moderator = true) =>
        string.Join("\n", (await dispatcher.DispatchAsync(Command(name, arguments, moderator), CancellationToken.None)).Replies.Select(PlainText.Render));

    [Fact]
    public async Task Own_occasion_is_listed_numbered_after_the_curated_ones_with_its_next_date_and_ordinal()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");

        var added = await SendAsync(dispatcher, "occasion", "add 03-14 2019 Founding of this server");
        var list = await SendAsync(dispatcher, "occasions");

        added.ShouldContain("Added: Founding of this server (March 14, 2019), number 4 in /occasions. Next: Sunday 14 March 2027, the 8th anniversary.");
        list.ShouldContain("[x] 1. Thursday 7 January 2027: Victory Day, the fall of the Khmer Rouge regime, 48th anniversary");
        list.ShouldContain("[x] 4. Sunday 14 March 2027: Founding of this server, 8th anniversary (this chat's own)");
    }

    [Fact]
    public async Task Own_occasion_without_a_year_is_listed_and_posted_without_an_ordinal()
    {
        await using var h = new Harness(Start);
        await h.StartAsync();
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");

        await SendAsync(dispatcher, "occasion", "add 01-03 Server picnic");
        await h.RunUntilAsync(Instant.FromUtc(2027, 1, 4, 0, 0), Duration.FromHours(1));

        (await SendAsync(dispatcher, "occasions")).ShouldContain("4. Monday 3 January 2028: Server picnic (this chat's own)");
        var post = h.Platform.Server.Posts.Single(p => p.Message.Title!.Contains("Server picnic", StringComparison.Ordinal)).Message;
        post.Text.ShouldBe("On this day: Server picnic.");
    }

    [Theory]
    [InlineData("add 02-30 Impossible day", "02-30 is not a date: February has days 1 to 29.")]
    [InlineData("add 13-01 Backwards", "13-01 is not a date: the month comes first, from 01 to 12 (MM-DD).")]
    [InlineData("add March-14 Founding", "'March-14' is not a day: write the month, then the day, as MM-DD.")]
    [InlineData("add 02-29 2021 Leap day party", "02-29 2021 is not a date: 2021 is not a leap year.")]
    [InlineData("add 03-14 2030 Future", "2030 cannot be the year of the event: give a year from 0001 to 2027, or none.")]
    [InlineData("add 03-14 2019", "Give a title after the day: /occasion add MM-DD [YYYY] Title")]
    [InlineData("add", "Give the day and a title: /occasion add MM-DD [YYYY] Title")]
    [InlineData("rename 3 Other", "'rename' is not something /occasion does: use add or remove.")]
    [InlineData("remove 1", "This chat has no occasions of its own to remove")]
    public async Task Invalid_own_occasion_input_is_refused_in_one_line_naming_what_was_wrong_and_nothing_changes(string arguments, string expected)
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");
        var before = (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!;

        var reply = (await h.Dispatcher().DispatchAsync(Command("occasion", arguments), CancellationToken.None)).Replies.Single();

        reply.Text.ShouldContain(expected);
        reply.Text.ShouldEndWith("Nothing was changed.");
        reply.Text.ShouldNotContain('\n');
        reply.Private.ShouldBeTrue();
        var after = (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!;
        after.OwnOccasions.ShouldBeEmpty();
        (await h.Store.AuditAsync(before.Id, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_bad_day_is_named_before_the_channel_is_set_up()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();

        (await SendAsync(dispatcher, "occasion", "add 02-30 Impossible day")).ShouldBe("02-30 is not a date: February has days 1 to 29. Nothing was changed.");
    }

    [Fact]
    public async Task A_good_own_occasion_in_a_channel_not_set_up_says_to_set_it_up_first_and_changes_nothing()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();

        var reply = await SendAsync(dispatcher, "occasion", "add 03-14 Founding of this server");
        await SendAsync(dispatcher, "setup");

        reply.ShouldContain("start it with /setup");
        (await SendAsync(dispatcher, "occasions")).ShouldNotContain("Founding of this server");
    }

    [Fact]
    public async Task A_title_over_100_characters_is_refused()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");

        var reply = await SendAsync(dispatcher, "occasion", "add 03-14 " + new string('a', 101));

        reply.ShouldContain("The title is 101 characters long; keep it to 100 at most.");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.OwnOccasions.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_chat_keeps_at_most_50_occasions_of_its_own()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");
        for (var i = 1; i <= OwnOccasion.MaxPerChat; i++)
        {
            (await SendAsync(dispatcher, "occasion", $"add 05-{i % 28 + 1:00} Day {i}")).ShouldStartWith("Added");
        }

        var reply = await SendAsync(dispatcher, "occasion", "add 06-01 One too many");

        reply.ShouldContain("already has 50 occasions of its own");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.OwnOccasions.Count.ShouldBe(50);
    }

    [Fact]
    public async Task Only_moderators_may_add_or_remove_own_occasions()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");

        var reply = await SendAsync(dispatcher, "occasion", "add 03-14 Founding of this server", moderator: false);

        reply.ShouldContain("Only moderators of this channel can use /occasion. Nothing was changed.");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.OwnOccasions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_own_occasion_change_is_audited_with_who_made_it()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");

        await SendAsync(dispatcher, "occasion", "add 03-14 2019 Founding of this server");
        (await SendAsync(dispatcher, "occasion", "remove founding")).ShouldContain("Removed: Founding of this server (March 14).");

        var subscription = (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!;
        subscription.OwnOccasions.ShouldBeEmpty();
        var audit = await h.Store.AuditAsync(subscription.Id, CancellationToken.None);
        audit.Select(a => (a.Action, a.Detail, a.ChangedBy)).Skip(1).ShouldBe(
        [
            ("occasion-add", "03-14 2019 Founding of this server", "Mod (u1)"),
            ("occasion-remove", "03-14 2019 Founding of this server", "Mod (u1)"),
        ]);
    }

    [Fact]
    public async Task A_curated_occasion_cannot_be_removed_as_if_it_were_the_chats_own()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");
        await SendAsync(dispatcher, "occasion", "add 03-14 Founding of this server");

        var reply = await SendAsync(dispatcher, "occasion", "remove 1");

        reply.ShouldContain("Occasion 1 (Victory Day, the fall of the Khmer Rouge regime) is not one of this chat's own occasions");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.OwnOccasions.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Own_occasion_is_delivered_exactly_once_across_a_year_boundary_and_a_restart()
    {
        await using var h = new Harness(Instant.FromUtc(2026, 12, 31, 0, 0));
        await h.StartAsync();
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup", "09:00 Asia/Phnom_Penh");
        await SendAsync(dispatcher, "occasion", "add 01-02 2020 Founding of this server");

        await h.RunUntilAsync(Instant.FromUtc(2027, 1, 2, 1, 0), Duration.FromMinutes(30));
        await h.RestartAsync();
        await h.StartAsync();
        await h.RunUntilAsync(Instant.FromUtc(2027, 1, 3, 0, 0), Duration.FromMinutes(30));

        var posts = h.Platform.Server.Posts.Where(p => p.Message.Title!.Contains("Founding of this server", StringComparison.Ordinal)).ToList();
        var post = posts.ShouldHaveSingleItem();
        // 09:00 in Phnom Penh (UTC+7) on January 2, 2027.
        post.At.ShouldBe(Instant.FromUtc(2027, 1, 2, 2, 0));
        post.Message.Title.ShouldBe("January 2: Founding of this server");
        post.Message.Text.ShouldBe("On this day in 2020: Founding of this server.\nToday marks the 7th anniversary.");
        var subscription = (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!;
        var rows = (await h.Ledger.ForSubscriptionAsync(subscription.Id, CancellationToken.None)).Where(r => r.OccasionId.StartsWith("own-", StringComparison.Ordinal)).ToList();
        rows.ShouldHaveSingleItem().Status.ShouldBe(DeliveryStatus.Sent);
        subscription.NextLocalDate.ShouldBe(new LocalDate(2027, 1, 7));
    }

    [Fact]
    public async Task Own_occasion_on_the_spring_forward_day_is_posted_once_at_the_first_valid_minute()
    {
        // Europe/London skips 01:00–02:00 on Sunday 28 March 2027: a 01:30 post goes out at 02:00 BST (01:00 UTC).
        await using var h = new Harness(Instant.FromUtc(2027, 3, 27, 0, 0));
        await h.StartAsync();
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup", "01:30 Europe/London");
        await SendAsync(dispatcher, "occasion", "add 03-28 2000 Spring meetup");

        await h.RunUntilAsync(Instant.FromUtc(2027, 3, 29, 0, 0), Duration.FromMinutes(15));

        var post = h.Platform.Server.Posts.Where(p => p.Message.Title!.Contains("Spring meetup", StringComparison.Ordinal)).ShouldHaveSingleItem();
        post.At.ShouldBe(Instant.FromUtc(2027, 3, 28, 1, 0));
        post.Message.Text.ShouldContain("the 27th anniversary");
    }

    [Fact]
    public async Task Own_occasion_removed_before_its_day_is_not_posted()
    {
        await using var h = new Harness(Start);
        await h.StartAsync();
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");
        await SendAsync(dispatcher, "occasion", "add 01-03 2020 Founding of this server");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.NextLocalDate.ShouldBe(new LocalDate(2027, 1, 3));

        await SendAsync(dispatcher, "occasion", "remove 4");
        await h.RunUntilAsync(Instant.FromUtc(2027, 1, 4, 0, 0), Duration.FromHours(1));

        h.Platform.Server.Posts.ShouldNotContain(p => p.Message.Title!.Contains("Founding of this server", StringComparison.Ordinal));
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.NextLocalDate.ShouldBe(new LocalDate(2027, 1, 7));
    }

    [Fact]
    public async Task Own_occasions_survive_a_restart()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");
        await SendAsync(dispatcher, "occasion", "add 03-14 2019 Founding of this server");
        await SendAsync(dispatcher, "occasion", "add 02-29 Leap day meetup");

        await h.RestartAsync();

        var own = (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.OwnOccasions;
        own.Select(o => (o.Month, o.Day, o.Year, o.Title, o.AddedBy, o.AddedAt)).ShouldBe(
        [
            (3, 14, (int?)2019, "Founding of this server", "Mod (u1)", Start),
            (2, 29, (int?)null, "Leap day meetup", "Mod (u1)", Start),
        ]);
        own.Select(o => o.Id).Distinct().Count().ShouldBe(2);
        (await SendAsync(h.Dispatcher(), "occasions")).ShouldContain("[x] 5. Sunday 28 February 2027: Leap day meetup (this chat's own)");
    }

    [Fact]
    public async Task Preview_renders_any_occasions_next_post_by_number_or_a_word_of_its_title()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");
        await SendAsync(dispatcher, "occasions", "1");
        await SendAsync(dispatcher, "occasion", "add 03-14 2019 Founding of this server");

        var byNumber = await SendAsync(dispatcher, "preview", "3");
        var byWord = await SendAsync(dispatcher, "preview", "founding of this");
        var unknown = await SendAsync(dispatcher, "preview", "moon landing");

        byNumber.ShouldContain("Trial of Khmer Rouge leaders opens: next on Sunday 27 June 2027. It is not posted here; /occasions can turn it on.");
        byNumber.ShouldContain("June 27: Trial of Khmer Rouge leaders opens");
        byNumber.ShouldContain("Today marks the 16th anniversary.");
        byWord.ShouldContain("Founding of this server: next on Sunday 14 March 2027.");
        byWord.ShouldContain("On this day in 2019: Founding of this server.\nToday marks the 8th anniversary.");
        unknown.ShouldBe("No occasion has 'moon landing' in its title. /occasions lists them with their numbers.");
    }

    [Fact]
    public async Task Choosing_occasions_by_their_numbers_keeps_the_chats_own()
    {
        await using var h = new Harness(Start);
        var dispatcher = h.Dispatcher();
        await SendAsync(dispatcher, "setup");
        await SendAsync(dispatcher, "occasion", "add 01-03 2020 Founding of this server");

        (await SendAsync(dispatcher, "occasions", "2 3")).ShouldContain("Occasions: these occasions: December 2, Founding of the Kampuchean United Front for National Salvation, June 27, Trial of Khmer Rouge leaders opens, and 1 of this chat's own");

        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.NextLocalDate.ShouldBe(new LocalDate(2027, 1, 3));
    }

    [Fact]
    public async Task A_new_chat_receives_the_primary_occasions_and_is_offered_the_others()
    {
        // Set up in late December: the first post is January 7, not the January 5 commemoration.
        IReadOnlyList<Occasion> occasions =
        [
            Harness.Standard[0] with { Primary = true },
            Harness.January5,
            Harness.Standard[1],
        ];
        await using var h = new Harness(Instant.FromUtc(2026, 12, 28, 0, 0), occasions);
        var dispatcher = h.Dispatcher();

        await SendAsync(dispatcher, "setup");
        var list = await SendAsync(dispatcher, "occasions");

        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.NextLocalDate.ShouldBe(new LocalDate(2027, 1, 7));
        list.ShouldContain("[x] 1. Thursday 7 January 2027: Victory Day");
        list.ShouldContain("[ ] 2. Tuesday 5 January 2027: Commemoration in Hanoi, 13th anniversary");
        list.ShouldContain("[ ] 3. Thursday 2 December 2027: Founding of the Kampuchean");
    }

    [Fact]
    public async Task Next_in_a_chat_without_posts_names_the_primary_occasion_a_setup_would_post()
    {
        IReadOnlyList<Occasion> occasions =
        [
            Harness.Standard[0] with { Primary = true },
            Harness.January5,
        ];
        await using var h = new Harness(Instant.FromUtc(2026, 12, 28, 0, 0), occasions);

        var next = await SendAsync(h.Dispatcher(), "next");

        next.ShouldContain("Thursday 7 January 2027");
        next.ShouldNotContain("Commemoration in Hanoi");
    }

    [Fact]
    public async Task No_reply_shows_an_internal_occasion_id()
    {
        await using var h = new Harness(Start);
        await h.StartAsync();
        var dispatcher = h.Dispatcher();
        var replies = new List<string>
        {
            await SendAsync(dispatcher, "setup"),
            await SendAsync(dispatcher, "occasion", "add 01-02 2020 Founding of this server"),
            await SendAsync(dispatcher, "occasions"),
            await SendAsync(dispatcher, "occasions", "1 2 3"),
            await SendAsync(dispatcher, "occasions", "moon"),
        };
        await h.RunUntilAsync(Instant.FromUtc(2027, 1, 8, 0, 0), Duration.FromHours(1));
        foreach (var (name, arguments) in new[] { ("settings", ""), ("next", ""), ("today", ""), ("preview", ""), ("preview", "4"), ("preview", "victory"), ("occasions", ""), ("occasion", "remove 4") })
        {
            replies.Add(await SendAsync(dispatcher, name, arguments));
        }

        replies.AddRange(h.Platform.Server.Posts.Select(p => PlainText.Render(p.Message)));
        replies.ShouldAllBe(text => !InternalId().IsMatch(text));
    }

    [GeneratedRegex(@"\b(jan7|jan5|dec2|jun27|own-[0-9a-f]+|d-[0-9]{4})\b")]
    private static partial Regex InternalId();
}
