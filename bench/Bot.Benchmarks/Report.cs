using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Bot.Testing;

namespace Bot.Benchmarks;

/// <summary>One measured figure beside its target. <see cref="Met"/> is null where the figure has no target
/// (context such as allocations or a peer's latency).</summary>
public sealed record Figure(string Section, string Name, double Value, string Unit, string? Target = null, bool? Met = null, string? Note = null)
{
    public string Formatted => Value.ToString(Value >= 100 ? "N0" : Value >= 1 ? "0.##" : "0.####", CultureInfo.InvariantCulture) + " " + Unit;
}

/// <summary>Everything one run produced, and BENCHMARKS.md written from it.</summary>
public sealed class Report(string command, bool smoke)
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        var verdict = figure.Met switch { true => "  (target met)", false => "  (TARGET MISSED)", null => "" };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {figure.Section} | {figure.Name}: {figure.Formatted}{(figure.Target is null ? "" : "  target " + figure.Target)}{verdict}"));
    }

    /// <summary>A figure with an upper-bound target.</summary>
    public void AtMost(string section, string name, double value, string unit, double target, string? note = null) =>
        Add(new Figure(section, name, value, unit, string.Create(CultureInfo.InvariantCulture, $"≤ {target:0.###} {unit}"), value <= target, note));

    /// <summary>A figure with a lower-bound target.</summary>
    public void AtLeast(string section, string name, double value, string unit, double target, string? note = null) =>
        Add(new Figure(section, name, value, unit, string.Create(CultureInfo.InvariantCulture, $"≥ {target:N0} {unit}"), value >= target, note));

    public void Info(string section, string name, double value, string unit, string? note = null) =>
        Add(new Figure(section, name, value, unit, Note: note));

    /// <summary>A sentence printed under the tables (a scaled-down run, a known cause of a missed target).</summary>
    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine("  note: " + note);
    }

    /// <summary>This run's figures as a block for BENCHMARKS.md: the machine, the date and command, then a table
    /// per section. <see cref="GeneratedBlock"/> puts it in the file without touching what was written by hand.</summary>
    public string Markdown(DateTimeOffset started, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine(smoke
            ? "**Smoke run** (tiny sizes, to prove the benchmarks still run): these figures say nothing about performance."
            : "Figures from one run on the machine below. Targets come from issue 7; none of them is a pass/fail test.");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        foreach (var (key, value) in Machine())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {value} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| Date | {started:yyyy-MM-dd HH:mm} UTC (took {took.TotalMinutes:0.0} min) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Command | `{command}` |");
        text.AppendLine();
        foreach (var section in _figures.GroupBy(f => f.Section))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {section.Key}");
            text.AppendLine();
            text.AppendLine("| Figure | Measured | Target | |");
            text.AppendLine("|---|---:|---|---|");
            foreach (var f in section)
            {
                var verdict = f.Met switch { true => "met", false => "**missed**", null => "" };
                text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Name}{(f.Note is null ? "" : " — " + f.Note)} | {f.Formatted} | {f.Target ?? ""} | {verdict} |");
            }

            text.AppendLine();
        }

        if (_notes.Count > 0)
        {
            text.AppendLine("## Notes");
            text.AppendLine();
            foreach (var note in _notes)
            {
                text.AppendLine("- " + note);
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public static IEnumerable<(string Key, string Value)> Machine()
    {
        yield return ("CPU", $"{CpuModel()} ({Environment.ProcessorCount} logical cores)");
        yield return ("Memory", string.Create(CultureInfo.InvariantCulture, $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:0.0} GB"));
        yield return ("OS", RuntimeInformation.OSDescription);
        yield return (".NET", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})");
        yield return ("Node", NodeVersion());
    }

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string NodeVersion()
    {
        try
        {
            using var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node", "--version") { RedirectStandardOutput = true });
            var version = node?.StandardOutput.ReadToEnd().Trim();
            node?.WaitForExit();
            return string.IsNullOrEmpty(version) ? "not found" : version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}

/// <summary>Latency samples and their percentiles (nearest rank).</summary>
public sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double value) => _values.Add(value);

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        _values.Sort();
        var rank = (int)Math.Ceiling(p / 100 * _values.Count) - 1;
        return _values[Math.Clamp(rank, 0, _values.Count - 1)];
    }

    public double Max => _values.Count == 0 ? double.NaN : _values.Max();
}
