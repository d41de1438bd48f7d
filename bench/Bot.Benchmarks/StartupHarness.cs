using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Bot.Benchmarks;

/// <summary>Whole-process figures: time from process start to a healthy <c>/readyz</c>, resident memory once idle,
/// and the stages the bot's own "Started in" line reports. Measures what the Docker image ships: the output of
/// <c>dotnet publish -c Release --use-current-runtime</c> (ReadyToRun), published into a temp folder first; smoke
/// runs use the build output beside this harness instead, to stay quick.</summary>
public static partial class StartupHarness
{
    public sealed record Result(string Case, double MedianSeconds, double MaxSeconds, double IdleResidentMb, int Runs,
        IReadOnlyList<(string Stage, double Seconds, double CpuSeconds)> Stages);

    public const string PublishCommand = "dotnet publish src/Bot.Host/Bot.Host.csproj -c Release --use-current-runtime";

    public static async Task<IReadOnlyList<Result>> RunAsync(string repositoryRoot, int runs, bool publish)
    {
        var folder = Path.Combine(Path.GetTempPath(), "anniversarybot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var app = publish ? await PublishAsync(repositoryRoot, Path.Combine(folder, "app")) : AppContext.BaseDirectory;
            var database = Path.Combine(folder, "bot.db");
            var first = await MeasureOnceAsync(repositoryRoot, folder, database, app);
            var warm = new List<Run>();
            for (var i = 0; i < runs; i++)
            {
                warm.Add(await MeasureOnceAsync(repositoryRoot, folder, database, app));
            }

            var sorted = warm.Select(w => w.Seconds).Order().ToList();
            return
            [
                new Result("first start (ingests the default corpus)", first.Seconds, first.Seconds, first.Mb, 1, first.Stages),
                new Result("start with an ingested store", sorted[sorted.Count / 2], sorted[^1], warm.Max(w => w.Mb), runs, MedianStages(warm)),
            ];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Run(double Seconds, double Mb, IReadOnlyList<(string Stage, double Seconds, double CpuSeconds)> Stages);

    private static async Task<string> PublishAsync(string root, string output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in PublishCommand.Split(' ').Skip(1).Append("-o").Append(output))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{PublishCommand} failed:{Environment.NewLine}{await stdout}{await stderr}");
        }

        return output;
    }

    private static async Task<Run> MeasureOnceAsync(string root, string folder, string database, string app)
    {
        var clock = Stopwatch.StartNew();
        using var bot = await StartAsync(root, folder, database, FreePort(), new Dictionary<string, string>(), app);
        var ready = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3));
        return new Run(ready, bot.ResidentMb(), bot.StartupStages());
    }

    /// <summary>Each stage's median over the runs, in the order the bot reports them.</summary>
    private static List<(string Stage, double Seconds, double CpuSeconds)> MedianStages(List<Run> runs) =>
        [.. runs.SelectMany(r => r.Stages).GroupBy(s => s.Stage).Select(g => (
            g.Key,
            Median(g.Select(s => s.Seconds)),
            Median(g.Select(s => s.CpuSeconds))))];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>"corpus 0.338 s (0.141 s CPU)" in the bot's "Started in" line.</summary>
    [GeneratedRegex(@"(?<stage>[a-z ]+) (?<seconds>[0-9.]+) s \((?<cpu>[0-9.]+) s CPU\)")]
    private static partial Regex StagePattern();

    /// <summary>Starts the bot in <paramref name="app"/> (default: the build beside this harness) on
    /// <paramref name="port"/> with its store at <paramref name="database"/>, no platform unless
    /// <paramref name="environment"/> turns one on, and returns once <c>/readyz</c> answers. Disposing the result
    /// kills the process.</summary>
    public static async Task<RunningBot> StartAsync(string root, string folder, string database, int port, IReadOnlyDictionary<string, string> environment, string? app = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(app ?? AppContext.BaseDirectory, "AnniversaryBot.dll"));
        info.Environment["ConnectionStrings__Bot"] = "Data Source=" + database;
        info.Environment["Serilog__WriteTo__0__Args__path"] = Path.Combine(folder, "logs", "bot-.log");
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Console__Enabled"] = "false";
        info.Environment.Remove("Telegram__Token");
        info.Environment.Remove("Discord__Token");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the bot");
        var bot = new RunningBot(process);
        process.OutputDataReceived += (_, e) => bot.Output(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Error(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(2) || process.HasExited)
                {
                    throw new InvalidOperationException("the bot did not become healthy: " + bot.LastErrors);
                }

                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/readyz");
                    if (response.IsSuccessStatusCode)
                    {
                        return bot;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException)
                {
                    // not answering yet
                }

                await Task.Delay(10);
            }
        }
        catch
        {
            bot.Dispose();
            throw;
        }
    }

    /// <summary>A bot process started by <see cref="StartAsync"/>.</summary>
    public sealed class RunningBot(Process process) : IDisposable
    {
        private readonly Queue<string> _errors = new();
        private string? _started;

        public string LastErrors
        {
            get
            {
                lock (_errors)
                {
                    return string.Join(Environment.NewLine, _errors);
                }
            }
        }

        public TimeSpan TotalProcessorTime()
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }

        public double ResidentMb()
        {
            process.Refresh();
            return StartupHarness.ResidentMb(process);
        }

        public void Output(string? line)
        {
            if (line is not null && line.Contains("Started in", StringComparison.Ordinal))
            {
                _started = line;
            }
        }

        /// <summary>The stages of the bot's "Started in" line (none if it has not logged one).</summary>
        public IReadOnlyList<(string Stage, double Seconds, double CpuSeconds)> StartupStages()
        {
            var line = _started;
            if (line is null)
            {
                return [];
            }

            return [.. StagePattern().Matches(line[(line.IndexOf(':', line.IndexOf("Started in", StringComparison.Ordinal)) + 1)..]).Select(m => (
                m.Groups["stage"].Value.Trim(),
                double.Parse(m.Groups["seconds"].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups["cpu"].Value, CultureInfo.InvariantCulture)))];
        }

        public void Error(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_errors)
            {
                _errors.Enqueue(line);
                if (_errors.Count > 20)
                {
                    _errors.Dequeue();
                }
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    /// <summary>VmRSS from /proc: what the kernel counts as resident, including the runtime's own pages.</summary>
    private static double ResidentMb(Process process)
    {
        var status = $"/proc/{process.Id}/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is not null)
            {
                var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb / 1024;
            }
        }

        return process.WorkingSet64 / 1024.0 / 1024.0;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
