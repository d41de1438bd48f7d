namespace Bot.Host;

/// <summary>The folder that holds <c>config/</c>: the working directory or its nearest parent that has one (a clone,
/// where <c>dotnet run</c> starts in the project folder; the Docker image), else the folder of the binary (a
/// published build run from elsewhere). It is also the content root, against which the projects resolve the relative
/// paths in settings (the corpus, the vocabulary, the occasions file), so edits to <c>config/</c> take effect without
/// a rebuild.</summary>
public sealed record BotPaths(string Root)
{
    public static string FindRoot()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "config", "appsettings.json")))
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(Root, path));
}
