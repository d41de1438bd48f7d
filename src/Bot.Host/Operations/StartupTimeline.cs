using System.Diagnostics;
using System.Globalization;

namespace Bot.Host.Operations;

/// <summary>When each stage of start-up ended, counted from the process's start, with the CPU the process had used
/// by then; logged as one line once the web server listens, so that a slow start names its slow stage.</summary>
public sealed class StartupTimeline
{
    private readonly DateTime _processStarted;
    private readonly List<(string Stage, TimeSpan At, TimeSpan Cpu)> _marks = [];

    public StartupTimeline()
    {
        using var process = Process.GetCurrentProcess();
        _processStarted = process.StartTime.ToUniversalTime();
        Mark("runtime");
    }

    /// <summary>Ends the stage named <paramref name="stage"/> now.</summary>
    public void Mark(string stage)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        lock (_marks)
        {
            _marks.Add((stage, DateTime.UtcNow - _processStarted, cpu));
        }
    }

    /// <summary>Since the process started: wall time, CPU time, and each stage's own share of both
    /// ("corpus 0.162 s (0.121 s CPU), scheduler …").</summary>
    public (TimeSpan Elapsed, TimeSpan Cpu, string Stages) Summary()
    {
        lock (_marks)
        {
            var stages = new List<string>();
            var (at, cpu) = (TimeSpan.Zero, TimeSpan.Zero);
            foreach (var mark in _marks)
            {
                stages.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{mark.Stage} {(mark.At - at).TotalSeconds:0.000} s ({(mark.Cpu - cpu).TotalSeconds:0.000} s CPU)"));
                (at, cpu) = (mark.At, mark.Cpu);
            }

            return (at, cpu, string.Join(", ", stages));
        }
    }
}

/// <summary>A hosted service that only ends a start-up stage: hosted services start one after the other in the order
/// they were registered, so one registered after a feature's own marks when that feature is up.</summary>
public sealed class StartupMark(StartupTimeline timeline, string stage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        timeline.Mark(stage);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class StartupTimelineSetup
{
    /// <summary>Ends start-up stage <paramref name="stage"/> once every hosted service registered so far has started.</summary>
    public static IServiceCollection AddStartupMark(this IServiceCollection services, string stage) =>
        services.AddSingleton<IHostedService>(provider => new StartupMark(provider.GetRequiredService<StartupTimeline>(), stage));
}
