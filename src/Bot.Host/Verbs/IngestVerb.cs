using Bot.Storage.Facts;

namespace Bot.Host.Verbs;

/// <summary><c>ingest [--corpus DIR]</c>: brings the store up to date with the corpus folder and says what changed.</summary>
public sealed class IngestVerb : ICliVerb
{
    public string Name => "ingest";

    public bool NeedsCurrentStore => false;

    public string Usage => "ingest [--corpus DIR]   store new and changed documents, drop removed ones (default folder: Corpus:Path)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var library = services.GetRequiredService<FactLibrary>();
        var folder = VerbArguments.Value(args, "--corpus") is { } given ? services.GetRequiredService<BotPaths>().Resolve(given) : null;
        IngestReport report;
        try
        {
            report = await library.IngestAsync(folder, cancellationToken);
        }
        catch (DirectoryNotFoundException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }

        var output = Console.Out;
        await output.WriteLineAsync($"Corpus: {folder ?? library.CorpusFolder}");
        foreach (var file in report.Added)
        {
            await output.WriteLineAsync($"added     {file}");
        }

        foreach (var file in report.Replaced)
        {
            await output.WriteLineAsync($"replaced  {file}");
        }

        foreach (var file in report.Removed)
        {
            await output.WriteLineAsync($"removed   {file}");
        }

        foreach (var (file, reason) in report.Skipped)
        {
            await output.WriteLineAsync($"skipped   {file}: it {reason}");
        }

        await output.WriteLineAsync(report.Summary);
        return 0;
    }
}
