using System.Text;
using Bot.Core.Messaging;

namespace Bot.Telegram.Formatting;

/// <summary>Renders an <see cref="OutgoingMessage"/> as Telegram HTML (parse_mode HTML). Every piece of text from
/// the message (title, answer, quotes, document names, footer) is escaped; the only tags are the renderer's own.
/// Messages longer than Telegram's limit are split into several, preferably at sentence boundaries, each one
/// well-formed HTML on its own.</summary>
public static class TelegramHtml
{
    /// <summary>Telegram's limit for one text message. The HTML length is never below the text length, so keeping
    /// the HTML under it keeps the text under it.</summary>
    public const int MaxMessageLength = 4096;

    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"") < 0 && !HasUnpairedSurrogate(text))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(c).Append(text[++i]);
                continue;
            }

            result.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                // Half of a character (from a garbled input) is not UTF-8: Telegram would refuse the whole message.
                _ when char.IsSurrogate(c) => "\uFFFD",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The message as one or more HTML texts, in order, each at most <paramref name="limit"/> characters.</summary>
    public static IReadOnlyList<string> Render(OutgoingMessage message, int limit = MaxMessageLength)
    {
        var blocks = new List<Block>();
        if (!string.IsNullOrWhiteSpace(message.Title))
        {
            blocks.Add(new Block(message.Title.Trim(), "<b>", "</b>", ""));
        }

        if (!string.IsNullOrWhiteSpace(message.Text))
        {
            blocks.Add(new Block(message.Text.Trim(), "", "", "\n"));
        }

        foreach (var citation in message.Citations)
        {
            if (!string.IsNullOrWhiteSpace(citation.Quote))
            {
                blocks.Add(new Block(citation.Quote.Trim(), "<blockquote>", "</blockquote>", "\n\n"));
                blocks.Add(new Block("— " + PlainText.Describe(citation), "<i>", "</i>", "\n"));
            }
            else
            {
                blocks.Add(new Block("— " + PlainText.Describe(citation), "<i>", "</i>", "\n\n"));
            }
        }

        if (!string.IsNullOrWhiteSpace(message.Footer))
        {
            blocks.Add(new Block(message.Footer.Trim(), "<i>", "</i>", "\n\n"));
        }

        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var block in blocks)
        {
            AddBlock(block, limit, current, chunks);
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks.Count > 0 ? chunks : ["…"];
    }

    private sealed record Block(string Raw, string Open, string Close, string Separator);

    private static void AddBlock(Block block, int limit, StringBuilder current, List<string> chunks)
    {
        var wrapper = block.Open.Length + block.Close.Length;
        var units = Units(block.Raw, limit - wrapper);
        var piece = new StringBuilder();
        var pieceLength = 0; // escaped length of piece
        foreach (var unit in units)
        {
            var unitLength = EscapedLength(unit);
            var separator = current.Length == 0 ? 0 : block.Separator.Length;
            if (current.Length + separator + wrapper + pieceLength + unitLength <= limit)
            {
                piece.Append(unit);
                pieceLength += unitLength;
                continue;
            }

            Commit(block, piece, current);
            if (current.Length > 0)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }

            piece.Clear().Append(unit.TrimStart());
            pieceLength = EscapedLength(piece.ToString());
        }

        Commit(block, piece, current);
    }

    private static void Commit(Block block, StringBuilder piece, StringBuilder current)
    {
        var raw = piece.ToString().Trim();
        if (raw.Length == 0)
        {
            return;
        }

        if (current.Length > 0)
        {
            current.Append(block.Separator);
        }

        current.Append(block.Open).Append(Escape(raw)).Append(block.Close);
    }

    private static int EscapedLength(string text)
    {
        var length = 0;
        foreach (var c in text)
        {
            length += c switch
            {
                '&' => 5,
                '<' or '>' => 4,
                '"' => 6,
                _ => 1,
            };
        }

        return length;
    }

    /// <summary>The text cut into sentences (each keeping its trailing white space), any sentence too long for one
    /// message cut at word boundaries, any word too long cut between characters.</summary>
    internal static IEnumerable<string> Units(string text, int maxEscaped)
    {
        maxEscaped = Math.Max(maxEscaped, 8);
        foreach (var sentence in Sentences(text))
        {
            if (EscapedLength(sentence) <= maxEscaped)
            {
                yield return sentence;
                continue;
            }

            foreach (var word in Words(sentence))
            {
                if (EscapedLength(word) <= maxEscaped)
                {
                    yield return word;
                    continue;
                }

                var part = new StringBuilder();
                var partLength = 0;
                for (var i = 0; i < word.Length; i++)
                {
                    var take = char.IsHighSurrogate(word[i]) && i + 1 < word.Length ? 2 : 1;
                    var piece = word.Substring(i, take);
                    var length = EscapedLength(piece);
                    if (partLength + length > maxEscaped)
                    {
                        yield return part.ToString();
                        part.Clear();
                        partLength = 0;
                    }

                    part.Append(piece);
                    partLength += length;
                    i += take - 1;
                }

                if (part.Length > 0)
                {
                    yield return part.ToString();
                }
            }
        }
    }

    /// <summary>Sentence ends: . ! ? … and the Khmer and CJK full stops, followed by white space; and line breaks.</summary>
    internal static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var end = c == '\n'
                || (IsSentenceEnd(c) && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] is '"' or '\'' or ')' or '»' or '”'))
                || c is '។' or '៕' or '。';
            if (!end)
            {
                continue;
            }

            var stop = i + 1;
            while (stop < text.Length && (text[stop] is '"' or '\'' or ')' or '»' or '”'))
            {
                stop++;
            }

            while (stop < text.Length && char.IsWhiteSpace(text[stop]))
            {
                stop++;
            }

            yield return text[start..stop];
            start = stop;
            i = stop - 1;
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    private static bool IsSentenceEnd(char c) => c is '.' or '!' or '?' or '…';

    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && (i + 1 == text.Length || !char.IsWhiteSpace(text[i + 1])))
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
