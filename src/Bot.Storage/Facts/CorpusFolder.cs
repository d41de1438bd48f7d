using System.Security.Cryptography;
using System.Text;
using Bot.Core.Facts;

namespace Bot.Storage.Facts;

/// <summary>A file of the corpus folder: its text and content hash, or why it cannot be used.</summary>
public sealed record CorpusFile(string Id, string Hash, DocumentText? Document, string? Problem);

/// <summary>Reads the corpus folder: <c>.txt</c>, <c>.md</c> and <c>.html</c> files, decoded strictly as UTF-8.
/// A file that cannot be read, is larger than the limit, is binary, is not valid UTF-8 or is empty comes back with
/// its problem named.</summary>
public static class CorpusFolder
{
    /// <summary>10 MiB: a hundred times the longest article in the corpus. A bigger file is reported and skipped
    /// unread rather than held in memory (twice, as bytes and as text) and split into millions of sentences.</summary>
    public const long DefaultMaxDocumentBytes = 10 * 1024 * 1024;

    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".txt", ".md", ".html", ".htm" };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<CorpusFile> Read(string folder, long maxDocumentBytes = DefaultMaxDocumentBytes)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The corpus folder {folder} does not exist (setting Corpus:Path).");
        }

        return [.. Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .Select(f => ReadFile(f, maxDocumentBytes))];
    }

    public static CorpusFile ReadFile(string path, long maxDocumentBytes = DefaultMaxDocumentBytes)
    {
        var id = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            var size = new FileInfo(path).Length;
            if (size > maxDocumentBytes)
            {
                return new CorpusFile(id, "", null, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"is {size:N0} bytes, above the limit of {maxDocumentBytes:N0} bytes (setting Corpus:MaxDocumentBytes)"));
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new CorpusFile(id, "", null, $"cannot be read ({ex.GetType().Name}: {ex.Message})");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return new CorpusFile(id, hash, null, "is binary (it contains NUL bytes), not text");
        }

        string text;
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                span = span[3..];
            }

            text = StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            return new CorpusFile(id, hash, null, "is not valid UTF-8 text");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new CorpusFile(id, hash, null, "is empty");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        var content = extension is ".html" or ".htm" ? MarkupText.FromHtml(text) : extension == ".md" ? MarkupText.FromMarkdown(text) : text;
        return new CorpusFile(id, hash, new DocumentText(id, content), null);
    }
}
