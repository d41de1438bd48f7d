using System.Text.Json;
using Bot.Discord.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Interactions;

/// <summary>HTTP interactions mode: <c>POST /discord/interactions</c> on the bot's web server. Every request is
/// verified with the application's Ed25519 public key before anything else (a bad or missing signature gets 401),
/// then checked by the <see cref="ReplayGuard"/> (signed more than five minutes away from now: 401; an interaction
/// id already answered: 409, and the command is not run again); PING is answered with PONG; commands get their
/// first response in the HTTP answer.</summary>
public static class InteractionsEndpoint
{
    public const string Path = "/discord/interactions";

    /// <summary>Interactions are small; anything bigger is refused unread.</summary>
    private const int MaxBody = 1 << 20;

    public static IEndpointConventionBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, (Delegate)HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var verifier = services.GetRequiredService<SignatureVerifier>();
        var replays = services.GetRequiredService<ReplayGuard>();
        var handler = services.GetRequiredService<InteractionHandler>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InteractionsEndpoint));

        if (context.Request.ContentLength is > MaxBody)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > MaxBody)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var body = buffer.ToArray();
        var signature = context.Request.Headers["X-Signature-Ed25519"].ToString();
        var timestamp = context.Request.Headers["X-Signature-Timestamp"].ToString();
        if (!verifier.Verify(signature, timestamp, body))
        {
            log.LogInformation("Refused an interaction with a bad or missing signature from {Remote}", context.Connection.RemoteIpAddress);
            return Results.Text("invalid request signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!replays.IsFresh(timestamp, out var signedAt))
        {
            log.LogWarning("Refused a signed interaction with a stale timestamp {Timestamp} from {Remote}", timestamp, context.Connection.RemoteIpAddress);
            return Results.Text("stale request timestamp", statusCode: StatusCodes.Status401Unauthorized);
        }

        Interaction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize<Interaction>(body, DiscordJson.Options);
        }
        catch (JsonException)
        {
            interaction = null;
        }

        if (interaction is null || string.IsNullOrEmpty(interaction.Id))
        {
            return Results.BadRequest();
        }

        // A PING changes nothing, so a repeated one is answered again rather than refused.
        if (interaction.Type != InteractionType.Ping && !replays.FirstTime(interaction.Id, signedAt))
        {
            log.LogWarning("Refused a replay of interaction {Id} from {Remote}", interaction.Id, context.Connection.RemoteIpAddress);
            return Results.Text("interaction already answered", statusCode: StatusCodes.Status409Conflict);
        }

        var response = await handler.HandleFromHttpAsync(interaction);
        return Results.Text(DiscordJson.Serialize(response), "application/json", statusCode: StatusCodes.Status200OK);
    }
}
