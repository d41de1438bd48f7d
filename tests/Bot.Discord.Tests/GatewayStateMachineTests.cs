using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Gateway;
using Bot.Discord.Rest;
using Bot.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests;

/// <summary>The Gateway state machine over a scripted transport, on a fake clock.</summary>
public sealed class GatewayStateMachineTests
{
    private sealed class Sink : IGatewayEventSink
    {
        public List<(string Name, long Seq)> Events { get; } = [];

        public Task OnDispatchAsync(string eventName, JsonElement data, CancellationToken cancellationToken)
        {
            lock (Events)
            {
                Events.Add((eventName, data.TryGetProperty("n", out var n) ? n.GetInt64() : 0));
            }

            return Task.CompletedTask;
        }
    }

    private sealed class Harness : IAsyncDisposable
    {
        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 7, 0, 0, 0, TimeSpan.Zero));
        public ScriptedTransport Transport { get; } = new();
        public Sink Sink { get; } = new();
        public GatewayClient Client { get; }
        public SessionStartLimit Limit { get; }
        private int _infoCalls;

        public int InfoCalls => _infoCalls;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public Harness(double jitter = 0.5, SessionStartLimit? limit = null)
        {
            Limit = limit ?? new SessionStartLimit(1000, 999, 14_400_000, 1);
            Client = new GatewayClient(
                new GatewaySettings { Token = "tok", ShardId = 1, ShardCount = 2 },
                Transport,
                _ =>
                {
                    Interlocked.Increment(ref _infoCalls);
                    return Task.FromResult(new RestResult<GatewayBotResponse> { Status = 200, Value = new GatewayBotResponse("wss://gateway.example", 2, Limit) });
                },
                Sink,
                Time,
                NullLogger.Instance,
                () => jitter);
            _run = Client.RunAsync(_stop.Token);
        }

        public Task Run => _run;

        /// <summary>Moves the fake clock in small steps until <paramref name="done"/> holds.</summary>
        public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step, int maxSteps = 2000)
        {
            for (var i = 0; i < maxSteps && !done(); i++)
            {
                Time.Advance(step);
                await Task.Delay(2);
            }

            done().ShouldBeTrue();
        }

        /// <summary>Connects, says HELLO, expects IDENTIFY, sends READY with the given sequence number.</summary>
        public async Task<ScriptedConnection> ConnectAndIdentifyAsync(long readySeq = 1, int interval = 40000)
        {
            var connection = await Transport.NextConnectionAsync();
            connection.Hello(interval);
            var identify = await connection.NextSentAsync();
            identify["op"]!.GetValue<int>().ShouldBe(2);
            connection.Ready(readySeq);
            await Eventually.TrueAsync(() => Client.State == GatewayState.Ready, "READY");
            return connection;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Identify_sends_the_token_guilds_intent_shard_and_the_first_heartbeat_comes_after_interval_times_jitter()
    {
        await using var h = new Harness(jitter: 0.25);
        var connection = await h.Transport.NextConnectionAsync();
        connection.Url.Query.ShouldContain("v=10");
        connection.Url.Query.ShouldContain("encoding=json");
        connection.Hello(40000);

        var identify = await connection.NextSentAsync();
        identify["op"]!.GetValue<int>().ShouldBe(2);
        identify["d"]!["token"]!.ToString().ShouldBe("tok");
        identify["d"]!["intents"]!.GetValue<int>().ShouldBe(1);
        identify["d"]!["shard"]!.ToJsonString().ShouldBe("[1,2]");
        identify["d"]!["properties"]!["browser"]!.ToString().ShouldBe("anniversarybot");

        h.Time.Advance(TimeSpan.FromMilliseconds(9990));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        connection.HasSent.ShouldBeFalse(); // 40 s × 0.25 = 10 s
        h.Time.Advance(TimeSpan.FromMilliseconds(20));
        var beat = await connection.NextSentAsync();
        beat.ToJsonString().ShouldBe("""{"op":1,"d":null}""");
    }

    [Fact]
    public async Task Heartbeats_carry_the_last_sequence_and_a_heartbeat_request_is_answered_at_once()
    {
        await using var h = new Harness(jitter: 0.001);
        var connection = await h.ConnectAndIdentifyAsync(readySeq: 1);
        h.Time.Advance(TimeSpan.FromMilliseconds(50)); // 40 s × 0.001
        (await connection.NextSentAsync())["op"]!.GetValue<int>().ShouldBe(1);
        connection.Push(new JsonObject { ["op"] = 11 });
        connection.Dispatch(7, "GUILD_CREATE", new JsonObject { ["id"] = "1" });
        await Eventually.TrueAsync(() => h.Client.Sequence == 7, "sequence 7");

        connection.Push(new JsonObject { ["op"] = 1, ["d"] = null });
        (await connection.NextSentAsync()).ToJsonString().ShouldBe("""{"op":1,"d":7}""");
    }

    [Fact]
    public async Task A_missed_ack_closes_the_zombie_connection_with_a_non_1000_code_and_resumes()
    {
        await using var h = new Harness(jitter: 0.001);
        var connection = await h.ConnectAndIdentifyAsync(readySeq: 3);
        h.Time.Advance(TimeSpan.FromMilliseconds(50));
        (await connection.NextSentAsync())["op"]!.GetValue<int>().ShouldBe(1); // no ACK follows

        await h.AdvanceUntilAsync(() => connection.ClosedWith is not null, TimeSpan.FromSeconds(1));
        connection.ClosedWith.ShouldNotBe(1000);
        connection.ClosedWith.ShouldNotBe(1001);

        await h.AdvanceUntilAsync(() => h.Transport.HasPendingConnection, TimeSpan.FromMilliseconds(100));
        var next = await h.Transport.NextConnectionAsync();
        next.Url.Host.ShouldBe("resume.example"); // resume_gateway_url from READY
        next.Hello(40000);
        var resume = await next.NextSentAsync();
        resume["op"]!.GetValue<int>().ShouldBe(6);
        resume["d"]!["session_id"]!.ToString().ShouldBe("s1");
        resume["d"]!["seq"]!.GetValue<long>().ShouldBe(3);
        resume["d"]!["token"]!.ToString().ShouldBe("tok");
    }

    [Fact]
    public async Task Resume_replays_missed_events_in_order_and_keeps_the_session()
    {
        await using var h = new Harness(jitter: 0.9);
        var connection = await h.ConnectAndIdentifyAsync(readySeq: 1);
        connection.Dispatch(2, "INTERACTION_CREATE_TEST", new JsonObject { ["n"] = 2 });
        await Eventually.TrueAsync(() => h.Client.Sequence == 2, "sequence 2");
        connection.ServerClose(null); // dropped without a close code

        await h.AdvanceUntilAsync(() => h.Transport.HasPendingConnection, TimeSpan.FromMilliseconds(100));
        var next = await h.Transport.NextConnectionAsync();
        next.Hello(40000);
        (await next.NextSentAsync())["d"]!["seq"]!.GetValue<long>().ShouldBe(2);
        next.Dispatch(3, "INTERACTION_CREATE_TEST", new JsonObject { ["n"] = 3 });
        next.Dispatch(4, "RESUMED", new JsonObject());
        await Eventually.TrueAsync(() => h.Client.Sequence == 4 && h.Client.State == GatewayState.Ready, "resumed");

        h.Sink.Events.Where(e => e.Name == "INTERACTION_CREATE_TEST").Select(e => e.Seq).ShouldBe([2L, 3L]);
        h.Client.Identifies.ShouldBe(1);
        h.Client.Resumes.ShouldBe(1);
        h.Client.SessionId.ShouldBe("s1");
    }

    [Fact]
    public async Task Invalid_session_false_identifies_again_and_true_resumes()
    {
        await using var h = new Harness(jitter: 0.9);
        var connection = await h.ConnectAndIdentifyAsync(readySeq: 5);

        connection.Push(new JsonObject { ["op"] = 9, ["d"] = true });
        await h.AdvanceUntilAsync(() => h.Transport.HasPendingConnection, TimeSpan.FromMilliseconds(100));
        var resumed = await h.Transport.NextConnectionAsync();
        resumed.Hello(40000);
        (await resumed.NextSentAsync())["op"]!.GetValue<int>().ShouldBe(6);

        resumed.Push(new JsonObject { ["op"] = 9, ["d"] = false });
        await h.AdvanceUntilAsync(() => h.Transport.HasPendingConnection, TimeSpan.FromMilliseconds(100));
        var fresh = await h.Transport.NextConnectionAsync();
        fresh.Url.Host.ShouldBe("gateway.example"); // back to the URL from GET /gateway/bot
        fresh.Hello(40000);
        var identify = await fresh.NextSentAsync();
        identify["op"]!.GetValue<int>().ShouldBe(2);
        h.Client.SessionId.ShouldBeNull();
        h.Client.Identifies.ShouldBe(2);
        h.InfoCalls.ShouldBe(2);
    }

    [Fact]
    public async Task Reconnect_resumes_and_a_session_timeout_close_starts_a_new_session()
    {
        await using var h = new Harness(jitter: 0.9);
        var connection = await h.ConnectAndIdentifyAsync(readySeq: 1);
        connection.Push(new JsonObject { ["op"] = 7, ["d"] = null });
        await h.AdvanceUntilAsync(() => h.Transport.HasPendingConnection, TimeSpan.FromMilliseconds(100));
        connection.ClosedWith.ShouldBe(GatewayClient.ResumableCloseCode);
        var resumed = await h.Transport.NextConnectionAsync();
        resumed.Hello(40000);
        (await resumed.NextSentAsync())["op"]!.GetValue<int>().ShouldBe(6);

        resumed.ServerClose(4009);
        await h.AdvanceUntilAsync(() => h.Transport.HasPendingConnection, TimeSpan.FromMilliseconds(100));
        var fresh = await h.Transport.NextConnectionAsync();
        fresh.Hello(40000);
        (await fresh.NextSentAsync())["op"]!.GetValue<int>().ShouldBe(2);
    }

    [Theory]
    [InlineData(4004, "token")]
    [InlineData(4010, "Invalid shard")]
    [InlineData(4011, "Sharding required")]
    [InlineData(4012, "API version")]
    [InlineData(4013, "Invalid intent")]
    [InlineData(4014, "Disallowed intent")]
    public async Task Fatal_close_codes_stop_with_a_clear_error_and_never_reconnect(int code, string cause)
    {
        await using var h = new Harness();
        var connection = await h.Transport.NextConnectionAsync();
        connection.Hello(40000);
        await connection.NextSentAsync();
        connection.ServerClose(code);

        await h.Run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        h.Client.State.ShouldBe(GatewayState.Failed);
        h.Client.FatalError!.ShouldContain(cause);
        h.Client.FatalError!.ShouldContain(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.Transport.HasPendingConnection.ShouldBeFalse();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Other_close_codes_reconnect_with_backoff_that_grows_to_the_cap_and_never_gives_up()
    {
        await using var h = new Harness(jitter: 1.0); // the largest jitter
        for (var i = 0; i < 9; i++)
        {
            var connection = await h.Transport.NextConnectionAsync();
            connection.ServerClose(4000); // before HELLO: never reaches READY, so the backoff grows
            await Eventually.TrueAsync(() => h.Client.State == GatewayState.Disconnected, "disconnected");
            if (i < 8)
            {
                await h.AdvanceUntilAsync(() => h.Transport.HasPendingConnection, TimeSpan.FromMilliseconds(500));
            }
        }

        h.Client.BackoffDelay(0).ShouldBe(TimeSpan.FromSeconds(1.25));
        h.Client.BackoffDelay(3).ShouldBe(TimeSpan.FromSeconds(10));
        h.Client.BackoffDelay(10).ShouldBe(TimeSpan.FromSeconds(60));
        h.Client.BackoffDelay(100).ShouldBe(TimeSpan.FromSeconds(60));
        h.Time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        h.Transport.HasPendingConnection.ShouldBeFalse(); // the 9th failure waits the full 60 s
        h.Time.Advance(TimeSpan.FromSeconds(1.1));
        await Eventually.TrueAsync(() => h.Transport.HasPendingConnection, "another attempt");
    }

    [Fact]
    public async Task Identify_waits_for_the_session_start_limit_to_reset()
    {
        await using var h = new Harness(limit: new SessionStartLimit(1000, 0, 60_000, 1));
        // the first GET /gateway/bot already said remaining = 0: no connection until reset_after has passed
        await Task.Delay(100, TestContext.Current.CancellationToken);
        h.Transport.HasPendingConnection.ShouldBeFalse();
        h.Time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        h.Transport.HasPendingConnection.ShouldBeFalse();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => h.Transport.HasPendingConnection, "the identify after the reset");
    }
}
