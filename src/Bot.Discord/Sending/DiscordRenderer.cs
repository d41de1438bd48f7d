using Bot.Core.Messaging;
using Bot.Discord.Rest;

namespace Bot.Discord.Sending;

/// <summary>Turns a platform-neutral message into one or more Discord message bodies that respect Discord's sizes
/// (content ≤ 2,000 characters; per embed title ≤ 256, description ≤ 4,096, footer ≤ 2,048; ≤ 6,000 characters
/// and ≤ 10 embeds per message), splitting at paragraph, line or word boundaries and trimming only past
/// <see cref="MaxParts"/> messages. Every body sets <c>allowed_mentions</c> so that nothing in it pings anyone,
/// except the one role a scheduled post names.</summary>
public static class DiscordRenderer
{
    public const int MaxContent = 2000;
    public const int MaxTitle = 256;
    public const int MaxDescription = 4096;
    public const int MaxFooter = 2048;
    public const int MaxEmbedTotal = 6000;
    public const int MaxEmbedsPerMessage = 10;

    /// <summary>A message never becomes more than this many Discord messages; the rest is cut with an ellipsis.</summary>
    public const int MaxParts = 5;

    /// <summary>Footers are kept shorter than Discord allows so that title + description + footer always fit 6,000.</summary>
    private const int FooterBudget = 1500;

    private const int ButtonsPerRow = 5;
    private const int MaxRows = 5;
    private const int EmbedColor = 0xB22222;

    public static IReadOnlyList<MessagePayload> Render(OutgoingMessage message)
    {
        var parts = message.Title is not null || message.Citations.Count > 0 ? RenderEmbeds(message) : RenderContent(message);
        var mentions = message.MentionRoleId is { } role && DiscordOptions.IsSnowflake(role)
            ? new AllowedMentions { Roles = [role] }
            : AllowedMentions.None;
        var components = Buttons(message.Choices);
        var result = new List<MessagePayload>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (i == 0 && mentions.Roles is not null)
            {
                var mention = $"<@&{mentions.Roles[0]}>";
                part = part with { Content = part.Content is null ? mention : mention + "\n" + part.Content };
                if (part.Content!.Length > MaxContent)
                {
                    part = part with { Content = Cut(part.Content, MaxContent) };
                }
            }

            result.Add(part with
            {
                AllowedMentions = i == 0 ? mentions : AllowedMentions.None,
                Components = i == parts.Count - 1 && components.Count > 0 ? components : null,
            });
        }

        return result;
    }

    private static List<MessagePayload> RenderContent(OutgoingMessage message)
    {
        var text = message.Text.Trim();
        if (!string.IsNullOrWhiteSpace(message.Footer))
        {
            text = text.Length == 0 ? message.Footer.Trim() : text + "\n\n" + message.Footer.Trim();
        }

        if (text.Length == 0)
        {
            text = "…";
        }

        var chunks = Split(text, MaxContent);
        if (chunks.Count > MaxParts)
        {
            chunks = [.. chunks.Take(MaxParts)];
            chunks[^1] = Cut(chunks[^1], MaxContent - 1) + "…";
        }

        return [.. chunks.Select(c => new MessagePayload { Content = c })];
    }

    private static List<MessagePayload> RenderEmbeds(OutgoingMessage message)
    {
        var title = message.Title is { } t && !string.IsNullOrWhiteSpace(t) ? Cut(t.Trim(), MaxTitle) : null;
        var blocks = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.Text))
        {
            blocks.Add(message.Text.Trim());
        }

        var sources = new List<string>();
        foreach (var citation in message.Citations)
        {
            var described = PlainText.Describe(citation);
            var index = sources.IndexOf(described);
            if (index < 0)
            {
                sources.Add(described);
                index = sources.Count - 1;
            }

            var quote = string.Join('\n', citation.Quote.Trim().Split('\n').Select(line => "> " + line.Trim()));
            blocks.Add($"{quote}\n— [{index + 1}] {described}");
        }

        var footerLines = new List<string>();
        if (sources.Count > 0)
        {
            footerLines.Add("Sources: " + string.Join(" · ", sources.Select((s, i) => $"[{i + 1}] {s}")));
        }

        if (!string.IsNullOrWhiteSpace(message.Footer))
        {
            footerLines.Add(message.Footer.Trim());
        }

        var footer = footerLines.Count > 0 ? Cut(string.Join('\n', footerLines), FooterBudget) : null;

        var descriptions = Split(string.Join("\n\n", blocks), MaxDescription);
        if (descriptions.Count == 0)
        {
            descriptions.Add("");
        }

        // each description may need a message of its own (4,096 + title + footer ≤ 6,000), so at most MaxParts
        if (descriptions.Count > MaxParts)
        {
            descriptions = [.. descriptions.Take(MaxParts)];
            descriptions[^1] = Cut(descriptions[^1], MaxDescription - 1) + "…";
        }

        var embeds = descriptions.Select((d, i) => new Embed
        {
            Title = i == 0 ? title : null,
            Description = d.Length > 0 ? d : null,
            Color = EmbedColor,
            Footer = i == descriptions.Count - 1 && footer is not null ? new EmbedFooter(footer) : null,
        }).Where(e => e.Title is not null || e.Description is not null || e.Footer is not null).ToList();
        if (embeds.Count == 0)
        {
            embeds.Add(new Embed { Description = "…", Color = EmbedColor });
        }

        var messages = new List<MessagePayload>();
        var current = new List<Embed>();
        var total = 0;
        foreach (var embed in embeds)
        {
            var length = embed.CountedLength;
            if (current.Count > 0 && (current.Count == MaxEmbedsPerMessage || total + length > MaxEmbedTotal))
            {
                messages.Add(new MessagePayload { Embeds = current });
                current = [];
                total = 0;
            }

            current.Add(embed);
            total += length;
        }

        messages.Add(new MessagePayload { Embeds = current });
        return messages;
    }

    private static List<Component> Buttons(IReadOnlyList<MessageChoice> choices)
    {
        var buttons = choices
            .Where(c => c.CommandLine.Length is > 0 and <= 100 && !string.IsNullOrWhiteSpace(c.Label))
            .Take(ButtonsPerRow * MaxRows)
            .Select(c => new Component { Type = 2, Style = 2, Label = Cut(c.Label.Trim(), 80), CustomId = c.CommandLine })
            .ToList();
        return [.. buttons.Chunk(ButtonsPerRow).Select(row => new Component { Type = 1, Components = row })];
    }

    /// <summary>Splits text into pieces of at most <paramref name="max"/> characters, preferring paragraph breaks,
    /// then line breaks, then spaces; never inside a surrogate pair.</summary>
    public static List<string> Split(string text, int max)
    {
        var parts = new List<string>();
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var cut = LastBreak(rest, max, "\n\n") ?? LastBreak(rest, max, "\n") ?? LastBreak(rest, max, " ") ?? max;
            if (char.IsHighSurrogate(rest[cut - 1]))
            {
                cut--;
            }

            var piece = rest[..cut].Trim();
            if (piece.Length > 0)
            {
                parts.Add(piece);
            }

            rest = rest[cut..].Trim();
        }

        if (rest.Length > 0)
        {
            parts.Add(rest);
        }

        return parts;
    }

    private static int? LastBreak(string text, int max, string separator)
    {
        var index = text.LastIndexOf(separator, max - 1, max, StringComparison.Ordinal);
        return index >= max / 2 ? index : null;
    }

    /// <summary>Cuts to at most <paramref name="max"/> characters, ending in an ellipsis when shortened.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = max - 1;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end].TrimEnd() + "…";
    }
}
