using System.Diagnostics;
using Npgsql;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>A fresh PostgreSQL database for one test class, on the server named by <c>BOT_TEST_POSTGRES</c>, dropped
/// afterwards. Without the variable the server is provided by <c>.ci/postgres.sh</c> (installed from apt and
/// started on 127.0.0.1 when missing), so a plain <c>dotnet test</c> works; where that is impossible the tests fail
/// (never skip) and say how to get one.</summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    public const string Variable = "BOT_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name = "bot_test_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresTestDatabase()
    {
        _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : Provided.Value;
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
    }

    /// <summary>The server <c>.ci/postgres.sh</c> provides, once per test run.</summary>
    private static readonly Lazy<string> Provided = new(Provide);

    /// <summary>The test class's own database.</summary>
    public string ConnectionString { get; }

    public async ValueTask InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (attempt < 20 && ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                // FORCE may not end a session it has no right to signal (an autovacuum worker busy on the test's
                // tables, run by the server's superuser): such a worker finishes or yields within moments.
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static string Provide()
    {
        var script = FindScript();
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && output.Length > 0
            ? output
            : throw new InvalidOperationException(
                $"{Variable} is not set and {script} could not provide PostgreSQL ({errors.Result.Trim()}). These tests need a " +
                $"PostgreSQL server: run `bash .ci/run`, or `eval \"$(.ci/postgres.sh --export)\"` as root (or with sudo) before `dotnet test`.");
    }

    private static string FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, ".ci", "postgres.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException($"{Variable} is not set and .ci/postgres.sh was not found above {AppContext.BaseDirectory}.");
    }
}
