using Minerva.Ingest.Definitions;
using Minerva.Ingest.Readers;

namespace Minerva.Ingest;

/// <summary>Turns the paths a user gives into the files to read, checking each exists and is readable.</summary>
internal static class InputFiles
{
    public static List<string> Resolve(SourceFormat format, IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0) throw new InputException("no input given: name one or more files or folders");
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (input.Any(char.IsControl)) throw new InputException($"'{input}' is not a valid path (control characters)");
            var full = Path.GetFullPath(input);
            if (File.Exists(full)) files.Add(full);
            else if (Directory.Exists(full))
            {
                var found = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions(format).Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                    throw new InputException($"{full}: no {string.Join("/", Extensions(format))} files in this folder for a {format.ToString().ToLowerInvariant()} connector");
                files.AddRange(found);
            }
            else throw new InputException($"{full}: no such file or folder");
        }
        foreach (var file in files)
        {
            try
            {
                using var _ = File.OpenRead(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{file}: cannot be read: {e.Message}", e);
            }
        }
        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string[] Extensions(SourceFormat format) => format switch
    {
        SourceFormat.Jsonl => [".jsonl", ".ndjson"],
        SourceFormat.Json => [".json"],
        SourceFormat.Csv => [".csv", ".tsv", ".txt"],
        SourceFormat.Html => [".html", ".htm"],
        _ => ImageFolderReader.Extensions,
    };
}
