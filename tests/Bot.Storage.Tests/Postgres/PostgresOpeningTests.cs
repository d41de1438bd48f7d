using System.Net;
using System.Net.Sockets;
using Bot.Core.Resilience;
using Bot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Shouldly;

namespace Bot.Storage.Tests.Postgres;

/// <summary>Opening a PostgreSQL connection against a port nothing listens on (connection refused, a transient
/// failure), with the retry waits on a fake clock; no server is needed.</summary>
public sealed class PostgresOpeningTests
{
    private static readonly RetryOptions ThreeTries = new() { MaxAttempts = 3, FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10), Jitter = 0 };

    [Fact]
    public async Task An_unreachable_server_is_tried_as_often_as_configured_waiting_longer_each_time()
    {
        using var logs = new CapturingLoggerProvider();
        var clock = new FakeTimeProvider();
        await using var database = new PostgresDatabase(ClosedPortConnectionString(), Logger(logs), ThreeTries, clock);

        var opening = database.OpenAsync(TestContext.Current.CancellationToken);
        while (!opening.IsCompleted)
        {
            // The waits run on the fake clock: move it on while the opening waits for its next try.
            await Task.Delay(20, TestContext.Current.CancellationToken);
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        await Should.ThrowAsync<NpgsqlException>(opening);
        var retries = logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        retries.Count.ShouldBe(2);
        retries[0].ShouldContain("in 1000 ms");
        retries[1].ShouldContain("in 2000 ms");
    }

    [Fact]
    public async Task A_single_try_fails_at_once_without_waiting()
    {
        using var logs = new CapturingLoggerProvider();
        await using var database = new PostgresDatabase(ClosedPortConnectionString(), Logger(logs), new RetryOptions { MaxAttempts = 1 }, new FakeTimeProvider());

        await Should.ThrowAsync<NpgsqlException>(database.OpenAsync(TestContext.Current.CancellationToken));
        logs.Lines.ShouldNotContain(l => l.Level == LogLevel.Warning);
    }

    private static ILogger<PostgresDatabase> Logger(CapturingLoggerProvider logs) =>
        LoggerFactory.Create(builder => builder.AddProvider(logs)).CreateLogger<PostgresDatabase>();

    private static string ClosedPortConnectionString()
    {
        // A port that was free a moment ago: connecting to it is refused at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Host=127.0.0.1;Port={port};Username=bot;Password=none;Database=bot;Timeout=5;Pooling=false";
    }
}
