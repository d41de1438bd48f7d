using System.Globalization;
using Bot.Benchmarks;

var root = FindRoot();
var smoke = args.Contains("--smoke");
var results = await StartupHarness.RunAsync(root, smoke ? 1 : 5);
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Case}: median {r.MedianSeconds:F2} s, max {r.MaxSeconds:F2} s, idle RSS {r.IdleResidentMb:F0} MB ({r.Runs} runs)"));
}

static string FindRoot()
{
    for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Bot.sln")))
        {
            return folder.FullName;
        }
    }

    throw new DirectoryNotFoundException("run from inside the repository");
}
