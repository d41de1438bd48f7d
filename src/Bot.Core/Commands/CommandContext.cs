namespace Bot.Core.Commands;

/// <summary>What a command sees when it runs: the incoming command with its options resolved, and the catalog
/// of all commands (for /help).</summary>
public sealed class CommandContext(IncomingCommand command, IReadOnlyDictionary<string, string> options, IReadOnlyList<IBotCommand> catalog)
{
    public IncomingCommand Command { get; } = command;

    public IReadOnlyList<IBotCommand> Catalog { get; } = catalog;

    /// <summary>The option's value, trimmed, or null when not given.</summary>
    public string? Option(string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
