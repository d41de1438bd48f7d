using System.Net;
using System.Text.RegularExpressions;

namespace Bot.Core.Facts;

/// <summary>Plain text from HTML and Markdown documents, with block elements as paragraph breaks, so that the
/// same cleaning and sentence rules apply to every format.</summary>
public static partial class MarkupText
{
    [GeneratedRegex(@"<(script|style|nav|header|footer|aside|noscript|form)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HiddenBlocks();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"<\s*(br|/p|/div|/h[1-6]|/li|/tr|/title|/section|/article|/blockquote|/figcaption)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnds();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex MarkdownImage();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)", RegexOptions.Multiline)]
    private static partial Regex MarkdownLinePrefix();

    [GeneratedRegex(@"(\*\*|__|`)")]
    private static partial Regex MarkdownEmphasis();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    public static string FromHtml(string html)
    {
        var text = Comments().Replace(html, " ");
        text = HiddenBlocks().Replace(text, "\n\n");
        text = BlockEnds().Replace(text, "\n\n");
        text = Tags().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        return string.Join('\n', text.Split('\n').Select(l => Spaces().Replace(l, " ").Trim()));
    }

    public static string FromMarkdown(string markdown)
    {
        var text = MarkdownImage().Replace(markdown, " ");
        text = MarkdownLink().Replace(text, "$1");
        text = MarkdownLinePrefix().Replace(text, "");
        return MarkdownEmphasis().Replace(text, "");
    }
}
