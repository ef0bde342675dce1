namespace Minerva.Cli;

/// <summary>Opens files the user asked output to go to, after checking the path.</summary>
internal static class OutputFile
{
    /// <summary>
    /// Writes files through <paramref name="write"/>, which gets one stream per path, and moves them into place only
    /// once all were written: a failed or interrupted export leaves the old files, or none, never a truncated one.
    /// </summary>
    /// <exception cref="UsageException">A path is unusable.</exception>
    public static void WriteAll(IReadOnlyList<string> paths, Action<IReadOnlyList<Stream>> write)
    {
        var targets = paths.Select(Check).ToList();
        var temporary = targets.Select(t => Path.Combine(Path.GetDirectoryName(t)!, $".{Path.GetFileName(t)}.{Guid.NewGuid():N}.tmp")).ToList();
        var streams = new List<FileStream>();
        try
        {
            foreach (var t in temporary) streams.Add(Open(t, paths[streams.Count]));
            write(streams);
            foreach (var stream in streams) stream.Flush(flushToDisk: true);
            foreach (var stream in streams) stream.Dispose();
            for (var i = 0; i < targets.Count; i++) File.Move(temporary[i], targets[i], overwrite: true);
        }
        finally
        {
            foreach (var stream in streams) stream.Dispose();
            foreach (var t in temporary) File.Delete(t);
        }
    }

    /// <summary>Creates (or replaces) the file; its folder must exist and the path must not be a folder.</summary>
    /// <exception cref="UsageException">The path is unusable.</exception>
    public static FileStream Create(string path) => Open(Check(path), path);

    private static string Check(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new UsageException($"{path} is a folder; give a file name");
        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder)) throw new UsageException($"folder {folder} does not exist");
        return full;
    }

    private static FileStream Open(string full, string asGiven)
    {
        try
        {
            return new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {asGiven}: {e.Message}");
        }
    }
}

/// <summary>The command line asks for something impossible; the message says what.</summary>
internal sealed class UsageException(string message) : Exception(message);
