using System.Globalization;
using System.Reflection;

namespace Bot.Storage;

/// <summary>The versioned schema scripts embedded in this assembly: <c>Schema/{Provider}/NNN_name.sql</c>.</summary>
public static class SchemaScripts
{
    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> For(string provider)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var prefix = $"{assembly.GetName().Name}.Schema.{provider}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[prefix.Length..^4]))
            .OrderBy(s => s.Version)];
    }

    private static Script Load(Assembly assembly, string resource, string fileName)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName[..underscore], NumberStyles.None, CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Schema script {resource} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return new Script(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}
