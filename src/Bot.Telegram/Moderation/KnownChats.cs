using System.Collections.Concurrent;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Moderation;

/// <summary>The kind of each chat the bot has heard from (private, group, supergroup, channel), learned from
/// incoming updates, so the pre-flight check rarely needs to ask Telegram (getChat).</summary>
public sealed class KnownChats
{
    private const int Remembered = 100_000;

    private readonly ConcurrentDictionary<long, ChatType> _types = new();

    public void Saw(long chatId, ChatType type)
    {
        if (_types.Count < Remembered || _types.ContainsKey(chatId))
        {
            _types[chatId] = type;
        }
    }

    public ChatType? TypeOf(long chatId) => _types.TryGetValue(chatId, out var type) ? type : null;
}
