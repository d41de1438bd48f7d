using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Bot.Host.Operations;

/// <summary>OpenTelemetry exports a histogram series only once something was recorded on it, and recording a zero would
/// count one observation. So, in front of the exporter, each of the bot's histogram series the exporter did not write
/// (one per platform that is on) is added at zero: every bucket, the sum and the count 0, in the exporter's own
/// spelling for the format it chose. A series the exporter wrote is left alone, so none is ever listed twice.</summary>
public sealed class HistogramsAtZero(IReadOnlyList<Histogram<double>> histograms, IReadOnlyList<string> platforms)
{
    private const string OpenMetricsEnd = "# EOF\n";

    /// <summary>Middleware: lets the exporter write into a buffer, then sends its text with the missing series added.</summary>
    public async Task WriteAsync(HttpContext context, RequestDelegate exporter)
    {
        var response = context.Response;
        var body = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await exporter(context);
        }
        finally
        {
            response.Body = body;
        }

        // No content type: the exporter failed or had nothing to list; that answer goes out as it came.
        if (response.ContentType is not { } type)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(body, context.RequestAborted);
            return;
        }

        var exposition = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        await response.WriteAsync(
            AddTo(exposition, openMetrics: type.StartsWith("application/openmetrics-text", StringComparison.OrdinalIgnoreCase)),
            context.RequestAborted);
    }

    /// <summary>The exporter's text with the zero series it lacks. A family must stay in one piece, so a histogram the
    /// exporter already lists for some platform gets the others' series at the end of its family; a histogram it does
    /// not list at all is added whole before OpenMetrics' closing <c># EOF</c> (or at the end of plain text).</summary>
    private string AddTo(string exposition, bool openMetrics)
    {
        foreach (var histogram in histograms)
        {
            var name = ExportedName(histogram);
            var bounds = histogram.Advice?.HistogramBucketBoundaries
                ?? throw new InvalidOperationException($"Histogram {histogram.Name} has no bucket bounds of its own to list at zero.");
            var zero = new StringBuilder();
            foreach (var platform in platforms)
            {
                // Left open: each bucket adds its le label. Scope first, then the tag: the exporter's order.
                var labels = $"{{otel_scope_name=\"{Escape(histogram.Meter.Name)}\",platform=\"{Escape(platform)}\"";
                if (!exposition.Contains($"{name}_count{labels}}} ", StringComparison.Ordinal))
                {
                    AppendZero(zero, name, labels, bounds, openMetrics);
                }
            }

            if (zero.Length == 0)
            {
                continue;
            }

            var type = $"# TYPE {name} histogram\n";
            var family = exposition.IndexOf(type, StringComparison.Ordinal);
            var end = exposition.EndsWith(OpenMetricsEnd, StringComparison.Ordinal) ? exposition.Length - OpenMetricsEnd.Length : exposition.Length;
            if (family >= 0)
            {
                var next = exposition.IndexOf("\n# TYPE ", family + type.Length - 1, StringComparison.Ordinal);
                exposition = exposition.Insert(next >= 0 ? next + 1 : end, zero.ToString());
            }
            else
            {
                exposition = exposition.Insert(end, Metadata(histogram, name, openMetrics) + zero);
            }
        }

        return exposition;
    }

    /// <summary>The exporter's name: the instrument's name with its unit spelled out. Every histogram of the bot
    /// measures seconds (one set of bucket bounds in seconds); another unit would need the exporter's spelling of it.</summary>
    private static string ExportedName(Histogram<double> histogram) => histogram.Unit == "s"
        ? histogram.Name + "_seconds"
        : throw new InvalidOperationException($"Histogram {histogram.Name} has unit '{histogram.Unit}'; only seconds ('s') are listed at zero.");

    private static string Metadata(Histogram<double> histogram, string name, bool openMetrics)
    {
        var lines = new StringBuilder().Append("# TYPE ").Append(name).Append(" histogram\n");
        if (openMetrics)
        {
            lines.Append("# UNIT ").Append(name).Append(" seconds\n");
        }

        if (!string.IsNullOrEmpty(histogram.Description))
        {
            lines.Append("# HELP ").Append(name).Append(' ')
                .Append(histogram.Description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('\n');
        }

        return lines.ToString();
    }

    private static void AppendZero(StringBuilder zero, string name, string labels, IReadOnlyList<double> bounds, bool openMetrics)
    {
        foreach (var bound in bounds)
        {
            // OpenMetrics wants a bucket bound as a float ("1.0"); the plain format writes it as the number it is ("1").
            var le = bound.ToString(CultureInfo.InvariantCulture) + (openMetrics && double.IsInteger(bound) ? ".0" : "");
            zero.Append(name).Append("_bucket").Append(labels).Append(",le=\"").Append(le).Append("\"} 0\n");
        }

        zero.Append(name).Append("_bucket").Append(labels).Append(",le=\"+Inf\"} 0\n");
        zero.Append(name).Append("_sum").Append(labels).Append("} 0\n");
        zero.Append(name).Append("_count").Append(labels).Append("} 0\n");
    }

    private static string Escape(string labelValue) => labelValue
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);
}
