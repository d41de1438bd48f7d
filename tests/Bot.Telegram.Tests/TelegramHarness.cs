using Bot.Core.Commands;
using Bot.Core.Subscriptions;
using Bot.Telegram.Receiving;
using Bot.Telegram.Sending;
using Bot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Telegram.Tests;

/// <summary>The adapter as the host runs it (a generic host with <see cref="TelegramServiceCollectionExtensions.AddTelegramAdapter"/>,
/// the real <see cref="CommandDispatcher"/> and test commands), its Telegram.Bot client pointed at a <see cref="FakeBotApi"/>.
/// Send limits are relaxed unless a test sets them.</summary>
public sealed class TelegramHarness : IAsyncDisposable
{
    private IHost? _host;

    private TelegramHarness(CapturingLoggerProvider logs)
    {
        Logs = logs;
    }

    public IHost Host => _host ?? throw new InvalidOperationException("not built");

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => Host.Services;

    public TestAskCommand Ask { get; } = new();

    public TestTimeCommand Time { get; } = new();

    public TestRecordCommand Record { get; } = new();

    public RecordingChannelEvents ChannelEvents { get; } = new();

    public TelegramPlatform Platform => Services.GetRequiredService<TelegramPlatform>();

    public UpdateIntake Intake => Services.GetRequiredService<UpdateIntake>();

    public TelegramMetrics Metrics => Services.GetRequiredService<TelegramMetrics>();

    public static async Task<TelegramHarness> StartAsync(
        FakeBotApi api,
        Action<TelegramOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        CapturingLoggerProvider? logs = null,
        bool start = true,
        Action<TelegramHarness>? prepare = null)
    {
        var harness = new TelegramHarness(logs ?? new CapturingLoggerProvider());
        prepare?.Invoke(harness);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(harness.Logs);
        builder.Services.Configure<TelegramOptions>(o =>
        {
            o.Token = FakeBotApi.Token;
            o.ApiBaseUrl = api.BaseUrl;
            o.PollTimeoutSeconds = 1;
            o.BackoffMin = TimeSpan.FromMilliseconds(20);
            o.BackoffMax = TimeSpan.FromMilliseconds(200);
            o.PerChatInterval = TimeSpan.Zero;
            o.GlobalMessagesPerSecond = 100_000;
            o.GroupMessagesPerMinute = 100_000;
            configure?.Invoke(o);
        });
        builder.Services.AddSingleton<IBotCommand>(harness.Ask);
        builder.Services.AddSingleton<IBotCommand>(harness.Time);
        builder.Services.AddSingleton<IBotCommand>(harness.Record);
        builder.Services.AddSingleton<IBotCommand, TestZoneCommand>();
        builder.Services.AddSingleton<IBotCommand, TestLongCommand>();
        builder.Services.AddSingleton<IChannelEvents>(harness.ChannelEvents);
        builder.Services.AddTelegramAdapter();
        services?.Invoke(builder.Services);
        harness._host = builder.Build();
        if (start)
        {
            await harness.Host.StartAsync();
        }

        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
