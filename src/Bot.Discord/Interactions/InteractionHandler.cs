using System.Collections.Concurrent;
using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Messaging;
using Bot.Discord.Rest;
using Bot.Discord.Sending;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Interactions;

/// <summary>Answers interactions, whichever way they arrive (Gateway or HTTP): commands run through the shared
/// <see cref="CommandDispatcher"/>; an answer ready within <see cref="DiscordOptions.DeferAfter"/> is sent as the
/// response, otherwise the interaction is deferred (type 5, within Discord's 3-second deadline) and the original
/// response edited when the answer is ready. Moderator commands and errors are ephemeral.</summary>
public sealed class InteractionHandler : IAsyncDisposable
{
    /// <summary>Interaction tokens last 15 minutes; a command still running after this is abandoned.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(14);

    private readonly CommandDispatcher _dispatcher;
    private readonly IInboundJournal _journal;
    private readonly DiscordRestClient _rest;
    private readonly DiscordPlatform _platform;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InteractionHandler> _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public InteractionHandler(CommandDispatcher dispatcher, IInboundJournal journal, DiscordRestClient rest, DiscordPlatform platform, DiscordOptions options, TimeProvider time, ILogger<InteractionHandler> log)
    {
        _dispatcher = dispatcher;
        _journal = journal;
        _rest = rest;
        _platform = platform;
        _options = options;
        _time = time;
        _log = log;
    }

    /// <summary>Gateway mode: the response goes to <c>POST /interactions/{id}/{token}/callback</c>. Returns at once;
    /// the work continues in the background.</summary>
    public void HandleFromGateway(Interaction interaction) =>
        Track(HandleAsync(interaction, async response =>
        {
            var result = await _rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, _stopping.Token);
            if (!result.Ok)
            {
                _log.LogWarning("Discord refused the response to interaction {Id}: {Error}", interaction.Id, result.Describe());
            }

            return result.Ok;
        }));

    /// <summary>HTTP mode: returns the initial response for the HTTP answer; any later edit continues in the background.</summary>
    public async Task<InteractionResponse> HandleFromHttpAsync(Interaction interaction)
    {
        var initial = new TaskCompletionSource<InteractionResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = HandleAsync(interaction, response => Task.FromResult(initial.TrySetResult(response)));
        Track(work);
        var first = await Task.WhenAny(initial.Task, work);
        if (first == initial.Task || initial.Task.IsCompleted)
        {
            return await initial.Task;
        }

        // the handler ended without responding (it logged why): answer something rather than nothing
        return Message(ErrorPayload("Something went wrong while answering that. Please try again in a moment."));
    }

    /// <summary>Waits for running commands to finish (at shutdown), at most <paramref name="timeout"/>.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var all = Task.WhenAll(_running.Keys);
        await Task.WhenAny(all, Task.Delay(timeout, _time));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await DrainAsync(TimeSpan.FromSeconds(5));
        _stopping.Dispose();
    }

    private void Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task HandleAsync(Interaction interaction, Func<InteractionResponse, Task<bool>> respond)
    {
        await Task.Yield();
        try
        {
            switch (interaction.Type)
            {
                case InteractionType.Ping:
                    await respond(new InteractionResponse(InteractionCallbackType.Pong));
                    break;
                case InteractionType.ApplicationCommandAutocomplete:
                    await respond(new InteractionResponse(InteractionCallbackType.ApplicationCommandAutocompleteResult, new AutocompleteData(Suggest(interaction))));
                    break;
                case InteractionType.ApplicationCommand:
                case InteractionType.MessageComponent:
                    if (await FirstTimeAsync(interaction))
                    {
                        try
                        {
                            await RunCommandAsync(interaction, respond);
                        }
                        finally
                        {
                            await MarkHandledAsync(interaction);
                        }
                    }

                    break;
                default:
                    _log.LogDebug("Ignoring interaction type {Type}", interaction.Type);
                    await respond(Message(ErrorPayload("This kind of interaction is not supported.")));
                    break;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Interaction {Id} failed", interaction.Id);
        }
    }

    /// <summary>Records the interaction in the inbound journal: false for a copy of one already recorded (it runs
    /// once). Only the id is kept: an interaction is never resumed after a restart, since its token and Discord's
    /// deadline do not outlive it. When the journal cannot be written the command runs anyway: an answer matters
    /// more than the rare copy.</summary>
    private async Task<bool> FirstTimeAsync(Interaction interaction)
    {
        if (!Key(interaction, out var account, out var id))
        {
            return true;
        }

        try
        {
            var fresh = await _journal.RecordAsync(DiscordPlatform.PlatformName, account, [new InboundEntry(id, null, "")], null, _stopping.Token);
            if (fresh.Count == 0)
            {
                _log.LogInformation("Discord interaction {Id} arrived again; it was handled already", interaction.Id);
            }

            return fresh.Count == 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogWarning("Could not record Discord interaction {Id} in the inbound journal: {Error}", interaction.Id, ex.Message);
            return true;
        }
    }

    private async Task MarkHandledAsync(Interaction interaction)
    {
        if (!Key(interaction, out var account, out var id))
        {
            return;
        }

        try
        {
            await _journal.MarkHandledAsync(DiscordPlatform.PlatformName, account, id, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _log.LogWarning("Could not record Discord interaction {Id} as handled: {Error}", interaction.Id, ex.Message);
        }
    }

    private static bool Key(Interaction interaction, out long account, out long id)
    {
        id = 0;
        return long.TryParse(interaction.ApplicationId, NumberStyles.None, CultureInfo.InvariantCulture, out account)
            && long.TryParse(interaction.Id, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    private async Task RunCommandAsync(Interaction interaction, Func<InteractionResponse, Task<bool>> respond)
    {
        var incoming = InteractionTranslator.ToIncoming(interaction);
        if (incoming is null || string.IsNullOrEmpty(incoming.Channel.ChannelId))
        {
            await respond(Message(ErrorPayload("I could not read that command. Try /help.")));
            return;
        }

        // Discord says the bot may post there now: a refusal remembered from an earlier send is out of date (the
        // admin granted the right and ran /setup again), and /test must not be answered from it.
        foreach (var (channelId, _) in incoming.PostingChecks.Where(c => c.Value.CanPost))
        {
            _platform.ForgetRefusal(channelId);
        }

        var command = _dispatcher.Find(incoming.Name);
        var ephemeral = command?.Access == CommandAccess.Moderator;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(CommandTimeout);
        var run = Task.Run(() => _dispatcher.DispatchAsync(incoming, timeout.Token), timeout.Token);
        var deadline = Task.Delay(_options.DeferAfter, _time, _stopping.Token);
        var first = await Task.WhenAny(run, deadline);

        if (first == run)
        {
            var parts = Render(await run, ephemeral);
            if (!await respond(Message(parts[0].Payload)))
            {
                return;
            }

            await FollowUpAsync(interaction, parts.Skip(1));
            return;
        }

        // Not ready in time: defer now (the user sees "thinking…"), edit the original response later.
        var deferred = new InteractionResponse(
            InteractionCallbackType.DeferredChannelMessageWithSource,
            ephemeral ? new MessagePayload { Flags = MessageFlags.Ephemeral } : null);
        if (!await respond(deferred))
        {
            return;
        }

        var answer = Render(await run, ephemeral);
        var applicationId = interaction.ApplicationId;
        var head = answer[0];
        if (head.Private && !ephemeral)
        {
            // The defer was public but the answer is private (an error): replace the loading message by an ephemeral one.
            await _rest.DeleteOriginalResponseAsync(applicationId, interaction.Token, _stopping.Token);
            await FollowUpAsync(interaction, answer);
            return;
        }

        var edited = await _rest.EditOriginalResponseAsync(applicationId, interaction.Token, head.Payload with { Flags = null }, _stopping.Token);
        if (!edited.Ok)
        {
            _log.LogWarning("Could not edit the deferred response to interaction {Id}: {Error}", interaction.Id, edited.Describe());
        }

        await FollowUpAsync(interaction, answer.Skip(1));
    }

    private async Task FollowUpAsync(Interaction interaction, IEnumerable<(MessagePayload Payload, bool Private)> parts)
    {
        foreach (var (payload, _) in parts)
        {
            var sent = await _rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token, payload, _stopping.Token);
            if (!sent.Ok)
            {
                _log.LogWarning("Could not send a follow-up to interaction {Id}: {Error}", interaction.Id, sent.Describe());
                return;
            }
        }
    }

    private IReadOnlyList<AutocompleteChoice> Suggest(Interaction interaction)
    {
        if (InteractionTranslator.CommandOf(interaction) is not { } invoked
            || _dispatcher.Find(invoked.Name) is not IOptionSuggestions suggestions
            || InteractionTranslator.Focused(invoked.Options) is not { } focused)
        {
            return [];
        }

        var typed = focused.Value is { } value ? InteractionTranslator.ValueText(value) ?? "" : "";
        try
        {
            return [.. suggestions.Suggest(focused.Name, typed, 25)
                .Where(s => !string.IsNullOrWhiteSpace(s) && s.Length <= 100)
                .Distinct(StringComparer.Ordinal)
                .Take(25)
                .Select(s => new AutocompleteChoice(s, s))];
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Suggestions for /{Command} {Option} failed", invoked.Name, focused.Name);
            return [];
        }
    }

    /// <summary>Every reply as Discord message bodies, ephemeral (flag 64) when the reply is private or comes
    /// from a moderator command. Never empty.</summary>
    private static List<(MessagePayload Payload, bool Private)> Render(CommandResult result, bool ephemeral)
    {
        var parts = new List<(MessagePayload, bool)>();
        foreach (var reply in result.Replies)
        {
            var isPrivate = reply.Private || ephemeral;
            foreach (var payload in DiscordRenderer.Render(reply))
            {
                parts.Add((isPrivate ? payload with { Flags = MessageFlags.Ephemeral } : payload, isPrivate));
            }
        }

        if (parts.Count == 0)
        {
            parts.Add((new MessagePayload { Content = "Done.", Flags = MessageFlags.Ephemeral }, true));
        }

        return parts;
    }

    private static MessagePayload ErrorPayload(string text) =>
        DiscordRenderer.Render(new OutgoingMessage(text) { Private = true })[0] with { Flags = MessageFlags.Ephemeral };

    private static InteractionResponse Message(MessagePayload payload) =>
        new(InteractionCallbackType.ChannelMessageWithSource, payload);
}
