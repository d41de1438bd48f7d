using Xunit.Sdk;
using Xunit.v3;

namespace Bot.Testing;

/// <summary>Orders a test project's collections so that the longest start first: their tests run one after another
/// and take most of the project's time, so the other classes fit in beside them instead of adding their time before
/// them. A project names its long collections, longest first; the rest keep xUnit's order.
/// <para>The list handed to xUnit is not that order itself. xUnit's default (conservative) algorithm queues every
/// collection with <c>Task.Run</c> from a thread-pool thread, and each then waits for one of the two slots: measured on
/// Bot.Host.Tests, the first of the list and the last of it took the two slots, and the others then started in list
/// order. With the longest ones listed first, the whole-bot collection (listed second) started only once the
/// PostgreSQL fault suites had ended, 6 minutes in; with it listed last and the publish tests just before it, the
/// publish ran alone after everything else. The list is therefore: the longest, the others of the named
/// ones from the third on, the rest, and the second longest last. (Were the pool ever to start them in plain list
/// order, only the second longest would come late, as before.)</para></summary>
public abstract class LongestFirst(params Func<string, bool>[] longest) : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection
    {
        var ranked = testCollections.OrderBy(c => Rank(c)).ThenBy(c => c.UniqueID, StringComparer.Ordinal).ToList();
        var named = ranked.TakeWhile(c => Rank(c) < longest.Length).ToList();
        var rest = ranked.Skip(named.Count);
        return [.. named.Take(1), .. named.Skip(2), .. rest, .. named.Skip(1).Take(1)];
    }

    /// <summary>The collection defined with this name.</summary>
    protected static Func<string, bool> Named(string name) => displayName => displayName == name;

    /// <summary>The collection of test class <typeparamref name="T"/> (xUnit's default: one per class, named after it).</summary>
    protected static Func<string, bool> ClassOf<T>() => displayName => displayName.Contains(typeof(T).Name, StringComparison.Ordinal);

    private int Rank(ITestCollection collection)
    {
        var rank = Array.FindIndex(longest, matches => matches(collection.TestCollectionDisplayName));
        return rank < 0 ? longest.Length : rank;
    }
}
