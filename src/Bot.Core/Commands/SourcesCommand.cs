using System.Text;
using Bot.Core.Facts;

namespace Bot.Core.Commands;

/// <summary>/sources: the documents the bot answers from, with title, date and agency.</summary>
public sealed class SourcesCommand(IFactCatalog catalog) : IBotCommand
{
    public string Name => "sources";

    public string Description => "List the documents my answers come from";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options { get; } = [];

    public async Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var documents = await catalog.DocumentsAsync(cancellationToken);
        if (documents.Count == 0)
        {
            return CommandResult.Reply("I have no documents yet.");
        }

        var text = new StringBuilder($"I answer from {documents.Count} document{(documents.Count == 1 ? "" : "s")}:");
        foreach (var document in documents)
        {
            text.Append("\n• ").Append(document.Title);
            var details = new[] { document.Date, document.Source, document.Id }.Where(d => !string.IsNullOrEmpty(d));
            text.Append(" (").AppendJoin(", ", details).Append(')');
        }

        return CommandResult.Reply(text.ToString());
    }
}
