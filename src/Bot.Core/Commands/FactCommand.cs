using Bot.Core.Facts;
using Bot.Core.Messaging;

namespace Bot.Core.Commands;

/// <summary>/fact: a dated fact from the documents, a different one each time, with its source.</summary>
public sealed class FactCommand(IFactCatalog catalog) : IBotCommand
{
    private int _next = Random.Shared.Next(1000);

    public string Name => "fact";

    public string Description => "A fact from the documents, with its source";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options { get; } = [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var facts = await catalog.DatedFactsAsync(cancellationToken);
        if (facts.Count == 0)
        {
            return CommandResult.Reply("I have no facts yet: the document folder is empty. Try /sources.");
        }

        var fact = facts[(int)((uint)Interlocked.Increment(ref _next) % (uint)facts.Count)];
        var when = new DateOnly(fact.Year, fact.Month, fact.Day).ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return CommandResult.Reply(new OutgoingMessage($"From “{fact.DocumentTitle}”:")
        {
            Title = $"On {when}",
            Citations = [new Citation(fact.DocumentId, fact.DocumentTitle, fact.DocumentDate, fact.Source, fact.Sentence)],
            Footer = "Another one: /fact · ask your own: /ask",
        });
    }
}
