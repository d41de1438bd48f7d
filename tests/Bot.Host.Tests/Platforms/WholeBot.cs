using Bot.Core.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Bot.Scheduling;
using Bot.Telegram.Receiving;
using Bot.Testing;
using Bot.Testing.Discord;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Host.Tests.Platforms;

/// <summary>The real bot composed exactly as Program.cs composes it (settings given as <c>--Key=value</c> arguments),
/// on a SQLite file in <see cref="BotFolder"/>, with a <see cref="FakeTimeProvider"/> instead of the system clock.
/// Only its platform adapters talk to the outside, and the tests point them at fakes.</summary>
public sealed class WholeBot : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WholeBot(WebApplication app)
    {
        _app = app;
    }

    public IServiceProvider Services => _app.Services;

    public ISubscriptionStore Subscriptions => Services.GetRequiredService<ISubscriptionStore>();

    public static async Task<WholeBot> StartAsync(BotFolder folder, FakeTimeProvider clock, params string[] platformArguments)
    {
        string[] args = [.. platformArguments, .. folder.HostArguments, "--Scheduling:PlannerInterval=00:00:01"];
        var builder = BotHost.Compose(BotHost.CreateBuilder(args));
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton<TimeProvider>(clock);
        // Quartz runs on this clock too. The tests move it on by minutes at once, which Quartz takes for a stalled
        // scheduler: past the misfire threshold (60 s by default) the planner's trigger waited for the misfire
        // handler's next run, 60 s of fake time later (18 s of DriveAsync's one-second steps per jump).
        builder.Services.Configure<Quartz.AdoJobStoreOptions>(o => o.MisfireThreshold = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        await app.StartAsync();
        return new WholeBot(app);
    }

    /// <summary>The bot with Discord pointed at <paramref name="discord"/>, once it has identified on the fake gateway.</summary>
    public static async Task<WholeBot> StartOnDiscordAsync(BotFolder folder, FakeTimeProvider clock, FakeDiscord discord)
    {
        var bot = await StartAsync(folder, clock,
            "--Discord:Token=whole-bot-test-token-0123456789",
            $"--Discord:ApplicationId={FakeDiscord.ApplicationId}",
            $"--Discord:ApiBaseUrl={discord.ApiBase}",
            $"--Discord:GatewayUrl={discord.GatewayUrl}");
        await discord.WhenAsync(() => discord.Current is { Ready: true }, "the bot to identify");
        return bot;
    }

    /// <summary>Waits until no update is being handled and no post is queued or being sent, so that moving the
    /// clock next cannot make a request in flight look as if it had taken that long.</summary>
    public async Task SettledAsync()
    {
        using var timeout = new CancellationTokenSource(Signal.Patience);
        if (Services.GetService<UpdateIntake>() is { } intake)
        {
            await intake.WhenIdleAsync(timeout.Token);
        }

        await Services.GetRequiredService<DeliveryPipeline>().WhenIdleAsync(timeout.Token);
    }

    public ValueTask DisposeAsync() => _app.StopAndDisposeAsync();
}

public static class InProcessBot
{
    /// <summary>Stops the bot as the host would on shutdown (30 s at most), then disposes it even if stopping failed.</summary>
    public static async ValueTask StopAndDisposeAsync(this WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}

/// <summary>A temp folder for one bot's store and logs, deleted at the end.</summary>
public sealed class BotFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("whole-bot-").FullName;

    public string DatabasePath => System.IO.Path.Combine(Path, "bot.db");

    /// <summary>The settings of a bot run in process on this folder: its own store and log, any free port, no console.</summary>
    public string[] HostArguments =>
    [
        $"--ConnectionStrings:Bot=Data Source={DatabasePath}",
        $"--Serilog:WriteTo:0:Args:path={System.IO.Path.Combine(Path, "logs", "bot-.log")}",
        "--Urls=http://127.0.0.1:0",
        "--Console:Enabled=false",
    ];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held by a closing sink: the OS cleans temp folders.
        }
    }
}

/// <summary>The fake clock, moved on by the tests. Whole-bot tests begin on the anniversary's morning in Phnom Penh,
/// a few minutes before the default post time (09:00 Asia/Phnom_Penh is 02:00 UTC).</summary>
public static class AnniversaryMorning
{
    public static readonly DateTimeOffset PostTime = new(2027, 1, 7, 2, 0, 0, TimeSpan.Zero);

    /// <summary>However steady the progress, a drive ends here: progress that never reaches the goal is a failure too.</summary>
    private static readonly TimeSpan DriveLimit = TimeSpan.FromMinutes(10);

    public static FakeTimeProvider Clock() => new(PostTime - TimeSpan.FromMinutes(5));

    /// <summary>How long the fake platform must see no change before the clock moves on by itself.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>Lets the bot work until <paramref name="done"/> holds, moving the clock on by a second whenever the
    /// fake platform has seen no change for a moment: sends waiting for a rate limit's window (measured on this
    /// clock) then go out as the window passes. Moving on when the bot was merely slow costs only fake time. Where the
    /// test can tell that the bot has to wait for the clock (<paramref name="waitingOnClock"/>: the platform has had
    /// this second's whole allowance), the clock moves on at once instead. Fails only when nothing changes for the
    /// whole patience.</summary>
    public static async Task DriveAsync(this FakeTimeProvider clock, Func<bool> done, Func<int> progress,
        Func<Func<bool>, TimeSpan, Task> when, string what, Func<bool>? waitingOnClock = null)
    {
        var waiting = waitingOnClock ?? (() => false);
        var deadline = DateTime.UtcNow + Signal.Patience;
        var giveUp = DateTime.UtcNow + DriveLimit;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Signal.Patience.TotalSeconds} s without progress for {what} (progress: {progress()})");
            }

            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"Still not {what} after {DriveLimit.TotalMinutes} minutes of progress (progress: {progress()})");
            }

            var before = progress();
            try
            {
                await when(() => done() || progress() != before || waiting(), Quiet);
                // Progress, however slow on a loaded machine, earns more patience; only a stall fails the test.
                deadline = DateTime.UtcNow + Signal.Patience;
                if (!done() && waiting())
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                }
            }
            catch (TimeoutException)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }
    }
}
