namespace Bot.Core.Commands;

/// <summary>Maps a text platform's argument line onto a command's declared options: positional, separated by
/// white space, the option marked <see cref="CommandOption.TakesRest"/> taking the rest of the line.</summary>
public static class CommandArguments
{
    public static IReadOnlyDictionary<string, string> Parse(string arguments, IReadOnlyList<CommandOption> declared)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = arguments.Trim();
        foreach (var option in declared.Where(o => o.Kind != CommandOptionKind.Channel))
        {
            if (rest.Length == 0)
            {
                break;
            }

            if (option.TakesRest)
            {
                result[option.Name] = rest;
                rest = "";
                break;
            }

            var end = rest.IndexOfAny([' ', '\t', '\n', '\r']);
            result[option.Name] = end < 0 ? rest : rest[..end];
            rest = end < 0 ? "" : rest[end..].TrimStart();
        }

        return result;
    }

    public static string Usage(IBotCommand command) =>
        "/" + command.Name + string.Concat(command.Options
            .Where(o => o.Kind != CommandOptionKind.Channel)
            .Select(o => o.Required ? $" <{o.Name}>" : $" [{o.Name}]"));
}
