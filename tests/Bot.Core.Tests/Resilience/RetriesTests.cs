using System.Collections.Concurrent;
using Bot.Core.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly.Retry;
using Shouldly;

namespace Bot.Core.Tests.Resilience;

public sealed class RetriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 7, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_wait_a_remote_asks_for_is_kept_exactly_without_jitter_even_above_the_cap()
    {
        var time = new FakeTimeProvider(Start);
        var waits = new ConcurrentQueue<TimeSpan>();
        var answers = new Queue<TimeSpan?>([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(45), null]);
        var tries = new ConcurrentQueue<DateTimeOffset>();
        var pipeline = Retries.ForResults<TimeSpan?>(
            new RetryOptions { MaxAttempts = 5, FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30), Jitter = 0.5 },
            time,
            outcome => outcome.Result is not null,
            outcome => outcome.Result,
            Record<TimeSpan?>(waits),
            random: () => 1.0);

        var run = pipeline.ExecuteAsync(_ =>
        {
            tries.Enqueue(time.GetUtcNow());
            return ValueTask.FromResult(answers.Dequeue());
        }, TestContext.Current.CancellationToken).AsTask();

        // The first wait starts on this thread, inside ExecuteAsync: its end is exact on the fake clock.
        time.Advance(TimeSpan.FromSeconds(6.9));
        tries.Count.ShouldBe(1, "Retry-After is 7 s");
        time.Advance(TimeSpan.FromSeconds(0.1));
        for (var i = 0; i < 1000 && tries.Count < 2; i++)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        await DriveAsync(time, run, TimeSpan.FromSeconds(1));

        (await run).ShouldBeNull();
        tries.ElementAt(1).ShouldBe(Start.AddSeconds(7));
        waits.ShouldBe([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(45)]);
        (time.GetUtcNow() - Start).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(52));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public async Task Without_a_retry_after_the_waits_double_with_jitter_up_to_the_cap(double draw)
    {
        var time = new FakeTimeProvider(Start);
        var waits = new ConcurrentQueue<TimeSpan>();
        var tries = 0;
        var pipeline = Retries.ForResults<bool>(
            new RetryOptions { MaxAttempts = 7, FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), Jitter = 0.25 },
            time,
            outcome => !outcome.Result,
            onRetry: Record<bool>(waits),
            random: () => draw);

        var run = pipeline.ExecuteAsync(_ =>
        {
            Interlocked.Increment(ref tries);
            return ValueTask.FromResult(false);
        }, TestContext.Current.CancellationToken).AsTask();
        await DriveAsync(time, run, TimeSpan.FromMilliseconds(500));

        (await run).ShouldBeFalse("the last answer comes back");
        tries.ShouldBe(7);
        double[] nominal = [1, 2, 4, 8, 8, 8];
        var expected = nominal.Select(s => TimeSpan.FromSeconds(Math.Min(s * (0.75 + (0.5 * draw)), 8))).ToList();
        waits.ShouldBe(expected);
        (time.GetUtcNow() - Start).ShouldBeGreaterThanOrEqualTo(expected.Aggregate(TimeSpan.Zero, (a, b) => a + b));
    }

    [Fact]
    public void Jittered_waits_stay_within_a_quarter_of_the_nominal_wait_and_never_above_the_cap()
    {
        var options = new RetryOptions { FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60), Jitter = 0.25 };
        var random = new Random(17);
        for (var retry = 0; retry < 12; retry++)
        {
            var nominal = Math.Min(Math.Pow(2, retry), 60);
            for (var i = 0; i < 200; i++)
            {
                options.DelayFor(retry, random.NextDouble()).TotalSeconds.ShouldBeInRange(nominal * 0.75, Math.Min(nominal * 1.25, 60));
            }
        }
    }

    [Fact]
    public async Task Tries_stop_at_the_limit_and_the_last_failure_is_thrown()
    {
        var time = new FakeTimeProvider(Start);
        var tries = 0;
        var pipeline = Retries.ForAnyResult(
            new RetryOptions { MaxAttempts = 3, FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Jitter = 0 },
            time,
            outcome => outcome.Exception is TimeoutException);

        var run = pipeline.ExecuteAsync(_ => throw new TimeoutException($"try {Interlocked.Increment(ref tries)}"), TestContext.Current.CancellationToken).AsTask();
        await DriveAsync(time, run, TimeSpan.FromSeconds(1));

        (await Should.ThrowAsync<TimeoutException>(run)).Message.ShouldBe("try 3");
        tries.ShouldBe(3);
    }

    [Fact]
    public async Task An_outcome_not_worth_a_retry_comes_back_at_once()
    {
        var tries = 0;
        var pipeline = Retries.ForAnyResult(new RetryOptions { MaxAttempts = 0 }, new FakeTimeProvider(Start), outcome => outcome.Exception is TimeoutException);

        await Should.ThrowAsync<InvalidOperationException>(
            pipeline.ExecuteAsync(_ => throw new InvalidOperationException($"try {++tries}"), TestContext.Current.CancellationToken).AsTask());
        tries.ShouldBe(1);
    }

    private static Func<OnRetryArguments<T>, ValueTask> Record<T>(ConcurrentQueue<TimeSpan> waits) => args =>
    {
        waits.Enqueue(args.RetryDelay);
        return ValueTask.CompletedTask;
    };

    /// <summary>Moves the fake clock on in steps until the run ends (each retry's wait starts when the try before it
    /// has come back, which may be on another thread).</summary>
    private static async Task DriveAsync(FakeTimeProvider time, Task run, TimeSpan step)
    {
        for (var i = 0; i < 10_000 && !run.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(run, Task.Delay(5, TestContext.Current.CancellationToken));
        }
    }
}
