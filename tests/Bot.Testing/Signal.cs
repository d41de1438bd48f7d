namespace Bot.Testing;

/// <summary>Lets a test await a condition over some state: whoever changes the state calls <see cref="Pulse"/>, and
/// each waiter re-checks its condition then. No polling and no sleeps.</summary>
public sealed class Signal
{
    /// <summary>Generous, for a slow shared CI machine; a correct run takes milliseconds.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public void Pulse()
    {
        List<TaskCompletionSource> done;
        lock (_gate)
        {
            done = [.. _waiters.Where(w => w.Condition()).Select(w => w.Done)];
            _waiters.RemoveAll(w => done.Contains(w.Done));
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    public Task WhenAsync(Func<bool> condition, string what) => WhenAsync(condition, what, Patience);

    /// <summary>Completes when <paramref name="condition"/> holds; a <see cref="TimeoutException"/> after <paramref name="patience"/>.</summary>
    public async Task WhenAsync(Func<bool> condition, string what, TimeSpan patience)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition())
            {
                return;
            }

            _waiters.Add((condition, done));
        }

        try
        {
            await done.Task.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            throw new TimeoutException($"Waited {patience.TotalSeconds} s for {what}");
        }
    }
}
