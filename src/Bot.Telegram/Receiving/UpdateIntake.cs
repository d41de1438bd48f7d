using System.Text.Json;
using Bot.Core.Messaging;
using Bot.Core.Resilience;
using Bot.Telegram.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Receiving;

/// <summary>Where updates enter, from the poller or the webhook: each is stored durably first (so the getUpdates
/// offset may move past it), then handled in its own DI scope, at most <see cref="TelegramOptions.MaxConcurrentUpdates"/>
/// at a time with one chat's updates strictly in order, then marked handled. An update whose handling was cut short by shutdown
/// stays pending and is handled after the restart; a redelivered update that was already stored is ignored. A
/// failing handler is logged with the update id and the chat is told "something went wrong"; intake goes on.</summary>
public sealed class UpdateIntake : IDisposable
{
    public const string Apology = "Something went wrong while handling that. Please try again.";

    private readonly IInboundJournal _journal;
    private readonly IServiceScopeFactory _scopes;
    private readonly TelegramPlatform _platform;
    private readonly TelegramClient _client;
    private readonly TelegramMetrics _metrics;
    private readonly ILogger<UpdateIntake> _log;
    private readonly SemaphoreSlim _concurrency;
    private readonly SemaphoreSlim _capacity;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Task> _lanes = [];
    private readonly HashSet<int> _inFlight = [];
    private readonly List<Task> _running = [];

    /// <summary>Recording an update as handled is tried three times, 200 ms then 400 ms apart: a store hiccup is
    /// short, and an update the record misses is only handled again after a restart. The waits are on the wall clock,
    /// since a store recovers in real time whatever clock the bot schedules by.</summary>
    private readonly ResiliencePipeline _record;

    public UpdateIntake(
        IInboundJournal journal,
        IServiceScopeFactory scopes,
        TelegramPlatform platform,
        TelegramClient client,
        TelegramMetrics metrics,
        IOptions<TelegramOptions> options,
        ILogger<UpdateIntake> log)
    {
        _journal = journal;
        _scopes = scopes;
        _platform = platform;
        _client = client;
        _metrics = metrics;
        _log = log;
        _concurrency = new SemaphoreSlim(options.Value.MaxConcurrentUpdates);
        _capacity = new SemaphoreSlim(options.Value.MaxPendingUpdates);
        _record = Retries.ForAnyResult(
            new RetryOptions { MaxAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromMilliseconds(400), Jitter = 0 },
            TimeProvider.System,
            outcome => outcome.Exception is not null,
            onRetry: args =>
            {
                _log.LogWarning("Could not record a Telegram update as handled (attempt {Attempt}): {Error}", args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            });
    }

    public long BotId => _client.BotId;

    /// <summary>Stores the updates (and, from the poller, the offset past them) and starts handling the new ones.
    /// Throws when the store fails: then nothing was stored and the caller must not confirm the updates.</summary>
    public async Task AcceptAsync(IReadOnlyList<Update> updates, int? nextOffset, CancellationToken cancellationToken)
    {
        var stored = updates.Select(u => new InboundEntry(u.Id, ChatOf(u), Payload(u))).ToList();
        var fresh = (await _journal.RecordAsync(TelegramPlatform.PlatformName, BotId, stored, nextOffset, cancellationToken)).Select(u => u.Id).ToHashSet();
        foreach (var update in updates.Where(u => fresh.Contains(u.Id)).OrderBy(u => u.Id))
        {
            await DispatchAsync(update, cancellationToken);
        }
    }

    /// <summary>Starts handling the updates stored before a restart and not handled then.</summary>
    public async Task ResumePendingAsync(CancellationToken cancellationToken)
    {
        var pending = await _journal.LoadPendingAsync(TelegramPlatform.PlatformName, BotId, cancellationToken);
        if (pending.Count > 0)
        {
            _log.LogInformation("Resuming {Count} Telegram update(s) received before the restart", pending.Count);
        }

        foreach (var stored in pending)
        {
            Update? update = null;
            try
            {
                update = JsonSerializer.Deserialize<Update>(stored.Payload, JsonBotAPI.Options);
            }
            catch (JsonException ex)
            {
                _log.LogError("Stored Telegram update {UpdateId} cannot be read and is dropped: {Error}", stored.Id, ex.Message);
            }

            if (update is null)
            {
                await _journal.MarkHandledAsync(TelegramPlatform.PlatformName, BotId, stored.Id, cancellationToken);
                continue;
            }

            await DispatchAsync(update, cancellationToken);
        }
    }

    /// <summary>Waits until nothing is in flight (tests, shutdown).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task[] running;
            lock (_gate)
            {
                running = [.. _running];
            }

            if (running.Length == 0)
            {
                return;
            }

            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops handling: updates in flight are cancelled and stay pending in the store.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        try
        {
            await WhenIdleAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first; what is left stays pending.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _concurrency.Dispose();
        _capacity.Dispose();
    }

    public static long? ChatOf(Update update) => update switch
    {
        { Message: { } m } => m.Chat?.Id,
        { EditedMessage: { } m } => m.Chat?.Id,
        { ChannelPost: { } m } => m.Chat?.Id,
        { EditedChannelPost: { } m } => m.Chat?.Id,
        { CallbackQuery: { } q } => q.Message?.Chat?.Id ?? q.From?.Id,
        { MyChatMember: { } c } => c.Chat?.Id,
        { ChatMember: { } c } => c.Chat?.Id,
        _ => null,
    };

    /// <summary>The update as stored. One that Telegram.Bot cannot write back (a chat or entity type newer than the
    /// library reads as a value it refuses to serialize) is stored by its id alone: it is handled now and never
    /// twice, only not resumed after a restart, and it cannot block the updates that came with it.</summary>
    private string Payload(Update update)
    {
        try
        {
            return JsonSerializer.Serialize(update, JsonBotAPI.Options);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogWarning("Telegram update {UpdateId} is stored by id only: {Error}", update.Id, ex.Message);
            return JsonSerializer.Serialize(new Update { Id = update.Id }, JsonBotAPI.Options);
        }
    }

    private async Task DispatchAsync(Update update, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_inFlight.Add(update.Id))
            {
                return;
            }
        }

        try
        {
            await _capacity.WaitAsync(cancellationToken);
        }
        catch
        {
            lock (_gate)
            {
                _inFlight.Remove(update.Id);
            }

            throw;
        }

        var chatId = ChatOf(update);
        lock (_gate)
        {
            var previous = chatId is { } id && _lanes.TryGetValue(id, out var tail) ? tail : Task.CompletedTask;
            var lane = Task.Run(() => RunAsync(previous, update), CancellationToken.None);
            if (chatId is { } key)
            {
                _lanes[key] = lane;
            }

            _running.Add(lane);
            _ = lane.ContinueWith(done => Finished(chatId, done), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Finished(long? chatId, Task lane)
    {
        lock (_gate)
        {
            _running.Remove(lane);
            if (chatId is { } key && _lanes.TryGetValue(key, out var tail) && tail == lane)
            {
                _lanes.Remove(key);
            }
        }
    }

    private async Task RunAsync(Task previous, Update update)
    {
        var token = _stop.Token;
        var handled = false;
        try
        {
            await previous;
            await _concurrency.WaitAsync(token);
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IUpdateHandler>().HandleAsync(update, token);
                _metrics.Update("handled");
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                _metrics.Update("failed");

                // Logged as redacted text rather than as the exception object: a Telegram.Bot failure inside the
                // handler may carry request details, and the token is part of every request URL.
                _log.LogError("Telegram update {UpdateId} failed: {Error}", update.Id, _client.Redactor.Full(ex));
                await ApologizeAsync(update, token);
            }
            finally
            {
                _concurrency.Release();
            }

            handled = true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            _log.LogInformation("Telegram update {UpdateId} was interrupted by shutdown; it is handled after the restart", update.Id);
        }
        finally
        {
            if (handled)
            {
                await MarkHandledAsync(update.Id);
            }

            _capacity.Release();
            lock (_gate)
            {
                _inFlight.Remove(update.Id);
            }
        }
    }

    private async Task MarkHandledAsync(int updateId)
    {
        try
        {
            await _record.ExecuteAsync(async ct => await _journal.MarkHandledAsync(TelegramPlatform.PlatformName, BotId, updateId, ct), CancellationToken.None);
        }
        catch (Exception ex)
        {
            _log.LogError("Could not record Telegram update {UpdateId} as handled; it may be handled again after a restart: {Error}", updateId, ex.Message);
        }
    }

    private async Task ApologizeAsync(Update update, CancellationToken cancellationToken)
    {
        try
        {
            var apology = new OutgoingMessage(Apology);
            switch (update)
            {
                case { Message: { } m }:
                    await _platform.ReplyAsync(m.Chat.Id, apology, m.MessageId, m.IsTopicMessage ? m.MessageThreadId : null, cancellationToken);
                    break;
                case { ChannelPost: { } p }:
                    await _platform.ReplyAsync(p.Chat.Id, apology, p.MessageId, null, cancellationToken);
                    break;
                case { CallbackQuery: { } q }:
                    await _client.CallAsync((bot, ct) => bot.AnswerCallbackQuery(q.Id, Apology, showAlert: true, cancellationToken: ct), cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning("Could not tell the chat about failed update {UpdateId}: {Error}", update.Id, _client.Redactor.Describe(ex));
        }
    }
}
