using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Receiving;

/// <summary>POST <c>/telegram/webhook</c>: Telegram's webhook delivery. Every request must carry the configured
/// secret in <c>X-Telegram-Bot-Api-Secret-Token</c> (compared in constant time); without it, or with a wrong one,
/// the answer is 401 and nothing is processed. An accepted update is stored before the 200 answer, so Telegram
/// redelivers it if storing failed, and a redelivered update is handled only once.</summary>
public static class TelegramWebhook
{
    public static IEndpointConventionBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(TelegramOptions.WebhookPath, HandleAsync);

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (!SecretMatches(http.Request.Headers[TelegramOptions.SecretHeader].ToString(), options.WebhookSecret))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(http.Request.Body, JsonBotAPI.Options, http.RequestAborted);
        }
        catch (JsonException)
        {
            update = null;
        }

        if (update is null || update.Id <= 0)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        try
        {
            await services.GetRequiredService<UpdateIntake>().AcceptAsync([update], null, http.RequestAborted);
            http.Response.StatusCode = StatusCodes.Status200OK;
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            services.GetRequiredService<ILogger<UpdateIntake>>().LogError("Telegram webhook update {UpdateId} could not be stored; Telegram will resend it: {Error}", update.Id, ex.Message);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    public static bool SecretMatches(string? given, string? expected)
    {
        if (string.IsNullOrEmpty(given) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }
}
