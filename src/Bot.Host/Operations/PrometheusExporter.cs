using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Bot.Core.Telemetry;

namespace Bot.Host.Operations;

/// <summary>Listens to the bot's meter and renders it in the Prometheus text format for <c>/metrics</c>.
/// Counters become <c>_total</c> series, histograms cumulative buckets with <c>_sum</c> and <c>_count</c>.</summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] Buckets = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counters = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), HistogramState> _histograms = new();
    private readonly ConcurrentDictionary<string, (string Kind, string? Help)> _described = new();

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BotMetrics.MeterName)
            {
                var name = SeriesName(instrument);
                _described[name] = (instrument is Histogram<double> ? "histogram" : "counter", instrument.Description);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _counters.AddOrUpdate((SeriesName(instrument), Labels(tags)), value, (_, current) => current + value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            _histograms.GetOrAdd((SeriesName(instrument), Labels(tags)), _ => new HistogramState()).Record(value));
        _listener.Start();
    }

    public string Render()
    {
        var text = new StringBuilder();
        foreach (var (name, (kind, help)) in _described.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var series = kind == "counter" ? name + "_total" : name;
            text.Append("# HELP ").Append(series).Append(' ').AppendLine(help ?? name);
            text.Append("# TYPE ").Append(series).Append(' ').AppendLine(kind);
            if (kind == "counter")
            {
                foreach (var ((counterName, labels), value) in _counters.Where(c => c.Key.Name == name).OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
                {
                    text.Append(series).Append(Braces(labels)).Append(' ').AppendLine(value.ToString(CultureInfo.InvariantCulture));
                }
            }
            else
            {
                foreach (var ((_, labels), state) in _histograms.Where(h => h.Key.Name == name).OrderBy(h => h.Key.Labels, StringComparer.Ordinal))
                {
                    state.Render(text, name, labels);
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Prometheus names allow letters, digits and underscores; seconds get their unit suffix.</summary>
    private static string SeriesName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        return instrument.Unit == "s" ? name + "_seconds" : name;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

    private sealed class HistogramState
    {
        private readonly long[] _counts = new long[Buckets.Length];
        private readonly Lock _gate = new();
        private long _count;
        private double _sum;

        public void Record(double value)
        {
            lock (_gate)
            {
                _count++;
                _sum += value;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (value <= Buckets[i])
                    {
                        _counts[i]++;
                    }
                }
            }
        }

        public void Render(StringBuilder text, string name, string labels)
        {
            lock (_gate)
            {
                var prefix = labels.Length == 0 ? "" : labels + ",";
                for (var i = 0; i < Buckets.Length; i++)
                {
                    text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"")
                        .Append(Buckets[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                        .AppendLine(_counts[i].ToString(CultureInfo.InvariantCulture));
                }

                text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"+Inf\"} ").AppendLine(_count.ToString(CultureInfo.InvariantCulture));
                text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').AppendLine(_sum.ToString(CultureInfo.InvariantCulture));
                text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').AppendLine(_count.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
