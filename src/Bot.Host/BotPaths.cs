namespace Bot.Host;

/// <summary>The folder that holds <c>config/</c>: the working directory when it has one (a clone, the Docker
/// image), else the folder of the binary (a published build run from elsewhere). Relative paths in settings
/// (the corpus, the occasions file) are resolved against it, so edits to <c>config/</c> take effect without a rebuild.</summary>
public sealed record BotPaths(string Root)
{
    public static string FindRoot()
    {
        foreach (var candidate in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            if (File.Exists(Path.Combine(candidate, "config", "appsettings.json")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return AppContext.BaseDirectory;
    }

    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Root, path));
}
