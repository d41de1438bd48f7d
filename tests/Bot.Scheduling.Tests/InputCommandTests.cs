using Bot.Core.Commands;
using Bot.Core.Messaging;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests;

/// <summary>Time, zone and confirmation input through the dispatcher, saved to a real SQLite file.</summary>
public sealed class InputCommandTests
{
    private static readonly Instant Start = Instant.FromUtc(2027, 1, 1, 0, 0);
    private static readonly ChannelAddress Here = new("telegram", "-100");

    private static IncomingCommand Command(string name, string arguments = "") =>
        new(name, Here, new Caller("u1", "Mod", IsModerator: true)) { Arguments = arguments };

    /// <summary>What pressing a button does on every platform: its command line run as a command.</summary>
    private static IncomingCommand Pressed(MessageChoice choice)
    {
        var line = choice.CommandLine;
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? Command(line[1..]) : Command(line[1..space], line[(space + 1)..]);
    }

    private static Task<CommandResult> Run(Harness h, IncomingCommand command) =>
        h.Dispatcher().DispatchAsync(command, CancellationToken.None);

    [Theory]
    [InlineData("9am Phnom Penh", 9, 0, "Asia/Phnom_Penh")]
    [InlineData("9 am Hanoi", 9, 0, "Asia/Ho_Chi_Minh")]
    [InlineData("9:30 pm UTC+7", 21, 30, "UTC+07")]
    [InlineData("0900 new york", 9, 0, "America/New_York")]
    [InlineData("21h", 21, 0, "Asia/Phnom_Penh")]
    [InlineData("Bangkok", 9, 0, "Asia/Bangkok")]
    public async Task Setup_sets_time_and_zone_in_one_step(string arguments, int hour, int minute, string zone)
    {
        await using var h = new Harness(Start);

        var reply = (await Run(h, Command("setup", arguments))).Replies.Single();

        reply.Text.ShouldContain("Anniversary posts are on");
        var subscription = (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!;
        subscription.PostTime.ShouldBe(new LocalTime(hour, minute));
        subscription.TimeZone.ShouldBe(zone);
    }

    [Fact]
    public async Task Setup_with_gmt_plus_seven_posts_seven_hours_ahead_of_utc_and_says_so()
    {
        await using var h = new Harness(Start);

        var reply = (await Run(h, Command("setup", "9am GMT+7"))).Replies.Single();

        reply.Text.ShouldContain("Post time: 09:00 in UTC+07");
        // 09:00 at UTC+7 on January 7 is 02:00 UTC.
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.NextDueUtc.ShouldBe(Instant.FromUtc(2027, 1, 7, 2, 0));
    }

    [Theory]
    [InlineData("25:00 Phnom Penh", "the hour must be 0 to 23")]
    [InlineData("9:75", "the minutes must be 00 to 59")]
    [InlineData("9am Atlantis", "'Atlantis' is not a time zone I know")]
    public async Task Setup_with_bad_input_names_the_fault_and_subscribes_nothing(string arguments, string fault)
    {
        await using var h = new Harness(Start);

        var reply = (await Run(h, Command("setup", arguments))).Replies.Single();

        reply.Text.ShouldContain(fault);
        reply.Text.ShouldContain("Nothing was changed");
        reply.Text.ShouldNotContain('\n');
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None)).ShouldBeNull();
    }

    [Theory]
    [InlineData("9:30 pm", 21, 30)]
    [InlineData("12am", 0, 0)]
    [InlineData("12pm", 12, 0)]
    public async Task Time_accepts_the_forms_people_type(string arguments, int hour, int minute)
    {
        await using var h = new Harness(Start);
        await h.SubscribeAsync("-100");

        await Run(h, Command("time", arguments));

        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.PostTime.ShouldBe(new LocalTime(hour, minute));
    }

    [Fact]
    public async Task Timezone_takes_a_city_with_spaces()
    {
        await using var h = new Harness(Start);
        await h.SubscribeAsync("-100");

        var reply = (await Run(h, Command("timezone", "new york"))).Replies.Single();

        reply.Text.ShouldContain("Post time: 09:00 in America/New_York");
    }

    [Fact]
    public async Task Setup_suggests_zones_while_typing_as_timezone_does()
    {
        await using var h = new Harness(Start);
        var setup = h.Dispatcher().Find("setup").ShouldBeAssignableTo<IOptionSuggestions>()!;
        setup.Suggest("timezone", "ict", 3).ShouldContain("Asia/Phnom_Penh");
    }

    [Fact]
    public async Task An_ambiguous_zone_is_asked_with_a_button_per_zone_and_changes_nothing_until_one_is_pressed()
    {
        await using var h = new Harness(Start);
        var subscription = await h.SubscribeAsync("-100");

        var question = (await Run(h, Command("timezone", "IST"))).Replies.Single();

        question.Text.ShouldContain("Which one?");
        question.Choices.Select(c => c.CommandLine).ShouldBe(["/timezone Asia/Kolkata", "/timezone Europe/Dublin", "/timezone Asia/Jerusalem"]);
        (await h.Store.AuditAsync(subscription.Id, CancellationToken.None)).Count.ShouldBe(1);

        await Run(h, Pressed(question.Choices[0]));
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!.TimeZone.ShouldBe("Asia/Kolkata");
    }

    [Fact]
    public async Task An_ambiguous_zone_in_setup_keeps_the_time_in_each_choice()
    {
        await using var h = new Harness(Start);

        var question = (await Run(h, Command("setup", "9:30 pm CST"))).Replies.Single();

        question.Choices[0].CommandLine.ShouldBe("/setup 9:30 pm America/Chicago");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None)).ShouldBeNull();
        await Run(h, Pressed(question.Choices[1]));
        var subscription = (await h.Store.FindAsync("telegram", "-100", CancellationToken.None))!;
        subscription.TimeZone.ShouldBe("Asia/Shanghai");
        subscription.PostTime.ShouldBe(new LocalTime(21, 30));
    }

    [Fact]
    public async Task Unsubscribe_asks_first_and_changes_nothing()
    {
        await using var h = new Harness(Start);
        var subscription = await h.SubscribeAsync("-100");

        var question = (await Run(h, Command("unsubscribe"))).Replies.Single();

        question.Text.ShouldContain(UnsubscribeCommand.ConfirmLine);
        question.Choices.ShouldHaveSingleItem().CommandLine.ShouldBe(UnsubscribeCommand.ConfirmLine);
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None)).ShouldNotBeNull();
        (await h.Store.AuditAsync(subscription.Id, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Unsubscribe_confirm_unsubscribes()
    {
        await using var h = new Harness(Start);
        await h.SubscribeAsync("-100");
        var question = (await Run(h, Command("unsubscribe"))).Replies.Single();

        var done = (await Run(h, Pressed(question.Choices[0]))).Replies.Single();

        done.Text.ShouldContain("Unsubscribed");
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Unsubscribe_with_another_word_is_refused_and_changes_nothing()
    {
        await using var h = new Harness(Start);
        await h.SubscribeAsync("-100");

        var reply = (await Run(h, Command("unsubscribe", "now"))).Replies.Single();

        reply.Text.ShouldContain("/unsubscribe takes no 'now'");
        reply.Private.ShouldBeTrue();
        (await h.Store.FindAsync("telegram", "-100", CancellationToken.None)).ShouldNotBeNull();
    }
}
