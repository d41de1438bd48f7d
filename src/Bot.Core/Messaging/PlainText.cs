using System.Text;

namespace Bot.Core.Messaging;

/// <summary>Renders a message as plain text: the console channel, logs and tests.</summary>
public static class PlainText
{
    public static string Render(OutgoingMessage message)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(message.Title))
        {
            text.AppendLine(message.Title);
        }

        text.AppendLine(message.Text);
        foreach (var citation in message.Citations)
        {
            text.Append("  > ").AppendLine(citation.Quote);
            text.Append("    — ").AppendLine(Describe(citation));
        }

        foreach (var choice in message.Choices)
        {
            text.Append("  [").Append(choice.Label).Append("] ").AppendLine(choice.CommandLine);
        }

        if (!string.IsNullOrWhiteSpace(message.Footer))
        {
            text.AppendLine(message.Footer);
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>"Title (VNA, 2024-01-07)": how every platform names a cited document.</summary>
    public static string Describe(Citation citation)
    {
        var details = string.Join(", ", new[] { citation.Source, citation.Date }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return details.Length == 0 ? citation.Title : $"{citation.Title} ({details})";
    }
}
