using Microsoft.Extensions.Options;
using Serilog.Events;

namespace Bot.Host;

/// <summary>How a failed start is told to the operator: one or two lines on stderr naming what is wrong, the stack
/// trace only with <c>--verbose</c>.</summary>
public static class StartupFailure
{
    public static bool Verbose { get; } = Environment.GetCommandLineArgs().Contains("--verbose", StringComparer.Ordinal);

    /// <summary>The generic host logs "Hosting failed to start" with the whole exception before rethrowing it to
    /// Program.cs, which reports it itself.</summary>
    public static bool IsHostsReport(LogEvent e) =>
        e.MessageTemplate.Text == "Hosting failed to start"
        && e.Properties.TryGetValue("SourceContext", out var source)
        && source is ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" };

    public static string Describe(Exception ex) => ex switch
    {
        OptionsValidationException options => string.Join(Environment.NewLine, options.Failures),
        AggregateException { InnerExceptions.Count: 1 } single => Describe(single.InnerExceptions[0]),
        // Npgsql names the host and port but not where they came from.
        Npgsql.NpgsqlException => $"ConnectionStrings:Bot (PostgreSQL): {ex.Message}{(ex.InnerException is { } reason ? $" ({reason.Message})" : "")}",
        _ when ex.InnerException is { } inner && !ex.Message.Contains(inner.Message.Split(". ")[0], StringComparison.Ordinal) => $"{ex.Message} ({inner.Message})",
        _ => ex.Message,
    };
}
