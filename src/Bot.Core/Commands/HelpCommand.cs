using System.Text;

namespace Bot.Core.Commands;

/// <summary>/help: every command with its usage, those for everyone first, then those for channel moderators.</summary>
public sealed class HelpCommand : IBotCommand
{
    public string Name => "help";

    public string Description => "List the commands and how to use them";

    public CommandAccess Access => CommandAccess.Everyone;

    public IReadOnlyList<CommandOption> Options { get; } = [];

    public Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("Commands for everyone:");
        Section(text, context.Catalog.Where(c => c.Access == CommandAccess.Everyone));
        var moderator = context.Catalog.Where(c => c.Access == CommandAccess.Moderator).ToList();
        if (moderator.Count > 0)
        {
            text.Append("\n\nFor channel moderators:");
            Section(text, moderator);
        }

        return Task.FromResult(CommandResult.Reply(text.ToString()));
    }

    private static void Section(StringBuilder text, IEnumerable<IBotCommand> commands)
    {
        foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            text.Append('\n').Append(CommandArguments.Usage(command)).Append(" — ").Append(command.Description);
        }
    }
}
