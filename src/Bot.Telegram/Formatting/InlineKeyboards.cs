using System.Globalization;
using System.Text;
using Bot.Core.Messaging;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram.Formatting;

/// <summary>Turns <see cref="OutgoingMessage.Choices"/> into an inline keyboard. A button's callback data is its
/// command line ("/timezone Asia/Phnom_Penh"); Telegram allows 64 bytes, so longer command lines are kept here and
/// the button carries a short key ("#12") instead.</summary>
public sealed class InlineKeyboards
{
    public const int MaxCallbackBytes = 64;
    private const int Remembered = 20_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _byKey = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private long _next;

    public InlineKeyboardMarkup? Build(IReadOnlyList<MessageChoice> choices)
    {
        if (choices.Count == 0)
        {
            return null;
        }

        var perRow = choices.All(c => c.Label.Length <= 14) ? 3 : choices.All(c => c.Label.Length <= 24) ? 2 : 1;
        var rows = choices
            .Take(100)
            .Select(c => InlineKeyboardButton.WithCallbackData(Label(c.Label), Encode(c.CommandLine)))
            .Chunk(perRow)
            .Select(row => (IEnumerable<InlineKeyboardButton>)row)
            .ToList();
        return new InlineKeyboardMarkup(rows);
    }

    /// <summary>The callback data for a command line.</summary>
    public string Encode(string commandLine)
    {
        if (Encoding.UTF8.GetByteCount(commandLine) <= MaxCallbackBytes && !commandLine.StartsWith('#'))
        {
            return commandLine;
        }

        lock (_gate)
        {
            var key = "#" + (++_next).ToString(CultureInfo.InvariantCulture);
            _byKey[key] = commandLine;
            _order.Enqueue(key);
            while (_order.Count > Remembered)
            {
                _byKey.Remove(_order.Dequeue());
            }

            return key;
        }
    }

    /// <summary>The command line behind callback data, or null when the button is too old to be known.</summary>
    public string? Decode(string? data)
    {
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }

        if (!data.StartsWith('#'))
        {
            return data;
        }

        lock (_gate)
        {
            return _byKey.GetValueOrDefault(data);
        }
    }

    private static string Label(string label)
    {
        var text = string.IsNullOrWhiteSpace(label) ? "…" : label.Trim();
        return text.Length <= 64 ? text : text[..63] + "…";
    }
}
