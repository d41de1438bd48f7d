using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Moderation;

/// <summary>Who moderates a Telegram chat. In a private chat, the user. In a group, supergroup or channel, its
/// administrators (getChatMember: creator or administrator), remembered for
/// <see cref="TelegramOptions.ModeratorCacheDuration"/>. A message sent on behalf of the chat itself (a channel post,
/// or an anonymous group administrator: sender_chat is the chat) is a moderator's.</summary>
public sealed class ModeratorDirectory
{
    private readonly TelegramClient _client;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cacheFor;
    private readonly ILogger<ModeratorDirectory> _log;
    private readonly ConcurrentDictionary<(long Chat, long User), (bool IsModerator, DateTimeOffset Until)> _cache = new();

    public ModeratorDirectory(TelegramClient client, TimeProvider time, IOptions<TelegramOptions> options, ILogger<ModeratorDirectory> log)
    {
        _client = client;
        _time = time;
        _cacheFor = options.Value.ModeratorCacheDuration;
        _log = log;
    }

    /// <summary>Whether the message's sender moderates the message's chat.</summary>
    public Task<bool> IsModeratorAsync(Message message, CancellationToken cancellationToken)
    {
        if (message.SenderChat is { } senderChat)
        {
            return Task.FromResult(senderChat.Id == message.Chat.Id);
        }

        return message.From is { } from ? IsModeratorAsync(message.Chat, from.Id, cancellationToken) : Task.FromResult(false);
    }

    public async Task<bool> IsModeratorAsync(Chat chat, long userId, CancellationToken cancellationToken)
    {
        if (chat.Type == ChatType.Private)
        {
            return chat.Id == userId;
        }

        var now = _time.GetUtcNow();
        if (_cache.TryGetValue((chat.Id, userId), out var known) && known.Until > now)
        {
            return known.IsModerator;
        }

        try
        {
            var member = await _client.CallAsync((bot, ct) => bot.GetChatMember(chat.Id, userId, ct), cancellationToken);
            var isModerator = member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
            Remember(chat.Id, userId, isModerator, now);
            return isModerator;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403)
        {
            // The user or chat is unknown to Telegram for this bot: not a moderator; remember briefly.
            Remember(chat.Id, userId, false, now);
            return false;
        }
        catch (Exception ex) when (ex is RequestException or TimeoutException or HttpRequestException)
        {
            _log.LogWarning("Could not check whether user {UserId} administers chat {ChatId}: {Error}", userId, chat.Id, _client.Redactor.Describe(ex));
            return false;
        }
    }

    private void Remember(long chatId, long userId, bool isModerator, DateTimeOffset now)
    {
        _cache[(chatId, userId)] = (isModerator, now + _cacheFor);
        if (_cache.Count > 20_000)
        {
            foreach (var stale in _cache.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
            {
                _cache.TryRemove(stale, out _);
            }
        }
    }

    /// <summary>Drops what is known about a chat (the bot's membership changed, the chat moved).</summary>
    public void Forget(long chatId)
    {
        foreach (var key in _cache.Keys.Where(k => k.Chat == chatId))
        {
            _cache.TryRemove(key, out _);
        }
    }
}
