using Npgsql;

namespace Bot.Scheduling.Tests.Postgres;

/// <summary>A fresh PostgreSQL database for one test class, on the server named by <c>BOT_TEST_POSTGRES</c>, dropped
/// afterwards. Without the variable the tests fail (never skip) and say how to get it.</summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    public const string Variable = "BOT_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name = "bot_test_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresTestDatabase()
    {
        _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: these tests need a PostgreSQL server. Run `bash .ci/run` (it installs and starts one), " +
                $"or `eval \"$(.ci/postgres.sh --export)\"` before `dotnet test` (see README, PostgreSQL).");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
    }

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
        await drop.ExecuteNonQueryAsync();
    }
}
