using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bot.Host.Tests.BadInput;

/// <summary>What a platform accepts as a message. Each check returns the problems found (empty when well-formed).</summary>
public static partial class WellFormed
{
    /// <summary>Telegram text with parse_mode HTML: only Telegram's tags, each closed in order; every <c>&lt; &gt; &amp;</c>
    /// outside a tag escaped; at most 4,096 characters; not empty once the markup is gone; no unpaired surrogate.</summary>
    public static List<string> TelegramHtml(string html)
    {
        var problems = new List<string>();
        if (html.Length > 4096)
        {
            problems.Add($"{html.Length} characters, above Telegram's 4,096");
        }

        var open = new Stack<string>();
        var visible = 0;
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    problems.Add($"unclosed '<' at {i}");
                    break;
                }

                var tag = html[(i + 1)..end];
                var match = Tag().Match(tag);
                if (!match.Success)
                {
                    problems.Add($"'<{Short(tag)}>' is not a Telegram tag");
                }
                else if (match.Groups["close"].Success)
                {
                    var name = match.Groups["name"].Value;
                    if (!open.TryPop(out var top) || top != name)
                    {
                        problems.Add($"</{name}> closes {(top is null ? "nothing" : "<" + top + ">")}");
                    }
                }
                else
                {
                    var name = match.Groups["name"].Value;
                    if (match.Groups["href"].Success && (name != "a" || !SafeLink(match.Groups["href"].Value)))
                    {
                        problems.Add($"'<{Short(tag)}>' links to something other than an http(s) or tg:// address");
                    }
                    else if (match.Groups["expandable"].Success && name != "blockquote")
                    {
                        problems.Add($"'<{Short(tag)}>': only a blockquote is expandable");
                    }

                    open.Push(name);
                }

                i = end;
            }
            else if (c == '>')
            {
                problems.Add($"unescaped '>' at {i}");
            }
            else if (c == '&')
            {
                if (!Entity().IsMatch(html.AsSpan(i)))
                {
                    problems.Add($"unescaped '&' at {i}");
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                visible++;
            }
        }

        if (open.Count > 0)
        {
            problems.Add($"<{open.Peek()}> is never closed");
        }

        if (visible == 0)
        {
            problems.Add("no visible text");
        }

        problems.AddRange(Surrogates(html));
        return problems;
    }

    /// <summary>A Discord message body (create, edit, follow-up or a type 4 callback's data): content at most 2,000;
    /// at most 10 embeds within Discord's sizes; allowed_mentions present with an empty parse list and no user or
    /// role unless named; not empty; buttons within their sizes.</summary>
    public static List<string> DiscordMessage(JsonNode? body)
    {
        var problems = new List<string>();
        if (body is not JsonObject message)
        {
            return ["no message body"];
        }

        var content = message["content"]?.GetValue<string>();
        if (content is { Length: > 2000 })
        {
            problems.Add($"content of {content.Length} characters, above 2,000");
        }

        var embeds = message["embeds"] as JsonArray ?? [];
        if (embeds.Count > 10)
        {
            problems.Add($"{embeds.Count} embeds, above 10");
        }

        var total = 0;
        foreach (var embed in embeds)
        {
            var title = embed?["title"]?.GetValue<string>() ?? "";
            var description = embed?["description"]?.GetValue<string>() ?? "";
            var footer = embed?["footer"]?["text"]?.GetValue<string>() ?? "";
            if (title.Length > 256 || description.Length > 4096 || footer.Length > 2048)
            {
                problems.Add($"embed sizes {title.Length}/{description.Length}/{footer.Length} above 256/4,096/2,048");
            }

            total += title.Trim().Length + description.Trim().Length + footer.Trim().Length;
            problems.AddRange(Surrogates(title + description + footer));
        }

        if (total > 6000)
        {
            problems.Add($"embeds total {total} characters, above 6,000");
        }

        if (string.IsNullOrWhiteSpace(content) && (embeds.Count == 0 || total == 0))
        {
            problems.Add("empty message");
        }

        if (message["allowed_mentions"] is not JsonObject mentions)
        {
            problems.Add("no allowed_mentions");
        }
        else
        {
            if (mentions["parse"] is not JsonArray { Count: 0 })
            {
                problems.Add($"allowed_mentions.parse is {mentions["parse"]?.ToJsonString() ?? "missing"}, not []");
            }

            if (mentions["users"] is JsonArray { Count: > 0 } || mentions["roles"] is JsonArray { Count: > 0 })
            {
                problems.Add("a reply may ping someone: " + mentions.ToJsonString());
            }
        }

        foreach (var row in message["components"] as JsonArray ?? [])
        {
            foreach (var button in row?["components"] as JsonArray ?? [])
            {
                if ((button?["custom_id"]?.GetValue<string>().Length ?? 0) > 100 || (button?["label"]?.GetValue<string>().Length ?? 0) > 80)
                {
                    problems.Add("a button above Discord's sizes: " + button!.ToJsonString());
                }
            }
        }

        problems.AddRange(Surrogates(content ?? ""));
        return problems;
    }

    /// <summary>An interaction callback as the HTTP answer carries it.</summary>
    public static List<string> DiscordCallback(string body)
    {
        JsonNode? callback;
        try
        {
            callback = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return [$"not JSON: {ex.Message}"];
        }

        return callback?["type"]?.GetValue<int>() switch
        {
            1 => [],
            4 => DiscordMessage(callback["data"]),
            5 => [],
            8 => Choices(callback["data"]?["choices"] as JsonArray),
            var other => [$"callback type {other?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}"],
        };
    }

    private static List<string> Choices(JsonArray? choices)
    {
        if (choices is null)
        {
            return ["autocomplete without choices"];
        }

        var problems = new List<string>();
        if (choices.Count > 25)
        {
            problems.Add($"{choices.Count} choices, above 25");
        }

        foreach (var choice in choices)
        {
            var name = choice?["name"]?.GetValue<string>() ?? "";
            if (name.Length is < 1 or > 100)
            {
                problems.Add($"choice name of {name.Length} characters");
            }
        }

        return problems;
    }

    private static IEnumerable<string> Surrogates(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                yield return $"unpaired surrogate U+{(int)text[i]:X4} at {i}";
                yield break;
            }
        }
    }

    /// <summary>A link Telegram's clients open as a link: http, https or tg, after the HTML entities are decoded (a
    /// <c>javascript:</c> or <c>data:</c> address, spelled out or entity-encoded, is not one).</summary>
    private static bool SafeLink(string href) =>
        Uri.TryCreate(System.Net.WebUtility.HtmlDecode(href).Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" or "tg";

    private static string Short(string text) => text.Length > 30 ? text[..30] + "…" : text;

    [GeneratedRegex("""^(?<close>/)?(?<name>b|strong|i|em|u|ins|s|strike|del|code|pre|blockquote|tg-spoiler|a)(?(close)|(?: href="(?<href>[^"<>]*)")?(?<expandable> expandable)?)$""")]
    private static partial Regex Tag();

    [GeneratedRegex("^&(?:amp|lt|gt|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")]
    private static partial Regex Entity();
}
