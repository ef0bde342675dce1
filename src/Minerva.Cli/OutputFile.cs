namespace Minerva.Cli;

/// <summary>Opens files the user asked output to go to, after checking the path.</summary>
internal static class OutputFile
{
    /// <summary>Creates (or replaces) the file; its folder must exist and the path must not be a folder.</summary>
    /// <exception cref="UsageException">The path is unusable.</exception>
    public static FileStream Create(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new UsageException($"{path} is a folder; give a file name");
        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder)) throw new UsageException($"folder {folder} does not exist");
        try
        {
            return new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }
    }
}

/// <summary>The command line asks for something impossible; the message says what.</summary>
internal sealed class UsageException(string message) : Exception(message);
