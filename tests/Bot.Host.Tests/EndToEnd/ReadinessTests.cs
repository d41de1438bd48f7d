using Bot.Host.Operations;
using Bot.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>A platform that has not connected yet makes the bot not ready, as the health-check service reports and
/// logs it: a state on the way up, not an error.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task A_platform_still_connecting_is_not_ready_and_logs_no_error()
    {
        var log = new RecordingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Options.Create(new TelegramOptions { Token = "123456:connecting-test" }))
            .AddSingleton<TelegramClient>();
        services.AddHealthChecks().AddCheck<TelegramHealthCheck>("telegram");
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        report.Status.ShouldBe(HealthStatus.Degraded);
        report.Entries["telegram"].Description.ShouldNotBeNull().ShouldContain("connecting");
        log.Levels.ShouldNotContain(LogLevel.Error);
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly List<LogLevel> _levels = [];

        public IReadOnlyList<LogLevel> Levels
        {
            get
            {
                lock (_levels)
                {
                    return [.. _levels];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_levels)
            {
                _levels.Add(logLevel);
            }
        }

        public void Dispose()
        {
        }
    }
}
