using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Threading.Channels;
using Bot.Core.Messaging;
using Bot.Core.Occasions;
using Bot.Core.Resilience;
using Bot.Core.Scheduling;
using Bot.Core.Subscriptions;
using Bot.Core.Telemetry;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Bot.Scheduling;

/// <summary>Sends claimed deliveries with bounded concurrency. Each platform adapter enforces its own rate limits
/// inside SendAsync, so a slow or rate-limited channel holds one worker at most, and a 429 frees it at once: that
/// delivery is rescheduled (retry-after honoured) while the others proceed.
/// <para>Crash rule. At start, ledger rows a previous process claimed but never confirmed are recovered: a row still
/// <c>pending</c> was never handed to a platform and is sent normally. A row left <c>sending</c> may or may not have
/// reached the platform: where the platform de-duplicates by key (Discord's nonce) it is sent again with the same
/// key; elsewhere (Telegram, console) it is sent again at most once, counted as possibly duplicated, and a row found
/// <c>sending</c> a second time is recorded <c>uncertain</c> and never sent again.</para></summary>
public sealed class DeliveryPipeline : IAsyncDisposable
{
    private readonly IDeliveryLedger _ledger;
    private readonly ISubscriptionStore _store;
    private readonly SubscriptionService _subscriptions;
    private readonly IOccasionCatalog _occasions;
    private readonly PostComposer _composer;
    private readonly IReadOnlyList<IChatPlatform> _platforms;
    private readonly SchedulingOptions _options;
    private readonly DeliveryCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryPipeline> _log;
    private readonly IDeliveryLeases? _leases;
    private readonly Channel<(long Id, bool Recovery)> _queue = Channel.CreateUnbounded<(long, bool)>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ConcurrentDictionary<long, byte> _queued = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _idleGate = new();
    private TaskCompletionSource _idle = CompletedSource();
    private int _outstanding;
    private Task[] _workers = [];
    private int _started;

    public DeliveryPipeline(
        IDeliveryLedger ledger,
        ISubscriptionStore store,
        SubscriptionService subscriptions,
        IOccasionCatalog occasions,
        PostComposer composer,
        IEnumerable<IChatPlatform> platforms,
        SchedulingOptions options,
        DeliveryCounters counters,
        TimeProvider time,
        ILogger<DeliveryPipeline> log,
        IDeliveryLeases? leases = null)
    {
        _leases = leases;
        _ledger = ledger;
        _store = store;
        _subscriptions = subscriptions;
        _occasions = occasions;
        _composer = composer;
        _platforms = [.. platforms];
        _options = options;
        _counters = counters;
        _time = time;
        _log = log;
    }

    private Instant Now => Instant.FromDateTimeOffset(_time.GetUtcNow());

    /// <summary>Recovers the rows a previous process left unconfirmed (single instance), then starts the workers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        // Over a shared ledger the take-over rounds recover, in batches and only once a dead instance's lease ran out.
        var unconfirmed = SharesLedger ? [] : await _ledger.UnconfirmedAsync(100_000, cancellationToken);
        if (unconfirmed.Count > 0)
        {
            _log.LogWarning("Recovering {Count} deliveries claimed but not confirmed before the last stop ({Sending} were being sent)",
                unconfirmed.Count, unconfirmed.Count(d => d.Status == DeliveryStatus.Sending));
        }

        foreach (var row in unconfirmed)
        {
            Enqueue(row.Id, recovery: true);
        }

        _workers = [.. Enumerable.Range(0, _options.MaxConcurrency).Select(_ => Task.Run(WorkAsync, CancellationToken.None))];
    }

    /// <summary>True over a shared ledger (PostgreSQL): claimed rows are pulled by every instance with
    /// <see cref="TakeOverAsync"/> instead of being queued by the planner's instance alone.</summary>
    public bool SharesLedger => _leases is not null;

    /// <summary>With a shared ledger (several instances): leases the open rows no live instance holds and queues
    /// them here, up to a few rounds of work for the workers. Unstarted rows spread the fan-out across instances;
    /// rows a dead instance left <c>sending</c> (its lease ran out) go through the same crash rule as at start.
    /// Returns how many rows were taken; 0 without a shared ledger.</summary>
    public async Task<int> TakeOverAsync(CancellationToken cancellationToken)
    {
        if (_leases is null)
        {
            return 0;
        }

        int room;
        lock (_idleGate)
        {
            room = (_options.MaxConcurrency * 4) - _outstanding;
        }

        var rows = await _leases.TakeOverAsync(Now, room, cancellationToken);
        var recovered = rows.Count(r => r.Status == DeliveryStatus.Sending);
        if (recovered > 0)
        {
            _log.LogWarning("Took over {Count} deliveries another instance left being sent when its lease ran out", recovered);
        }

        foreach (var row in rows)
        {
            Enqueue(row.Id, recovery: row.Status == DeliveryStatus.Sending);
        }

        return rows.Count;
    }

    /// <summary>Deliveries queued or in flight here (<c>bot_delivery_queue_depth</c>).</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Queues a claimed delivery (a no-op if it is already queued or in flight here).</summary>
    public void Enqueue(long deliveryId) => Enqueue(deliveryId, recovery: false);

    /// <summary>Completes when nothing is queued or in flight (tests and orderly shutdown wait on it).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_idleGate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops the workers. Sends in flight are cancelled and left unconfirmed for the next start to recover.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private void Enqueue(long deliveryId, bool recovery)
    {
        if (!_queued.TryAdd(deliveryId, 0))
        {
            return;
        }

        lock (_idleGate)
        {
            if (_outstanding++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (!_queue.Writer.TryWrite((deliveryId, recovery)))
        {
            Done(deliveryId);
        }
    }

    private void Done(long deliveryId)
    {
        _queued.TryRemove(deliveryId, out _);
        lock (_idleGate)
        {
            if (--_outstanding == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private async Task WorkAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            await foreach (var (id, recovery) in _queue.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    await ProcessAsync(id, recovery, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // E.g. the subscription's outcome could not be written after the post went out: the ledger keeps
                    // a sent delivery sent, so the retry below applies only to one that was not.
                    _log.LogError(ex, "Delivery {Delivery} failed unexpectedly; retried by the planner unless it was already sent", id);
                    await TryAsync(() => _ledger.MarkRetryAsync(id, Now + Duration.FromTimeSpan(_options.RetryBaseDelay), "internal error: " + ex.Message, CancellationToken.None));
                }
                finally
                {
                    Done(id);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>What the platform's answer does to a delivery, one line per outcome. A move the pipeline could not
    /// follow is retried like a "later".</summary>
    private static readonly FrozenDictionary<SendOutcome, Func<DeliveryPipeline, Send, CancellationToken, Task>> AfterSend =
        new Dictionary<SendOutcome, Func<DeliveryPipeline, Send, CancellationToken, Task>>
        {
            [SendOutcome.Sent] = (pipeline, send, ct) => pipeline.SentAsync(send, ct),
            [SendOutcome.Permanent] = (pipeline, send, ct) => pipeline.PermanentAsync(send.Subscription, send.Row, send.Result.Reason ?? "the platform refused the post", pauseNow: true, ct),
            [SendOutcome.Uncertain] = (pipeline, send, ct) => pipeline.UncertainAsync(send, ct),
            [SendOutcome.Retryable] = (pipeline, send, ct) => pipeline.RetryAsync(send.Subscription, send.Row, send.Result, ct),
            [SendOutcome.Moved] = (pipeline, send, ct) => pipeline.RetryAsync(send.Subscription, send.Row, send.Result, ct),
        }.ToFrozenDictionary();

    /// <summary>One delivery on its way: take it (or settle it without sending), compose it, send it, and record what the
    /// platform answered. Each step returns null once the delivery is settled.</summary>
    private async Task ProcessAsync(long id, bool recovery, CancellationToken cancellationToken)
    {
        if (await TargetAsync(id, recovery, cancellationToken) is not { } target
            || await BeginAsync(target, cancellationToken) is not { } claimed
            || await ComposeAsync(claimed, target.Subscription, cancellationToken) is not { } message)
        {
            return;
        }

        var send = await DeliverAsync(target with { Row = claimed }, message, cancellationToken);
        await AfterSend[send.Result.Outcome](this, send, cancellationToken);
    }

    /// <summary>A ledger row, its subscription and the platform that sends it.</summary>
    private sealed record Target(Delivery Row, Subscription Subscription, IChatPlatform Platform);

    /// <summary>A delivery as sent: its subscription (after a move, the moved one), the channel it went to, and the
    /// platform's answer.</summary>
    private sealed record Send(Delivery Row, Subscription Subscription, ChannelAddress Channel, SendResult Result);

    /// <summary>The delivery's row, subscription and platform, or null when it is not to be sent: already settled,
    /// being sent by another worker, its subscription removed or paused, its catch-up window closed, or its platform
    /// not running (then it is retried later).</summary>
    private async Task<Target?> TargetAsync(long id, bool recovery, CancellationToken cancellationToken)
    {
        var now = Now;
        var row = await _ledger.GetAsync(id, cancellationToken);
        if (row is null || row.Status is DeliveryStatus.Sent or DeliveryStatus.FailedPermanent or DeliveryStatus.Uncertain or DeliveryStatus.Skipped)
        {
            return null;
        }

        if (row.Status == DeliveryStatus.Sending && !recovery)
        {
            return null;
        }

        var subscription = await _store.GetAsync(row.SubscriptionId, cancellationToken);
        if (subscription is null)
        {
            await _ledger.MarkFailedAsync(id, DeliveryStatus.FailedPermanent, "the subscription was removed", now, cancellationToken);
            return null;
        }

        if (!subscription.Enabled)
        {
            await _ledger.MarkFailedAsync(id, DeliveryStatus.Skipped, $"paused: {subscription.PausedReason}", now, cancellationToken);
            _counters.Count(subscription.Platform, DeliveryOutcome.Skipped);
            return null;
        }

        if (now >= row.DeadlineUtc)
        {
            var reason = "the catch-up window closed before it could be sent" + (row.LastError is null ? "" : $" (last error: {row.LastError})");
            await _ledger.MarkFailedAsync(id, row.Attempts == 0 ? DeliveryStatus.Skipped : DeliveryStatus.FailedPermanent, reason, now, cancellationToken);
            await _store.RecordOutcomeAsync(subscription.Id, null, new LastError(now, reason), subscription.ConsecutiveFailures, cancellationToken);
            _counters.Count(subscription.Platform, row.Attempts == 0 ? DeliveryOutcome.Skipped : DeliveryOutcome.Failed);
            _log.LogWarning("Gave up on {Occasion} of {Date} for {Channel}: {Reason}", row.OccasionId, row.LocalDate, subscription.Channel, reason);
            return null;
        }

        var platform = _platforms.FirstOrDefault(p => string.Equals(p.Name, subscription.Platform, StringComparison.OrdinalIgnoreCase));
        if (platform is null)
        {
            await RetryAsync(subscription, row, SendResult.Retry($"the {subscription.Platform} platform is not running"), cancellationToken);
            return null;
        }

        return new Target(row, subscription, platform);
    }

    /// <summary>Takes the row for sending (the crash rule decides whether a row left <c>sending</c> goes again) and
    /// runs the pre-flight check; null when it is not to be sent.</summary>
    private async Task<Delivery?> BeginAsync(Target target, CancellationToken cancellationToken)
    {
        var (row, subscription, platform) = target;
        var allowResend = false;
        if (row.Status == DeliveryStatus.Sending)
        {
            if (platform.DeduplicatesByKey)
            {
                allowResend = true;
                _log.LogInformation("Re-sending {Delivery} to {Channel} after a stop mid-send; the platform de-duplicates key {Key}", row.Id, subscription.Channel, row.IdempotencyKey);
            }
            else if (row.ResentAfterCrash)
            {
                await _ledger.MarkFailedAsync(row.Id, DeliveryStatus.Uncertain, "the bot stopped twice while sending it; not sent a third time", Now, cancellationToken);
                _counters.Count(subscription.Platform, DeliveryOutcome.Uncertain);
                _log.LogWarning("Delivery {Delivery} to {Channel} left uncertain: the bot stopped twice while sending it", row.Id, subscription.Channel);
                return null;
            }
            else
            {
                allowResend = true;
                _counters.Count(subscription.Platform, DeliveryOutcome.PossiblyDuplicated);
                _log.LogWarning("Re-sending {Delivery} to {Channel} once after a stop mid-send; {Platform} has no idempotency, so it may appear twice",
                    row.Id, subscription.Channel, subscription.Platform);
            }
        }

        var claimed = await _ledger.BeginSendAsync(row.Id, allowResend, Now, cancellationToken);
        if (claimed is null)
        {
            return null;
        }

        if (_options.PreflightBeforeSend)
        {
            var check = await platform.CheckCanPostAsync(subscription.Channel, cancellationToken);
            if (!check.CanPost)
            {
                await PermanentAsync(subscription, claimed, $"cannot post in {subscription.Channel}: {check.Problem}", pauseNow: false, cancellationToken);
                return null;
            }
        }

        return claimed;
    }

    /// <summary>The post for the claimed row, or null when its occasion no longer exists.</summary>
    private async Task<OutgoingMessage?> ComposeAsync(Delivery claimed, Subscription subscription, CancellationToken cancellationToken)
    {
        var all = await _occasions.AllAsync(cancellationToken);
        // A chat's own occasion removed after its post was claimed is not found: no post.
        var occasion = all.Concat(subscription.OwnOccasions.Select(o => o.ToOccasion())).FirstOrDefault(o => o.Id == claimed.OccasionId);
        var anniversary = occasion is null ? null : Anniversary.In(occasion, claimed.LocalDate.Year);
        if (anniversary is null)
        {
            await _ledger.MarkFailedAsync(claimed.Id, DeliveryStatus.FailedPermanent, $"the occasion {claimed.OccasionId} no longer exists", Now, cancellationToken);
            return null;
        }

        return await _composer.ComposeAsync(anniversary, new PostStyle(subscription.Template, subscription.MentionRoleId), cancellationToken);
    }

    /// <summary>Sends the post; a channel that moved (a Telegram group become a supergroup) is followed once, and the
    /// subscription with it.</summary>
    private async Task<Send> DeliverAsync(Target target, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var (row, subscription, platform) = target;
        var channel = subscription.Channel;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await SendAsync(platform, channel, message, row.IdempotencyKey, cancellationToken);
        if (result.Outcome == SendOutcome.Moved && !string.IsNullOrWhiteSpace(result.MovedToChannelId))
        {
            _log.LogInformation("{Channel} moved to {NewChannel}; the subscription follows it", channel, result.MovedToChannelId);
            var moved = await _subscriptions.MoveAsync(subscription.Id, result.MovedToChannelId, cancellationToken);
            if (moved is not null)
            {
                subscription = moved;
                channel = moved.Channel;
                result = await SendAsync(platform, channel, message, row.IdempotencyKey, cancellationToken);
            }
        }

        BotMetrics.DeliverySeconds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, BotMetrics.Tag("platform", platform.Name));
        return new Send(row, subscription, channel, result);
    }

    private async Task SentAsync(Send send, CancellationToken cancellationToken)
    {
        var (row, subscription, channel, result) = send;
        var at = Now;
        await _ledger.MarkSentAsync(row.Id, result.MessageId, channel.ChannelId, at, cancellationToken);
        await _store.RecordOutcomeAsync(subscription.Id, new LastPost(at, row.OccasionId, row.LocalDate, result.MessageId), null, 0, cancellationToken);
        _counters.Count(subscription.Platform, DeliveryOutcome.Sent);
        _log.LogInformation("Delivered {Occasion} of {Date} to {Channel} (message {MessageId})", row.OccasionId, row.LocalDate, channel, result.MessageId);
    }

    /// <summary>The platform may have posted it: recorded, never repeated.</summary>
    private async Task UncertainAsync(Send send, CancellationToken cancellationToken)
    {
        var (row, subscription, channel, result) = send;
        var at = Now;
        var reason = "uncertain: " + (result.Reason ?? "the platform may have accepted it");
        await _ledger.MarkFailedAsync(row.Id, DeliveryStatus.Uncertain, reason, at, cancellationToken);
        await _store.RecordOutcomeAsync(subscription.Id, null, new LastError(at, reason), subscription.ConsecutiveFailures, cancellationToken);
        _counters.Count(subscription.Platform, DeliveryOutcome.Uncertain);
        _log.LogWarning("Delivery of {Occasion} to {Channel} is uncertain ({Reason}); not repeated", row.OccasionId, channel, result.Reason);
    }

    private async Task<SendResult> SendAsync(IChatPlatform platform, ChannelAddress channel, OutgoingMessage message, string key, CancellationToken cancellationToken)
    {
        _counters.Count(platform.Name, DeliveryOutcome.Attempt);
        try
        {
            return await platform.SendAsync(channel, message, key, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Sending to {Channel} threw; treated as retryable", channel);
            return SendResult.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task RetryAsync(Subscription subscription, Delivery row, SendResult result, CancellationToken cancellationToken)
    {
        var now = Now;
        var delay = result.RetryAfter is { } after && after > TimeSpan.Zero ? after : Backoff(row.Attempts);
        var next = now + Duration.FromTimeSpan(delay);
        var reason = result.Reason ?? "temporary failure";
        if (next >= row.DeadlineUtc)
        {
            var final = $"gave up after {row.Attempts} attempt(s): the catch-up window closes before the next try ({reason})";
            await _ledger.MarkFailedAsync(row.Id, DeliveryStatus.FailedPermanent, final, now, cancellationToken);
            await _store.RecordOutcomeAsync(subscription.Id, null, new LastError(now, final), subscription.ConsecutiveFailures, cancellationToken);
            _counters.Count(subscription.Platform, DeliveryOutcome.Failed);
            _log.LogWarning("Gave up on {Occasion} for {Channel}: {Reason}", row.OccasionId, subscription.Channel, final);
            return;
        }

        await _ledger.MarkRetryAsync(row.Id, next, reason, cancellationToken);
        _counters.Count(subscription.Platform, DeliveryOutcome.Retried);
        _log.LogInformation("Retrying {Occasion} for {Channel} at {Next} ({Reason})", row.OccasionId, subscription.Channel, next, reason);
    }

    private async Task PermanentAsync(Subscription subscription, Delivery row, string reason, bool pauseNow, CancellationToken cancellationToken)
    {
        var now = Now;
        var failures = subscription.ConsecutiveFailures + 1;
        await _ledger.MarkFailedAsync(row.Id, DeliveryStatus.FailedPermanent, reason, now, cancellationToken);
        await _store.RecordOutcomeAsync(subscription.Id, null, new LastError(now, reason), failures, cancellationToken);
        _counters.Count(subscription.Platform, DeliveryOutcome.Failed);
        if (pauseNow || failures >= _options.PermanentFailuresBeforePause)
        {
            await _subscriptions.PauseBySystemAsync(subscription.Id, reason, cancellationToken);
            _log.LogWarning("Paused the posts to {Channel}: {Reason}", subscription.Channel, reason);
        }
        else
        {
            _log.LogWarning("Post to {Channel} failed ({Failures} in a row): {Reason}", subscription.Channel, failures, reason);
        }
    }

    /// <summary>The wait before a delivery's next try, kept in the ledger rather than waited out here (the send may
    /// go out from another instance, or after a restart); no jitter: the planner picks retries up on its
    /// ticks, which spread them anyway.</summary>
    private TimeSpan Backoff(int attempts) =>
        new RetryOptions { FirstDelay = _options.RetryBaseDelay, MaxDelay = _options.RetryMaxDelay, Jitter = 0 }.DelayFor(attempts - 1, 0);

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Could not record a delivery outcome");
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
