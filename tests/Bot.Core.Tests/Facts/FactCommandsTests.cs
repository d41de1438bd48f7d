using Bot.Core.Commands;
using Bot.Core.Facts;
using Bot.Core.Messaging;
using Shouldly;

namespace Bot.Core.Tests.Facts;

public sealed class FactCommandsTests
{
    private static readonly Caller User = new("u1", "User", IsModerator: false);

    private sealed class CorpusCatalog : IQuestionAnswerer, IFactCatalog
    {
        /// <summary>The question path is tested in Bot.Answering.Tests; here a question about the victory has an
        /// answer and anything else is declined, as the path would hand them to the command.</summary>
        public Task<Answer> AskAsync(string question, DateOnly? today, CancellationToken cancellationToken) => Task.FromResult(
            question.Contains("liberate", StringComparison.Ordinal)
                ? new Answer("January 7, 1979.", 0.9, Declined: false, [new Passage("The victory came on January 7, 1979.", "002.txt", "A title", "2026-01-07", "VNA", 0.9)])
                : new Answer(AnswerTexts.Decline, 0.1, Declined: true, []));

        public Task<IReadOnlyList<DatedFact>> DatedFactsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DatedFact>>([new DatedFact("002.txt", "A title", "2026-01-07", "VNA", "The victory came on January 7, 1979.", 1979, 1, 7)]);

        public Task<IReadOnlyList<Passage>> SearchAsync(string query, int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Passage>>([]);

        public Task<IReadOnlyList<SourceDocument>> DocumentsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SourceDocument>>([new SourceDocument("003.txt", "Victory over Pol Pot regime", "2014", "VOV", 35)]);
    }

    private sealed class ModeratorOnly : IBotCommand
    {
        public string Name => "setup";

        public string Description => "Choose where and when to post";

        public CommandAccess Access => CommandAccess.Moderator;

        public IReadOnlyList<CommandOption> Options { get; } = [new("time", "HH:mm", Required: true)];

        public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) => Task.FromResult(CommandResult.Reply("ok"));
    }

    private static Task<CommandResult> Run(IBotCommand command, string arguments, IReadOnlyList<IBotCommand>? catalog = null) =>
        command.ExecuteAsync(
            new CommandContext(
                new IncomingCommand(command.Name, new ChannelAddress("test", "1"), User) { Arguments = arguments },
                CommandArguments.Parse(arguments, command.Options),
                catalog ?? [command]),
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task Ask_replies_with_the_answer_and_cites_each_passage()
    {
        var reply = (await Run(new AskCommand(new CorpusCatalog()), "when did vietnamese troops liberate phnom penh")).Replies.ShouldHaveSingleItem();
        reply.Text.ShouldBe("January 7, 1979.");
        reply.Citations.ShouldNotBeEmpty();
        reply.Citations.ShouldAllBe(c => c.Title.Length > 0 && c.Quote.Length > 0);
        reply.Footer.ShouldNotBeNull().ShouldStartWith("Confidence");
    }

    [Fact]
    public void A_hedged_answer_says_it_is_not_sure_and_quotes_the_sentence_once_as_a_citation()
    {
        var passage = new Passage("The victory came on January 7, 1979.", "002.txt", "A title", "2026-01-07", "VNA", 0.4);
        var reply = AskCommand.Render(new Answer($"{AnswerTexts.Hedge} {passage.Text}", 0.4, Declined: false, [passage]) { Hedged = true });
        reply.Text.ShouldBe(AnswerTexts.Hedge);
        reply.Citations.ShouldHaveSingleItem().Quote.ShouldBe(passage.Text);
        reply.Footer.ShouldNotBeNull().ShouldContain("0.40");
    }

    [Fact]
    public void A_computed_answer_shows_its_figure_and_quotes_the_dated_fact_once()
    {
        var passage = new Passage("The victory came on January 7, 1979.", "002.txt", "A title", "2026-01-07", "VNA", 0.7);
        var reply = AskCommand.Render(new Answer($"The 52nd anniversary: 2031 is 52 years after January 7, 1979. (“{passage.Text}”)", 0.7, Declined: false, [passage]));
        reply.Text.ShouldBe("The 52nd anniversary: 2031 is 52 years after January 7, 1979.");
        reply.Citations.ShouldHaveSingleItem().Quote.ShouldBe(passage.Text);
    }

    [Fact]
    public async Task Ask_declines_with_a_hint_and_no_citation()
    {
        var reply = (await Run(new AskCommand(new CorpusCatalog()), "what is the tallest building in Paris")).Replies.ShouldHaveSingleItem();
        reply.Text.ShouldBe(AnswerTexts.Decline);
        reply.Citations.ShouldBeEmpty();
        reply.Footer.ShouldNotBeNull().ShouldContain("/help");
    }

    [Fact]
    public async Task Fact_cites_its_document_and_names_the_original_date()
    {
        var reply = (await Run(new FactCommand(new CorpusCatalog()), "")).Replies.ShouldHaveSingleItem();
        reply.Title.ShouldBe("On January 7, 1979");
        reply.Citations.ShouldHaveSingleItem().DocumentId.ShouldBe("002.txt");
    }

    [Fact]
    public async Task Sources_lists_title_date_and_agency_of_each_document() =>
        (await Run(new SourcesCommand(new CorpusCatalog()), "")).Replies.ShouldHaveSingleItem().Text
            .ShouldContain("Victory over Pol Pot regime (2014, VOV, 003.txt)");

    [Fact]
    public async Task Help_lists_usage_for_everyone_and_then_for_moderators()
    {
        var ask = new AskCommand(new CorpusCatalog());
        var text = (await Run(new HelpCommand(), "", [ask, new HelpCommand(), new ModeratorOnly()])).Replies.ShouldHaveSingleItem().Text;
        text.ShouldContain("/ask <question> — ");
        text.ShouldContain("/setup <time> — Choose where and when to post");
        text.IndexOf("/setup", StringComparison.Ordinal).ShouldBeGreaterThan(text.IndexOf("For channel moderators:", StringComparison.Ordinal));
        text.IndexOf("/ask", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("For channel moderators:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_welcomes_and_points_to_help() =>
        (await Run(new StartCommand(), "")).Replies.ShouldHaveSingleItem().Footer.ShouldNotBeNull().ShouldContain("/help");
}
