using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Storage.Facts;

/// <summary>Brings the store up to date with the corpus folder and loads the answering index before the bot
/// answers anything.</summary>
public sealed class CorpusIngestAtStart(FactLibrary library, ILogger<CorpusIngestAtStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await library.IngestAsync(null, cancellationToken);
        foreach (var (file, reason) in report.Skipped)
        {
            log.LogWarning("Skipped {File} in {Folder}: it {Reason}", file, library.CorpusFolder, reason);
        }

        await library.AnswererAsync(cancellationToken);
        if (library.FollowsIngestedFolder)
        {
            log.LogInformation("{Summary} Corpus: {Folder}, recorded by `ingest --corpus` in place of Corpus:Path {Configured}", report.Summary, library.CorpusFolder, library.ConfiguredFolder);
        }
        else
        {
            log.LogInformation("{Summary} Corpus: {Folder}", report.Summary, library.CorpusFolder);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
