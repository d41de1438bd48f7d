using Bot.Core.Commands;
using Bot.Core.Facts;
using Bot.Core.Messaging;
using NodaTime;
using Shouldly;

namespace Bot.Scheduling.Tests;

/// <summary>/ask hands the answerer today's date in the chat's time zone, so that "how many days until …" counts
/// from the asker's day, not the server's.</summary>
public sealed class AskTodayTests
{
    private sealed class RecordingAnswerer : IQuestionAnswerer
    {
        public DateOnly? Today { get; private set; }

        public Task<Answer> AskAsync(string question, DateOnly? today, CancellationToken cancellationToken)
        {
            Today = today;
            return Task.FromResult(new Answer(AnswerTexts.Decline, 0, Declined: true, []));
        }
    }

    private static Task<CommandResult> Ask(AskCommand command, string channel) =>
        command.ExecuteAsync(
            new CommandContext(new IncomingCommand("ask", new ChannelAddress("telegram", channel), Harness.Moderator), new Dictionary<string, string> { ["question"] = "how many days until the anniversary" }, []),
            CancellationToken.None);

    [Fact]
    public async Task A_question_counts_from_today_in_the_chats_time_zone()
    {
        // 12:00 UTC on January 6 is already January 7 at UTC+14.
        await using var h = new Harness(Instant.FromUtc(2027, 1, 6, 12, 0));
        await h.SubscribeAsync("-14", zone: "Pacific/Kiritimati");
        var answerer = new RecordingAnswerer();

        await Ask(new AskCommand(answerer, h.Service, h.Clock), "-14");

        answerer.Today.ShouldBe(new DateOnly(2027, 1, 7));
    }

    [Fact]
    public async Task A_chat_without_a_subscription_counts_from_today_in_the_default_zone()
    {
        // 20:00 UTC on January 6 is January 7 in the default zone, Asia/Phnom_Penh (UTC+7).
        await using var h = new Harness(Instant.FromUtc(2027, 1, 6, 20, 0));
        var answerer = new RecordingAnswerer();

        await Ask(new AskCommand(answerer, h.Service, h.Clock), "-1");

        answerer.Today.ShouldBe(new DateOnly(2027, 1, 7));
    }
}
