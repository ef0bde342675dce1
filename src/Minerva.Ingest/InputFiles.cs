using System.IO.Enumeration;
using Minerva.Ingest.Definitions;
using Minerva.Ingest.Readers;

namespace Minerva.Ingest;

/// <summary>One file to read: where it is, the folder its references may reach, and why it is refused (or null).</summary>
/// <param name="Path">The file (absolute).</param>
/// <param name="Root">The canonical folder of the input it came from: a named file's folder, or the named folder.</param>
/// <param name="Refusal">Why it is not read; the ingest quarantines it with this reason instead.</param>
/// <param name="Relative">Its path inside the named folder ('/'-separated), or its name when a file was named.</param>
internal sealed record InputFile(string Path, string Root, string? Refusal, string Relative);

/// <summary>Turns the paths a user gives into the files to read, checking each exists and is readable.</summary>
internal static class InputFiles
{
    /// <summary>Reason for a file of size 0: nothing to read in an empty file, and a pipe, socket or device (also size 0
    /// to stat) would block or never end, so none is ever opened.</summary>
    public const string EmptyOrSpecial = "empty file (or a pipe, socket or device, which are never opened)";

    public static List<InputFile> Resolve(SourceFormat format, IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0) throw new InputException("no input given: name one or more files or folders");
        var files = new List<InputFile>();
        foreach (var input in inputs)
        {
            if (input.Any(char.IsControl)) throw new InputException($"'{input}' is not a valid path (control characters)");
            var full = System.IO.Path.GetFullPath(input);
            if (File.Exists(full))
            {
                var real = SourceRoots.Canonical(full) ?? full;
                files.Add(new InputFile(full, System.IO.Path.GetDirectoryName(real)!, SourceRoots.RegularFileRefusal(real) is null ? null : EmptyOrSpecial,
                    System.IO.Path.GetFileName(full)));
            }
            else if (Directory.Exists(full))
            {
                var root = SourceRoots.Canonical(full) ?? full;
                var found = Folder(full, root, Extensions(format));
                if (found.Count == 0)
                    throw new InputException($"{full}: no {string.Join("/", Extensions(format))} files in this folder for a {format.ToString().ToLowerInvariant()} connector");
                files.AddRange(found);
            }
            else throw new InputException($"{full}: no such file or folder");
        }
        foreach (var file in files.Where(f => f.Refusal is null))
        {
            try
            {
                using var _ = File.OpenRead(file.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{file.Path}: cannot be read: {e.Message}", e);
            }
        }
        return files.DistinctBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The folder's files with the format's extensions, in name order. Links to folders are not followed (a link can
    /// leave the tree or loop back into it) and a linked file must resolve inside the folder: each such entry is kept,
    /// with its refusal, so that the run quarantines it instead of passing over it.
    /// </summary>
    private static List<InputFile> Folder(string folder, string root, string[] extensions)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var entries = new FileSystemEnumerable<(string Path, bool IsDirectory, bool IsLink)>(folder,
            (ref FileSystemEntry e) => (e.ToFullPath(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0), options)
        {
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        var found = new List<InputFile>();
        foreach (var (path, isDirectory, isLink) in entries)
        {
            if (isDirectory)
            {
                if (isLink) found.Add(new InputFile(path, root, "a link to a folder: not followed (it may lead out of the input folder or loop)", Relative(folder, path)));
                continue;
            }
            if (!extensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant())) continue;
            string? refusal = null;
            if (isLink)
            {
                var real = SourceRoots.Canonical(path);
                refusal = real is null ? "a link to nothing"
                    : !SourceRoots.IsInside(real, root) ? $"a link to {real}, outside the input folder"
                    : null;
                if (refusal is null && SourceRoots.RegularFileRefusal(real!) is not null) refusal = EmptyOrSpecial;
            }
            else if (SourceRoots.RegularFileRefusal(path) is not null)
            {
                refusal = EmptyOrSpecial;
            }
            found.Add(new InputFile(path, root, refusal, Relative(folder, path)));
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return found;
    }

    private static string Relative(string folder, string path) => System.IO.Path.GetRelativePath(folder, path).Replace('\\', '/');

    private static string[] Extensions(SourceFormat format) => format switch
    {
        SourceFormat.Jsonl => [".jsonl", ".ndjson"],
        SourceFormat.Json => [".json"],
        SourceFormat.Csv => [".csv", ".tsv", ".txt"],
        SourceFormat.Html => [".html", ".htm"],
        _ => ImageFolderReader.Extensions,
    };
}
