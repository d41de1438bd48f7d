using System.Globalization;

using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Settings.Configuration;

namespace Bot.Host;

public static class LoggingSetup
{
    /// <summary>The sinks and formatters the bot ships, named for the settings reader so that it does not scan the
    /// dependency manifest for them at every start.</summary>
    private static readonly ConfigurationReaderOptions SinkAssemblies = new(
        typeof(FileLoggerConfigurationExtensions).Assembly,
        typeof(ConsoleLoggerConfigurationExtensions).Assembly,
        typeof(CompactJsonFormatter).Assembly);

    /// <summary>Serilog from the <c>Serilog</c> section: human-readable console by default, JSON with
    /// <c>Logging:Json=true</c>, plus a rolling file. Every log line goes to stderr: stdout belongs to the console channel and to the
    /// verbs' output. Verbs log warnings only.</summary>
    public static WebApplicationBuilder AddBotLogging(this WebApplicationBuilder builder)
    {
        var isVerb = builder.Services.Select(d => d.ImplementationInstance).OfType<RunMode>().Single() is { IsBot: false };
        var json = builder.Configuration.GetValue("Logging:Json", false);
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration, SinkAssemblies)
                .Enrich.FromLogContext()
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning);
            if (!StartupFailure.Verbose)
            {
                // Program.cs reports a failed start in one line; the host's own copy of it carries the stack trace.
                logger.Filter.ByExcluding(StartupFailure.IsHostsReport);
            }

            if (isVerb)
            {
                logger.WriteTo.Console(formatProvider: CultureInfo.InvariantCulture, restrictedToMinimumLevel: LogEventLevel.Warning, standardErrorFromLevel: LogEventLevel.Verbose);
            }
            else if (json)
            {
                logger.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose);
            }
            else
            {
                logger.WriteTo.Console(formatProvider: CultureInfo.InvariantCulture, outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: LogEventLevel.Verbose);
            }
        });
        return builder;
    }
}
