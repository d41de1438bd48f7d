using Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Bot.Storage.Tests.Subscriptions;

/// <summary>A real SQLite file in a temp folder, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "bot-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        ConnectionString = $"Data Source={Path.Combine(Folder, "bot.db")}";
        Database = new SqliteDatabase(ConnectionString);
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    public SqliteDatabase Database { get; }

    /// <summary>Another process's view of the same file.</summary>
    public SqliteDatabase Reopen() => new(ConnectionString);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
