using System.Globalization;
using Bot.Core.Occasions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bot.Scheduling;

/// <summary>Reads config/occasions.yaml. A malformed file is refused with the line at fault and what is valid.</summary>
public static class OccasionsFile
{
    private static readonly string[] Keys = ["id", "month", "day", "year", "title", "summary", "primary", "template", "facts"];
    private static readonly string[] FactKeys = ["query", "documents"];

    public static CuratedOccasions Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new OccasionsFileException($"{path}: the occasions file does not exist (set Occasions:Path).");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static CuratedOccasions Parse(string yaml, string name = "occasions.yaml")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new OccasionsFileException($"{name}, line {ex.Start.Line}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("occasions"), out var list) || list is not YamlSequenceNode sequence)
        {
            throw new OccasionsFileException($"{name}, line 1: expected a top-level 'occasions:' list.");
        }

        var result = new List<Occasion>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode map)
            {
                throw Error(name, item, "each occasion is a mapping with id, month, day, year, title, summary (and optionally template, facts).");
            }

            result.Add(Read(map, name));
        }

        var duplicate = result.GroupBy(o => o.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var second = sequence.Children.OfType<YamlMappingNode>().Where(m => string.Equals(Scalar(m, "id"), duplicate.Key, StringComparison.OrdinalIgnoreCase)).Skip(1).First();
            throw Error(name, second, $"the id '{duplicate.Key}' is used twice; ids must be unique.");
        }

        return new CuratedOccasions(result);
    }

    private static Occasion Read(YamlMappingNode map, string name)
    {
        foreach (var key in map.Children.Keys)
        {
            var text = (key as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(text))
            {
                throw Error(name, key, $"unknown key '{text}'. Valid keys: {string.Join(", ", Keys)}.");
            }
        }

        var id = Required(map, "id", name);
        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || id.Length > 32 || id.StartsWith("d-", StringComparison.Ordinal))
        {
            throw Error(name, Node(map, "id")!, $"id '{id}' must be 1–32 letters, digits, '-' or '_' and not start with 'd-' (kept for occasions derived from the documents).");
        }

        var month = Number(map, "month", name, 1, 12);
        var day = Number(map, "day", name, 1, 31);
        if (!OccasionCatalog.IsValidDay(month, day))
        {
            throw Error(name, Node(map, "day")!, $"{month}/{day} is not a date; valid days in month {month} are 1–{DateTime.DaysInMonth(2000, month)}.");
        }

        var year = Number(map, "year", name, 1, 9999);
        var title = Required(map, "title", name);
        var summary = Scalar(map, "summary") ?? title;
        var template = Scalar(map, "template");
        if (template is not null && PostTemplate.Validate(template) is { } problem)
        {
            throw Error(name, Node(map, "template")!, problem);
        }

        string? query = null;
        IReadOnlyList<string> documents = [];
        if (Node(map, "facts") is { } facts)
        {
            switch (facts)
            {
                case YamlScalarNode scalar:
                    query = scalar.Value;
                    break;
                case YamlMappingNode factMap:
                    foreach (var key in factMap.Children.Keys)
                    {
                        var text = (key as YamlScalarNode)?.Value ?? "";
                        if (!FactKeys.Contains(text))
                        {
                            throw Error(name, key, $"unknown key '{text}' under facts. Valid keys: {string.Join(", ", FactKeys)}.");
                        }
                    }

                    query = Scalar(factMap, "query");
                    if (Node(factMap, "documents") is YamlSequenceNode docs)
                    {
                        documents = [.. docs.Children.OfType<YamlScalarNode>().Select(d => d.Value ?? "").Where(d => d.Length > 0)];
                    }
                    else if (Node(factMap, "documents") is { } other)
                    {
                        throw Error(name, other, "facts.documents is a list of document file names.");
                    }

                    break;
                default:
                    throw Error(name, facts, "facts is a search query, or a mapping with query and documents.");
            }
        }

        var primary = Scalar(map, "primary") switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw Error(name, Node(map, "primary")!, $"primary is true or false (is '{other}')."),
        };

        return new Occasion(id, month, day, year, title, summary, query, template, Curated: true) { Documents = documents, Primary = primary };
    }

    private static YamlNode? Node(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) =>
        Node(map, key) is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value) && value != "~" && value != "null" ? value.Trim() : null;

    private static string Required(YamlMappingNode map, string key, string name) =>
        Scalar(map, key) ?? throw Error(name, Node(map, key) ?? map, $"'{key}' is required.");

    private static int Number(YamlMappingNode map, string key, string name, int min, int max)
    {
        var text = Required(map, key, name);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(name, Node(map, key)!, $"{key} must be a whole number from {min} to {max} (is '{text}').");
        }

        return value;
    }

    private static OccasionsFileException Error(string name, YamlNode node, string message) =>
        new($"{name}, line {node.Start.Line}: {message}");
}

/// <summary>The occasions file is malformed; the message names the file and line.</summary>
public sealed class OccasionsFileException : Exception
{
    public OccasionsFileException()
    {
    }

    public OccasionsFileException(string message) : base(message)
    {
    }

    public OccasionsFileException(string message, Exception inner) : base(message, inner)
    {
    }
}
