namespace Bot.Host.Verbs;

/// <summary><c>healthcheck [--url URL]</c>: asks a running bot's <c>/healthz</c> and exits 0 when healthy. Used by
/// the Docker HEALTHCHECK, so the runtime image needs no curl.</summary>
public sealed class HealthcheckVerb(IConfiguration configuration) : ICliVerb
{
    public string Name => "healthcheck";

    public bool NeedsCurrentStore => false;

    public string Usage => "healthcheck [--url URL]      ask a running bot's /healthz; exit 0 when healthy";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var url = VerbArguments.Value(args, "--url") ?? DefaultUrl();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await System.Console.Out.WriteLineAsync(body);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await System.Console.Error.WriteLineAsync($"The bot at {url} did not answer: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The first configured URL, with a wildcard host replaced by loopback.</summary>
    private string DefaultUrl()
    {
        var urls = configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:8080";
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0]
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
        return first.TrimEnd('/') + "/healthz";
    }
}
