using System.Diagnostics;
using Bot.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Commands;

/// <summary>The one place where every platform's commands are resolved, permission-checked and run. A failing
/// command answers politely and is logged; it never escapes to the adapter's receive loop.</summary>
public sealed class CommandDispatcher
{
    /// <summary>Arguments longer than this are refused before any command sees them.</summary>
    public const int MaxArgumentLength = 4000;

    private readonly Dictionary<string, IBotCommand> _byName;
    private readonly ILogger<CommandDispatcher> _log;

    public CommandDispatcher(IEnumerable<IBotCommand> commands, ILogger<CommandDispatcher> log)
    {
        Commands = [.. commands.OrderBy(c => c.Access).ThenBy(c => c.Name, StringComparer.Ordinal)];
        _byName = Commands.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        _log = log;
    }

    public IReadOnlyList<IBotCommand> Commands { get; }

    public IBotCommand? Find(string name) => _byName.GetValueOrDefault(name);

    public async Task<CommandResult> DispatchAsync(IncomingCommand incoming, CancellationToken cancellationToken)
    {
        if (!_byName.TryGetValue(incoming.Name, out var command))
        {
            return CommandResult.Error($"I don't know the command /{Shorten(incoming.Name)}. Try /help for the list.");
        }

        if (command.Access == CommandAccess.Moderator && !incoming.Caller.IsModerator)
        {
            return CommandResult.Error($"Only moderators of this channel can use /{command.Name}. Nothing was changed.");
        }

        if (incoming.Arguments.Length > MaxArgumentLength || incoming.Options.Values.Any(v => v.Length > MaxArgumentLength))
        {
            return CommandResult.Error($"That is too long for /{command.Name}: keep it under {MaxArgumentLength} characters.");
        }

        var options = incoming.Options.Count > 0 ? incoming.Options : CommandArguments.Parse(incoming.Arguments, command.Options);
        foreach (var required in command.Options.Where(o => o.Required && o.Kind != CommandOptionKind.Channel))
        {
            if (!options.TryGetValue(required.Name, out var value) || string.IsNullOrWhiteSpace(value))
            {
                return CommandResult.Error($"/{command.Name} needs {required.Name}: {required.Description}. Usage: {CommandArguments.Usage(command)}");
            }
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            return await command.ExecuteAsync(new CommandContext(incoming, options, Commands), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Command {Command} failed in {Channel}", command.Name, incoming.Channel);
            return CommandResult.Error("Something went wrong while answering that. Please try again in a moment.");
        }
        finally
        {
            var platform = new KeyValuePair<string, object?>("platform", incoming.Channel.Platform);
            BotMetrics.CommandsHandled.Add(1, platform, BotMetrics.Tag("command", command.Name));
            BotMetrics.CommandSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, platform);
        }
    }

    private static string Shorten(string name) => name.Length <= 32 ? name : name[..32] + "…";
}
