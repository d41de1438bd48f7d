using System.Diagnostics;
using System.Text;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>Runs the real bot binary (as a user would: verbs, the console channel) with its own store in a temp
/// folder, from the repository root so that it finds <c>config/</c>.</summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BotProcess(Process process)
    {
        _process = process;
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the bot with <paramref name="args"/>; <paramref name="environment"/> adds or overrides variables.</summary>
    public static BotProcess Start(BotWorkspace workspace, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(HostAssembly());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ConnectionStrings__Bot"] = $"Data Source={workspace.DatabasePath}";
        info.Environment["Serilog__WriteTo__0__Args__path"] = Path.Combine(workspace.Folder, "logs", "bot-.log");
        info.Environment["Urls"] = "http://127.0.0.1:0";
        info.Environment.Remove("Telegram__Token");
        info.Environment.Remove("Discord__Token");
        // Workstation GC instead of the Web SDK's server GC: the suites run several bot processes beside the test host
        // on two cores, where server GC's per-core heaps and spinning GC threads only cost CPU. The kill tests (two
        // processes each) measured 77-81 s of CPU with server GC and 69-70 s without, and 114-148 s wall against 86 s.
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var bot = new BotProcess(process);
        process.OutputDataReceived += (_, e) => bot.Append(bot._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(bot._stderr, e.Data);
        process.Exited += (_, _) => bot._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>Runs a verb to completion and returns the finished process.</summary>
    public static async Task<BotProcess> RunAsync(BotWorkspace workspace, IEnumerable<string> args, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var bot = Start(workspace, args, environment);
        if (input is not null)
        {
            await bot._process.StandardInput.WriteAsync(input);
        }

        bot._process.StandardInput.Close();
        await bot.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return bot;
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>; fails with what was printed when it does not.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) => WaitForAsync(() => Output, text, timeout);

    /// <summary>Waits for a log line: logs go to stderr, stdout is the console channel's.</summary>
    public Task WaitForLogAsync(string text, TimeSpan timeout) => WaitForAsync(() => Errors, text, timeout);

    private async Task WaitForAsync(Func<string> stream, string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!stream().Contains(text, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > timeout || _exited.Task.IsCompleted)
            {
                throw new TimeoutException($"The bot did not print '{text}'.\nstdout:\n{Output}\nstderr:\n{Errors}");
            }

            await Task.WhenAny(_exited.Task, Task.Delay(50));
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeout)) != _exited.Task)
        {
            Kill();
            throw new TimeoutException($"The bot did not exit in {timeout}.\nstdout:\n{Output}\nstderr:\n{Errors}");
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Sends a POSIX signal (<c>INT</c> as Ctrl+C does, <c>TERM</c> as docker stop does) and waits until it is sent.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            buffer.AppendLine(line);
        }
    }

    private static string HostAssembly()
    {
        // The test project references Bot.Host, so the bot's assembly and runtime config sit beside the tests.
        var path = Path.Combine(AppContext.BaseDirectory, "AnniversaryBot.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("AnniversaryBot.dll is not beside the tests", path);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("Bot.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temp folder holding one bot's store and logs; deleted afterwards.</summary>
public sealed class BotWorkspace : IDisposable
{
    public BotWorkspace()
    {
        Folder = Path.Combine(Path.GetTempPath(), "anniversarybot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "bot.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A process that was just killed may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
