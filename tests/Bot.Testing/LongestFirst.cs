using Xunit.Sdk;
using Xunit.v3;

namespace Bot.Testing;

/// <summary>Orders a test project's collections so that the longest start first: their tests run one after another
/// and take most of the project's time, so the other classes fit in beside them instead of adding their time before
/// them. A project names its long collections, longest first; the rest keep xUnit's order.</summary>
public abstract class LongestFirst(params Func<string, bool>[] longest) : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. testCollections.OrderBy(c => Rank(c)).ThenBy(c => c.UniqueID, StringComparer.Ordinal)];

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
