using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bot.Core.Messaging;
using Bot.Telegram.Formatting;
using Bot.Telegram.Moderation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram.Sending;

/// <summary>Telegram as a chat platform: renders messages as HTML, keeps Telegram's send limits per chat and in
/// total, and translates Telegram's answers into <see cref="SendResult"/>s for the delivery pipeline:
/// 429 → Retryable after <c>retry_after</c> (that chat only), <c>migrate_to_chat_id</c> → Moved, blocked / kicked /
/// chat not found → Permanent. Once the request went out, a missing or failed answer (a timeout, a dropped connection,
/// a 5xx) → Uncertain: Telegram may have posted the message and lost only the answer (a gateway in front of it
/// answers 502 for requests the Bot API went on to handle), and it has no idempotency key, so such a send must not be
/// repeated blindly; each one is logged and counted. A failure before the request went out → Retryable.</summary>
public sealed partial class TelegramPlatform : IChatPlatform
{
    public const string PlatformName = "telegram";

    private static readonly TimeSpan ReplyMaxWait = TelegramRetries.ReplyMaxWait;

    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    private readonly TelegramClient _client;
    private readonly TelegramRateLimiter _limiter;
    private readonly InlineKeyboards _keyboards;
    private readonly KnownChats _chats;
    private readonly TelegramMetrics _metrics;
    private readonly TelegramRetries _retries;
    private readonly TimeProvider _time;
    private readonly TelegramOptions _options;
    private readonly ILogger<TelegramPlatform> _log;

    public TelegramPlatform(
        TelegramClient client,
        TelegramRateLimiter limiter,
        InlineKeyboards keyboards,
        KnownChats chats,
        TelegramMetrics metrics,
        TelegramRetries retries,
        TimeProvider time,
        IOptions<TelegramOptions> options,
        ILogger<TelegramPlatform> log)
    {
        _client = client;
        _limiter = limiter;
        _keyboards = keyboards;
        _chats = chats;
        _metrics = metrics;
        _retries = retries;
        _time = time;
        _options = options.Value;
        _log = log;
    }

    public string Name => PlatformName;

    public bool DeduplicatesByKey => false;

    public static ChannelAddress Address(long chatId) => new(PlatformName, chatId.ToString(CultureInfo.InvariantCulture));

    public static bool TryChatId(ChannelAddress channel, out long chatId)
    {
        chatId = 0;
        return string.Equals(channel.Platform, PlatformName, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(channel.ChannelId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId);
    }

    /// <summary>Sends a (scheduled) message. Waits at most <see cref="TelegramOptions.MaxInlineWait"/> for the chat's
    /// turn; a longer wait comes back as Retryable with the time to retry.</summary>
    public Task<SendResult> SendAsync(ChannelAddress channel, OutgoingMessage message, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!TryChatId(channel, out var chatId))
        {
            return Task.FromResult(SendResult.Permanent($"'{channel}' is not a Telegram chat"));
        }

        return SendMessageAsync(chatId, message, null, null, _options.MaxInlineWait, cancellationToken);
    }

    /// <summary>Answers a command in its chat (replying to the command's message): waits for the chat's turn and
    /// through short 429s, follows a migrated group, and gives up after <see cref="TelegramOptions.SendAttempts"/>.</summary>
    public async Task<SendResult> ReplyAsync(long chatId, OutgoingMessage message, int? replyToMessageId, int? threadId, CancellationToken cancellationToken)
    {
        return await _retries.Sends.ExecuteAsync(
            async ct =>
            {
                var result = await SendMessageAsync(chatId, message, replyToMessageId, threadId, ReplyMaxWait, ct);
                if (result.Outcome == SendOutcome.Moved && long.TryParse(result.MovedToChannelId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var moved) && moved != chatId)
                {
                    // The group became a supergroup: the answer goes there, no longer as a reply (the command's
                    // message stayed behind in the old chat).
                    chatId = moved;
                    replyToMessageId = null;
                    result = await SendMessageAsync(chatId, message, null, threadId, ReplyMaxWait, ct);
                }

                return result;
            },
            cancellationToken);
    }

    /// <summary>Replaces the text (and buttons) of one of the bot's messages, e.g. after a button press. Fails
    /// (without sending anything) when the new message needs more than one Telegram message.</summary>
    public async Task<SendResult> EditAsync(long chatId, int messageId, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var chunks = TelegramHtml.Render(message);
        if (chunks.Count != 1)
        {
            return SendResult.Permanent("too long for one message");
        }

        var (lease, wait) = await _limiter.AcquireAsync(chatId, ReplyMaxWait, cancellationToken);
        if (lease is null)
        {
            return SendResult.Retry("rate limit", wait);
        }

        using var _ = lease;
        try
        {
            await _client.CallAsync((bot, ct) => bot.EditMessageText(chatId, messageId, chunks[0], ParseMode.Html,
                replyMarkup: _keyboards.Build(message.Choices), linkPreviewOptions: NoPreview, cancellationToken: ct), cancellationToken);
            return SendResult.Sent(messageId.ToString(CultureInfo.InvariantCulture));
        }
        catch (ApiRequestException ex) when (ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            return SendResult.Sent(messageId.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RequestException or TimeoutException or HttpRequestException)
        {
            _log.LogInformation("Could not edit message {MessageId} in chat {ChatId}: {Error}", messageId, chatId, _client.Redactor.Describe(ex));
            return SendResult.Permanent("edit failed");
        }
    }

    /// <summary>Pre-flight: may the bot post in this chat? In a channel it must be an administrator with the right
    /// to post messages; in a group it must not be restricted from sending. The chat's kind comes from the updates
    /// the bot received (getChat only for a chat it has not heard from).</summary>
    public async Task<PostingCheck> CheckCanPostAsync(ChannelAddress channel, CancellationToken cancellationToken)
    {
        if (!TryChatId(channel, out var chatId))
        {
            return PostingCheck.Missing($"'{channel}' is not a Telegram chat");
        }

        if (chatId > 0)
        {
            return PostingCheck.Ok; // a private chat: the user talks to the bot
        }

        var type = _chats.TypeOf(chatId) ?? await AskTypeAsync(chatId, cancellationToken);
        ChatMember me;
        try
        {
            me = await _client.CallAsync((bot, ct) => bot.GetChatMember(chatId, _client.BotId, ct), cancellationToken);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 403 || ex.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase))
        {
            return PostingCheck.Missing($"Telegram says: {ex.Message}. Add the bot to the chat (in a channel: as an administrator allowed to post messages) and try again.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RequestException or TimeoutException or HttpRequestException)
        {
            _log.LogWarning("Could not check the bot's rights in chat {ChatId}: {Error}", chatId, _client.Redactor.Describe(ex));
            return type == ChatType.Channel
                ? PostingCheck.Missing("Telegram could not confirm that the bot is an administrator of this channel allowed to post messages; try again in a minute.")
                : PostingCheck.Ok; // a group the bot hears from: only a restriction could stop it, and the first post will tell
        }

        _chats.Saw(chatId, type ?? ChatType.Supergroup);
        return Evaluate(type, me);
    }

    /// <summary>Which right is missing, given the chat's kind (null when unknown) and the bot's membership in it.</summary>
    public static PostingCheck Evaluate(ChatType? type, ChatMember me)
    {
        const string PostRight = "the administrator right \"Post messages\" (can_post_messages)";
        if (!me.IsInChat)
        {
            return PostingCheck.Missing("the bot is not a member of this chat: add it"
                + (type == ChatType.Channel ? " as an administrator with " + PostRight : "") + ".");
        }

        if (type == ChatType.Channel)
        {
            return me switch
            {
                ChatMemberOwner => PostingCheck.Ok,
                ChatMemberAdministrator { CanPostMessages: true } => PostingCheck.Ok,
                ChatMemberAdministrator => PostingCheck.Missing($"the bot is an administrator of this channel but lacks {PostRight}."),
                _ => PostingCheck.Missing($"the bot must be an administrator of this channel with {PostRight}."),
            };
        }

        return me is ChatMemberRestricted { CanSendMessages: false }
            ? PostingCheck.Missing("the bot is restricted in this group: it lacks the permission \"Send messages\" (can_send_messages).")
            : PostingCheck.Ok;
    }

    private async Task<ChatType?> AskTypeAsync(long chatId, CancellationToken cancellationToken)
    {
        try
        {
            var chat = await _client.CallAsync((bot, ct) => bot.GetChat(chatId, ct), cancellationToken);
            return chat.Type;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RequestException or TimeoutException or HttpRequestException)
        {
            _log.LogInformation("getChat for chat {ChatId} failed ({Error}); checking the bot's membership only", chatId, _client.Redactor.Describe(ex));
            return null;
        }
    }

    private async Task<SendResult> SendMessageAsync(long chatId, OutgoingMessage message, int? replyTo, int? threadId, TimeSpan firstWait, CancellationToken cancellationToken)
    {
        var chunks = TelegramHtml.Render(message);
        var markup = _keyboards.Build(message.Choices);
        string? firstId = null;
        for (var i = 0; i < chunks.Count; i++)
        {
            var last = i == chunks.Count - 1;
            var chunk = chunks[i];
            // The first part goes once (a scheduled send that must wait is rescheduled by the delivery pipeline);
            // a later one is retried here, since the message is already partly in the chat.
            var result = i == 0
                ? await SendChunkAsync(chatId, chunk, replyTo, threadId, last ? markup : null, firstWait, cancellationToken)
                : await _retries.Sends.ExecuteAsync(ct => new ValueTask<SendResult>(SendChunkAsync(chatId, chunk, null, threadId, last ? markup : null, ReplyMaxWait, ct)), cancellationToken);

            if (result.Outcome != SendOutcome.Sent)
            {
                if (i == 0)
                {
                    return result;
                }

                // Part of the message is already in the chat: resending all of it would duplicate that part.
                _metrics.Send(SendOutcome.Uncertain);
                _log.LogWarning("Telegram chat {ChatId}: sent {Sent} of {Parts} parts, then {Outcome} ({Reason}); recorded as uncertain",
                    chatId, i, chunks.Count, result.Outcome, result.Reason);
                return SendResult.Uncertain($"sent {i} of {chunks.Count} parts, then: {result.Reason}") with { MessageId = firstId };
            }

            firstId ??= result.MessageId;
        }

        return SendResult.Sent(firstId);
    }

    private async Task<SendResult> SendChunkAsync(long chatId, string html, int? replyTo, int? threadId, InlineKeyboardMarkup? markup, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var (lease, wait) = await _limiter.AcquireAsync(chatId, maxWait, cancellationToken);
        if (lease is null)
        {
            return SendResult.Retry($"Telegram limits for chat {chatId}: next send in {Math.Ceiling(wait.TotalSeconds)} s", wait);
        }

        using var _ = lease;
        var result = await TrySendAsync(chatId, html, ParseMode.Html, replyTo, threadId, markup, cancellationToken);
        if (result.Outcome == SendOutcome.Permanent && result.Reason?.Contains("can't parse entities", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Never expected (all text is escaped), but a formatting bug must not lose the message: send it as plain text.
            _log.LogError("Telegram rejected the HTML for chat {ChatId} ({Reason}); sending it as plain text", chatId, result.Reason);
            result = await TrySendAsync(chatId, PlainFromHtml(html), ParseMode.None, replyTo, threadId, markup, cancellationToken);
        }

        _metrics.Send(result.Outcome);
        return result;
    }

    private async Task<SendResult> TrySendAsync(long chatId, string text, ParseMode mode, int? replyTo, int? threadId, InlineKeyboardMarkup? markup, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        using var probe = SendProbe.Begin();
        try
        {
            var sent = await _client.Bot.SendMessage(
                chatId,
                text,
                mode,
                replyParameters: replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
                replyMarkup: markup,
                linkPreviewOptions: NoPreview,
                messageThreadId: threadId,
                cancellationToken: linked.Token);
            return SendResult.Sent(sent.MessageId.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Classify(chatId, ex, probe.Probe.RequestStarted, timer.IsCancellationRequested);
        }
    }

    private SendResult Classify(long chatId, Exception ex, bool requestStarted, bool timedOut)
    {
        switch (ex)
        {
            case ApiRequestException { ErrorCode: 429 } api:
            {
                var after = TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 5));
                _limiter.Block(chatId, after);
                _log.LogWarning("Telegram rate limit for chat {ChatId}: retry after {Seconds} s (other chats continue)", chatId, after.TotalSeconds);
                return SendResult.Retry($"Telegram rate limit (429): retry after {after.TotalSeconds} s", after);
            }

            case ApiRequestException { Parameters.MigrateToChatId: { } to }:
                _log.LogInformation("Telegram chat {ChatId} became supergroup {NewChatId}", chatId, to);
                return SendResult.Moved(to.ToString(CultureInfo.InvariantCulture));

            case ApiRequestException { ErrorCode: 403 } api:
                _log.LogWarning("Telegram refused chat {ChatId} for good: {Reason}", chatId, api.Message);
                return SendResult.Permanent(api.Message);

            case ApiRequestException { ErrorCode: 400 } api:
                _log.LogWarning("Telegram rejected the message for chat {ChatId}: {Reason}", chatId, api.Message);
                return SendResult.Permanent(api.Message);

            case ApiRequestException { ErrorCode: 401 or 404 } api:
                _log.LogError("Telegram rejected the bot token or API address ({Code} {Reason}): check Telegram:Token and Telegram:ApiBaseUrl", api.ErrorCode, api.Message);
                return SendResult.Retry($"Telegram rejected the bot token or API address ({api.ErrorCode})", TimeSpan.FromMinutes(5));

            case ApiRequestException { ErrorCode: >= 500 } api:
                return LostAnswer(chatId, $"Telegram answered {api.ErrorCode} ({api.Message}) after the request was sent");

            case ApiRequestException api:
                _log.LogWarning("Telegram error {Code} for chat {ChatId}: {Reason}", api.ErrorCode, chatId, api.Message);
                return SendResult.Retry($"Telegram error {api.ErrorCode}: {api.Message}", api.Parameters?.RetryAfter is { } s ? TimeSpan.FromSeconds(s) : null);
        }

        var description = _client.Redactor.Describe(ex);
        if (timedOut || IsTimeout(ex))
        {
            if (!requestStarted)
            {
                _log.LogWarning("Telegram send to chat {ChatId} timed out before the request was sent: {Error}", chatId, description);
                return SendResult.Retry("timed out before the request was sent");
            }

            return LostAnswer(chatId, $"no answer from Telegram within {_options.RequestTimeout.TotalSeconds} s after the request was sent");
        }

        if (ex is RequestException { HttpStatusCode: HttpStatusCode.OK })
        {
            _log.LogWarning("Telegram accepted a send to chat {ChatId} but its answer could not be read ({Error}); recorded as uncertain", chatId, description);
            return SendResult.Uncertain("Telegram answered 200 but the answer could not be read");
        }

        if (ex is RequestException { HttpStatusCode: >= HttpStatusCode.InternalServerError } gateway)
        {
            return LostAnswer(chatId, $"Telegram answered HTTP {(int)gateway.HttpStatusCode!} after the request was sent");
        }

        if (ex is RequestException { HttpStatusCode: { } status })
        {
            _log.LogWarning("Telegram answered HTTP {Status} for chat {ChatId}: {Error}", (int)status, chatId, description);
            return SendResult.Retry($"Telegram answered HTTP {(int)status}");
        }

        if (ex is RequestException or HttpRequestException or IOException)
        {
            if (requestStarted)
            {
                return LostAnswer(chatId, "the connection to Telegram was lost after the request was sent: " + Shorten(description));
            }

            _log.LogWarning("Telegram send to chat {ChatId} failed on the connection before the request was sent: {Error}", chatId, description);
            return SendResult.Retry("connection to Telegram failed before the request was sent: " + Shorten(description));
        }

        _log.LogError("Unexpected failure sending to Telegram chat {ChatId}: {Error}", chatId, _client.Redactor.Full(ex));
        return requestStarted ? SendResult.Uncertain("unexpected failure after the request was sent") : SendResult.Retry("unexpected failure before the request was sent");
    }

    private SendResult LostAnswer(long chatId, string reason)
    {
        _log.LogWarning("Telegram send to chat {ChatId}: {Reason}; recorded as uncertain, not repeated (Telegram has no idempotency key)", chatId, reason);
        return SendResult.Uncertain(reason);
    }

    private static bool IsTimeout(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>The text of HTML this renderer produced: tags dropped, entities decoded.</summary>
    internal static string PlainFromHtml(string html) =>
        Tags().Replace(html, "").Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&quot;", "\"", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
