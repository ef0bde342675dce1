namespace Minerva.App.Releasing;

/// <summary>Where a release writes: its public folder, taken exclusively, and the owner's report folder, kept apart from it.</summary>
internal static class ReleaseFolders
{
    private const string ClaimFile = ".minerva-release-in-progress";

    /// <summary>The release folder, checked before anything is spent: not a file, not under one, empty if it exists.</summary>
    /// <exception cref="BadRequestException">It cannot be a release folder.</exception>
    public static string CheckOutput(string path)
    {
        var folder = Path.GetFullPath(path);
        if (File.Exists(folder)) throw new BadRequestException($"--out {folder} is a file; give a folder (it is created)");
        for (var parent = Path.GetDirectoryName(folder); parent is not null; parent = Path.GetDirectoryName(parent))
            if (File.Exists(parent)) throw new BadRequestException($"--out {folder} is under {parent}, which is a file");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new BadRequestException($"{folder} is not empty; releases never overwrite files");
        return folder;
    }

    /// <summary>
    /// The folder the owner's reports go to: <paramref name="given"/>, or beside the workspace (<c>FILE.reports</c>). Never
    /// inside the release folder, which is meant to be published whole.
    /// </summary>
    /// <exception cref="BadRequestException">It is inside the release, or cannot be created.</exception>
    public static string CheckReport(string? given, string workspace, string release)
    {
        var folder = Path.GetFullPath(given ?? workspace + ".reports");
        if (folder == release || folder.StartsWith(release.TrimEnd('/') + "/", StringComparison.Ordinal))
            throw new BadRequestException($"--report {folder} is inside the release folder: the utility report reads the sensitive data and must never be published with it");
        try
        {
            return Directory.CreateDirectory(folder).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadRequestException($"cannot create the report folder {folder}: {e.Message}");
        }
    }

    /// <summary>
    /// Creates the release folder and takes it with a marker file created exclusively: of two releases started into one
    /// new folder, the second is refused before it spends anything (both used to spend and overwrite each other).
    /// Disposing removes the marker, and the folder too when the claim created it and nothing was written (a refused
    /// release leaves nothing behind).
    /// </summary>
    /// <exception cref="BadRequestException">The folder cannot be created, or another release holds it.</exception>
    public static IDisposable Claim(string folder)
    {
        string marker;
        var created = !Directory.Exists(folder);
        try
        {
            Directory.CreateDirectory(folder);
            marker = Path.Combine(folder, ClaimFile);
            using (new FileStream(marker, FileMode.CreateNew, FileAccess.Write)) { }
        }
        catch (IOException e) when (File.Exists(Path.Combine(folder, ClaimFile)))
        {
            throw new BadRequestException($"another release is writing into {folder}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadRequestException($"cannot create the release folder {folder}: {e.Message}");
        }
        if (Directory.EnumerateFileSystemEntries(folder).Any(f => Path.GetFileName(f) != ClaimFile))
        {
            File.Delete(marker);
            throw new BadRequestException($"{folder} is not empty; releases never overwrite files");
        }
        return new Marker(marker, created ? folder : null);
    }

    private sealed class Marker(string path, string? createdFolder) : IDisposable
    {
        public void Dispose()
        {
            File.Delete(path);
            if (createdFolder is not null && !Directory.EnumerateFileSystemEntries(createdFolder).Any()) Directory.Delete(createdFolder);
        }
    }
}
