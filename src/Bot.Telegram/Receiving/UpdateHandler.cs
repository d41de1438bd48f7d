using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Core.Subscriptions;
using Bot.Telegram.Formatting;
using Bot.Telegram.Moderation;
using Bot.Telegram.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Receiving;

/// <summary>Handles one update. Implementations may throw; <see cref="UpdateIntake"/> catches, logs and apologises.</summary>
public interface IUpdateHandler
{
    Task HandleAsync(Update update, CancellationToken cancellationToken);
}

/// <summary>Turns Telegram updates into commands for the shared <see cref="CommandDispatcher"/> and sends the answers
/// back as HTML replies. Messages and channel posts carry commands; button presses (callback queries) run the
/// button's command line; the bot's own membership changes (my_chat_member) are reported to
/// <see cref="IChannelEvents"/>. Edited messages and everything else are ignored.</summary>
public sealed class UpdateHandler : IUpdateHandler
{
    private readonly CommandDispatcher _dispatcher;
    private readonly BotIdentity _identity;
    private readonly ModeratorDirectory _moderators;
    private readonly KnownChats _chats;
    private readonly TelegramPlatform _platform;
    private readonly TelegramClient _client;
    private readonly InlineKeyboards _keyboards;
    private readonly IServiceProvider _services;
    private readonly ILogger<UpdateHandler> _log;

    public UpdateHandler(
        CommandDispatcher dispatcher,
        BotIdentity identity,
        ModeratorDirectory moderators,
        KnownChats chats,
        TelegramPlatform platform,
        TelegramClient client,
        InlineKeyboards keyboards,
        IServiceProvider services,
        ILogger<UpdateHandler> log)
    {
        _dispatcher = dispatcher;
        _identity = identity;
        _moderators = moderators;
        _chats = chats;
        _platform = platform;
        _client = client;
        _keyboards = keyboards;
        _services = services;
        _log = log;
    }

    /// <remarks>Fields Telegram always sends are still checked: a malformed update (no chat, no member status) is
    /// ignored rather than failing with a NullReferenceException.</remarks>
    public Task HandleAsync(Update update, CancellationToken cancellationToken) => update switch
    {
        { Message: { Chat: not null } message } => OnMessageAsync(message, cancellationToken),
        { ChannelPost: { Chat: not null } post } => OnMessageAsync(post, cancellationToken),
        { CallbackQuery: { From: not null } query } => OnCallbackAsync(query, cancellationToken),
        { MyChatMember: { Chat: not null, From: not null, OldChatMember: not null, NewChatMember: not null } change } => OnMembershipAsync(change, cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task OnMessageAsync(Message message, CancellationToken cancellationToken)
    {
        _chats.Saw(message.Chat.Id, message.Chat.Type);
        if (message.MigrateToChatId is { } to)
        {
            _log.LogInformation("Telegram group {ChatId} became supergroup {NewChatId}", message.Chat.Id, to);
            _moderators.Forget(message.Chat.Id);
            return;
        }

        if (message.IsAutomaticForward || (message.From is { IsBot: true } && message.SenderChat is null))
        {
            return;
        }

        var me = await _identity.GetAsync(cancellationToken);
        var parsed = TelegramCommandParser.Parse(message, me);
        if (parsed is null)
        {
            return;
        }

        if (_dispatcher.Find(parsed.Name) is null && message.Chat.Type != ChatType.Private && !parsed.Addressed)
        {
            return; // "/foo" in a group without @ThisBot: probably another bot's command.
        }

        var caller = await CallerAsync(message, cancellationToken);
        var incoming = new IncomingCommand(parsed.Name, TelegramPlatform.Address(message.Chat.Id), caller) { Arguments = parsed.Arguments };
        var result = await _dispatcher.DispatchAsync(incoming, cancellationToken);
        foreach (var reply in result.Replies)
        {
            var sent = await _platform.ReplyAsync(message.Chat.Id, reply, message.MessageId, ThreadOf(message), cancellationToken);
            if (sent.Outcome != SendOutcome.Sent)
            {
                _log.LogWarning("Answer to /{Command} in chat {ChatId} was not delivered: {Outcome} {Reason}", parsed.Name, message.Chat.Id, sent.Outcome, sent.Reason);
            }
        }
    }

    private async Task<Caller> CallerAsync(Message message, CancellationToken cancellationToken)
    {
        var isModerator = await _moderators.IsModeratorAsync(message, cancellationToken);
        if (message.SenderChat is { } senderChat)
        {
            return new Caller(Id(senderChat.Id), senderChat.Title ?? senderChat.Username ?? "chat", isModerator);
        }

        var from = message.From;
        return from is null
            ? new Caller(Id(message.Chat.Id), message.Chat.Title ?? "chat", isModerator)
            : new Caller(Id(from.Id), DisplayName(from), isModerator);
    }

    private async Task OnCallbackAsync(CallbackQuery query, CancellationToken cancellationToken)
    {
        if (query.Message is not { } message)
        {
            await AnswerCallbackAsync(query, null, cancellationToken);
            return;
        }

        _chats.Saw(message.Chat.Id, message.Chat.Type);

        var line = _keyboards.Decode(query.Data);
        var me = await _identity.GetAsync(cancellationToken);
        var parsed = line is null ? null : TelegramCommandParser.ParseLine(line, me.Username);
        if (parsed is null)
        {
            await AnswerCallbackAsync(query, "This button has expired. Please run the command again.", cancellationToken);
            return;
        }

        var isModerator = await _moderators.IsModeratorAsync(message.Chat, query.From.Id, cancellationToken);
        var caller = new Caller(Id(query.From.Id), DisplayName(query.From), isModerator);
        var incoming = new IncomingCommand(parsed.Name, TelegramPlatform.Address(message.Chat.Id), caller) { Arguments = parsed.Arguments };
        var result = await _dispatcher.DispatchAsync(incoming, cancellationToken);

        if (result.Replies is [{ Private: true } onlyForCaller])
        {
            // A refusal or error: shown only to the person who pressed the button.
            await AnswerCallbackAsync(query, PlainText.Render(onlyForCaller), cancellationToken);
            return;
        }

        await AnswerCallbackAsync(query, null, cancellationToken);
        if (result.Replies is [var single])
        {
            var edited = await _platform.EditAsync(message.Chat.Id, message.MessageId, single, cancellationToken);
            if (edited.Outcome == SendOutcome.Sent)
            {
                return;
            }
        }

        foreach (var reply in result.Replies)
        {
            await _platform.ReplyAsync(message.Chat.Id, reply, message.MessageId, ThreadOf(message), cancellationToken);
        }
    }

    private async Task AnswerCallbackAsync(CallbackQuery query, string? alert, CancellationToken cancellationToken)
    {
        try
        {
            var text = alert is { Length: > 200 } ? alert[..199] + "…" : alert;
            await _client.CallAsync((bot, ct) => bot.AnswerCallbackQuery(query.Id, text, showAlert: text is not null, cancellationToken: ct), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning("answerCallbackQuery failed: {Error}", _client.Redactor.Describe(ex));
        }
    }

    private async Task OnMembershipAsync(ChatMemberUpdated change, CancellationToken cancellationToken)
    {
        _moderators.Forget(change.Chat.Id);
        _chats.Saw(change.Chat.Id, change.Chat.Type);
        var chatId = Id(change.Chat.Id);
        var events = _services.GetService<IChannelEvents>();
        var isIn = change.NewChatMember.IsInChat;
        var wasIn = change.OldChatMember.IsInChat;
        if (!isIn)
        {
            var reason = change.NewChatMember.Status switch
            {
                ChatMemberStatus.Kicked when change.Chat.Type == ChatType.Private => "the user blocked the bot",
                ChatMemberStatus.Kicked => $"the bot was removed from the chat by {DisplayName(change.From)}",
                _ => "the bot left the chat",
            };
            _log.LogInformation("Telegram chat {ChatId}: {Reason}", change.Chat.Id, reason);
            if (events is not null)
            {
                await events.BotRemovedAsync(TelegramPlatform.PlatformName, chatId, reason, cancellationToken);
            }
        }
        else if (!wasIn)
        {
            _log.LogInformation("Telegram chat {ChatId}: the bot was added ({Status})", change.Chat.Id, change.NewChatMember.Status);
            if (events is not null)
            {
                await events.BotPresentAsync(TelegramPlatform.PlatformName, chatId, cancellationToken);
            }
        }
    }

    private static int? ThreadOf(Message message) => message.IsTopicMessage ? message.MessageThreadId : null;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string DisplayName(User user)
    {
        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return name.Length > 0 ? name : user.Username is { } username ? "@" + username : Id(user.Id);
    }
}
