namespace Bot.Core.Commands;

/// <summary>One chat command. Adapters discover every command from DI and register them with their platform
/// (Telegram setMyCommands, Discord bulk overwrite) from that single list; <see cref="CommandDispatcher"/> runs them.</summary>
public interface IBotCommand
{
    /// <summary>Lower-case name without the slash: "ask", "setup".</summary>
    string Name { get; }

    /// <summary>One line for menus and /help (Discord allows at most 100 characters).</summary>
    string Description { get; }

    /// <summary>Who may run it; checked by the dispatcher for every platform.</summary>
    CommandAccess Access { get; }

    /// <summary>Options in the order a text platform gives them positionally.</summary>
    IReadOnlyList<CommandOption> Options { get; }

    Task<CommandResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken);
}

public enum CommandAccess
{
    Everyone,

    /// <summary>Channel moderators: Telegram chat administrators, Discord Manage Server or Administrator, the console user.</summary>
    Moderator,
}

public enum CommandOptionKind
{
    Text,

    /// <summary>A channel picked on the platform (Discord only; text platforms mean the current chat).</summary>
    Channel,

    WholeNumber,
}

/// <param name="Name">Lower-case option name ("question", "time").</param>
/// <param name="Description">One line (Discord allows at most 100 characters).</param>
/// <param name="Kind">The value's type.</param>
/// <param name="Required">Whether the command refuses to run without it.</param>
/// <param name="Autocomplete">Offer suggestions while typing (Discord autocomplete), see <see cref="IOptionSuggestions"/>.</param>
/// <param name="TakesRest">On text platforms the option takes the rest of the line (a question with spaces).</param>
public sealed record CommandOption(
    string Name,
    string Description,
    CommandOptionKind Kind = CommandOptionKind.Text,
    bool Required = false,
    bool Autocomplete = false,
    bool TakesRest = false);

/// <summary>Implemented by commands whose options offer suggestions (time zone names).</summary>
public interface IOptionSuggestions
{
    IReadOnlyList<string> Suggest(string optionName, string typedSoFar, int max);
}
