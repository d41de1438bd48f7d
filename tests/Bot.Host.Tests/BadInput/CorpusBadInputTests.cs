using System.Text;
using Bot.Core.Facts;
using Bot.Host.Tests.Platforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace Bot.Host.Tests.BadInput;

/// <summary>A corpus folder holding the real documents next to corrupt, empty, binary and oversized ones: the bot
/// starts, names each bad file in a warning and skips it, and answers from the good ones.</summary>
[Collection(OneBotAtATime.Name)]
public sealed class CorpusBadInputTests : IDisposable
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;

    private readonly string _corpus = Directory.CreateTempSubdirectory("bad-corpus-").FullName;

    public void Dispose() => Directory.Delete(_corpus, recursive: true);

    [Fact]
    public async Task Corrupt_empty_binary_and_50_MB_documents_are_reported_by_name_and_skipped_and_the_rest_answer()
    {
        var good = Directory.GetFiles(Path.Combine(BotPaths.FindRoot(), "config", "corpus")).Order(StringComparer.Ordinal).ToList();
        foreach (var file in good)
        {
            File.Copy(file, Path.Combine(_corpus, Path.GetFileName(file)));
        }

        var random = new Random(HostileInputs.Seed);
        var bad = new Dictionary<string, byte[]>
        {
            ["corrupt-utf8.txt"] = [.. Encoding.UTF8.GetBytes("On January 7, 1979 the city was "), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(" freed.")],
            ["truncated.html"] = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>January 7, 1979</title><scr"),
            ["empty.txt"] = [],
            ["blank.md"] = Encoding.UTF8.GetBytes(" \n\t\r\n   \n"),
            ["scan.html"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, .. Bytes(random, 4096)],
            ["noise.txt"] = Bytes(random, 65_536),
        };
        foreach (var (name, bytes) in bad)
        {
            await File.WriteAllBytesAsync(Path.Combine(_corpus, name), bytes, TestContext.Current.CancellationToken);
        }

        await WriteLegitimateTextAsync(Path.Combine(_corpus, "huge-50mb.txt"), FiftyMegabytes);

        await using var bot = await BadInputBot.StartAsync($"--Corpus:Path={_corpus}");

        var skipped = bot.Logs.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Skipped ", StringComparison.Ordinal)).Select(l => l.Message).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', skipped));
        foreach (var name in bad.Keys.Append("huge-50mb.txt"))
        {
            skipped.ShouldContain(s => s.StartsWith($"Skipped {name} in ", StringComparison.Ordinal), $"{name} was not reported");
        }

        skipped.Count.ShouldBe(bad.Count + 1);
        skipped.ShouldContain(s => s.Contains("huge-50mb.txt", StringComparison.Ordinal) && s.Contains("Corpus:MaxDocumentBytes", StringComparison.Ordinal));
        bot.Failures().ShouldBeEmpty();
        var documents = await bot.Services.GetRequiredService<IFactCatalog>().DocumentsAsync(TestContext.Current.CancellationToken);
        documents.Select(d => d.Id).ShouldBe(good.Select(Path.GetFileName), ignoreOrder: true);
        var answer = await bot.Services.GetRequiredService<IQuestionAnswerer>().AskAsync("when did vn troops free phnom penh", TestContext.Current.CancellationToken);
        answer.Text.ShouldContain("January 7, 1979");
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Real sentences, over and over: a file that is text in every respect but its size.</summary>
    private static async Task WriteLegitimateTextAsync(string path, long size)
    {
        var block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("On January 7, 1979, Phnom Penh was liberated and the Khmer Rouge regime fell. ", 13_000)));
        await using var file = File.Create(path);
        for (long written = 0; written < size; written += block.Length)
        {
            await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - written)), TestContext.Current.CancellationToken);
        }
    }
}
