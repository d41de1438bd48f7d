using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Bot.Benchmarks;

/// <summary>Whole-process figures: time from process start to a healthy <c>/healthz</c>, and resident memory once
/// idle. Runs the published-style binary beside this harness with its own store in a temp folder.</summary>
public static class StartupHarness
{
    public sealed record Result(string Case, double MedianSeconds, double MaxSeconds, double IdleResidentMb, int Runs);

    public static async Task<IReadOnlyList<Result>> RunAsync(string repositoryRoot, int runs)
    {
        var folder = Path.Combine(Path.GetTempPath(), "anniversarybot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var database = Path.Combine(folder, "bot.db");
            var first = await MeasureOnceAsync(repositoryRoot, folder, database);
            var warm = new List<(double Seconds, double Mb)>();
            for (var i = 0; i < runs; i++)
            {
                warm.Add(await MeasureOnceAsync(repositoryRoot, folder, database));
            }

            var sorted = warm.Select(w => w.Seconds).Order().ToList();
            return
            [
                new Result("first start (ingests the default corpus)", first.Seconds, first.Seconds, first.Mb, 1),
                new Result("start with an ingested store", sorted[sorted.Count / 2], sorted[^1], warm.Max(w => w.Mb), runs),
            ];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(double Seconds, double Mb)> MeasureOnceAsync(string root, string folder, string database)
    {
        var clock = Stopwatch.StartNew();
        using var bot = await StartAsync(root, folder, database, FreePort(), new Dictionary<string, string>());
        var ready = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3));
        return (ready, bot.ResidentMb());
    }

    /// <summary>Starts the built bot (AnniversaryBot.dll beside this harness) on <paramref name="port"/> with its
    /// store at <paramref name="database"/>, no platform unless <paramref name="environment"/> turns one on, and
    /// returns once <c>/healthz</c> answers. Disposing the result kills the process.</summary>
    public static async Task<RunningBot> StartAsync(string root, string folder, string database, int port, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AnniversaryBot.dll"));
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
        process.OutputDataReceived += (_, _) => { };
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
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
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
