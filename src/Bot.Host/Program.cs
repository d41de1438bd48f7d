using Bot.Host;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture, standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose).CreateBootstrapLogger();
try
{
    // --verbose is for this file only (the stack of a failed start); settings and verbs never see it.
    var settings = args.Where(a => a != "--verbose").ToArray();
    var app = BotHost.Compose(BotHost.CreateBuilder(settings)).Build();
    return await BotHost.RunAsync(app, settings);
}
catch (OperationCanceledException)
{
    // Ctrl+C or a stop signal while starting: not an error.
    Log.Information("AnniversaryBot stopped before start-up finished");
    return 0;
}
catch (Exception ex)
{
    // A bad setting or an unreachable store is the operator's to fix: say what is wrong, keep the stack for --verbose.
    await Log.CloseAndFlushAsync();
    await Console.Error.WriteLineAsync($"AnniversaryBot cannot start: {StartupFailure.Describe(ex)}");
    if (StartupFailure.Verbose)
    {
        await Console.Error.WriteLineAsync(ex.ToString());
    }

    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
