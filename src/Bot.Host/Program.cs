using Bot.Host;
using Microsoft.Extensions.Options;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture, standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose).CreateBootstrapLogger();
try
{
    var app = BotHost.Compose(BotHost.CreateBuilder(args)).Build();
    return await BotHost.RunAsync(app, args);
}
catch (OptionsValidationException ex)
{
    // A bad setting is the user's to fix: one clear line naming the key, no stack trace.
    Log.Fatal("AnniversaryBot cannot start: {Problem}", string.Join("; ", ex.Failures));
    return 1;
}
catch (OperationCanceledException)
{
    // Ctrl+C or a stop signal while starting: not an error.
    Log.Information("AnniversaryBot stopped before start-up finished");
    return 0;
}
catch (Exception ex)
{
    Log.Fatal(ex, "AnniversaryBot stopped on a fatal error");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
