using Bot.Storage.Facts;

namespace Bot.Host.Verbs;

/// <summary><c>ingest [--corpus DIR]</c>: brings the store up to date with the corpus folder and says what changed.
/// With <c>--corpus</c> the store is filled from DIR and remembers it, so that the next start keeps DIR's documents
/// (see <see cref="FactLibrary.IngestAsync"/>).</summary>
public sealed class IngestVerb : ICliVerb
{
    public string Name => "ingest";

    public bool NeedsCurrentStore => false;

    public string Usage => "ingest [--corpus DIR]   store new and changed documents, drop removed ones (default: the store's folder, else Corpus:Path); DIR is kept for later starts";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var library = services.GetRequiredService<FactLibrary>();
        var folder = VerbArguments.Value(args, "--corpus") is { } given ? services.GetRequiredService<BotPaths>().Resolve(given) : null;
        if (folder is not null && !Directory.Exists(folder))
        {
            await Console.Error.WriteLineAsync($"ingest --corpus: the folder {folder} does not exist. Nothing was changed.");
            return 1;
        }

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
        await output.WriteLineAsync(library.FollowsIngestedFolder
            ? $"Corpus: {library.CorpusFolder} (kept for later starts in place of Corpus:Path {library.ConfiguredFolder}; `ingest --corpus {library.ConfiguredFolder}` goes back to it)"
            : $"Corpus: {library.CorpusFolder}");
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
