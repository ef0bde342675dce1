using System.Text.Json;
using Minerva.Ingest.Definitions;

namespace Minerva.Ingest.Readers;

/// <summary>
/// One image file as one record: its values are the file name and its path. Hashing and EXIF belong to the
/// image stage; here the image is only registered as an attachment (an empty file never reaches this reader).
/// </summary>
/// <param name="relativeOf">Each input file's path inside the folder it was found in.</param>
internal sealed class ImageFolderReader(IReadOnlyDictionary<string, string> relativeOf) : IFormatReader
{
    /// <summary>Extensions read as images; anything else in the folder is skipped, not quarantined.</summary>
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp", ".gif"];

    public IEnumerable<SourceItem> Read(string file, Action<long> progress)
    {
        var info = new FileInfo(file);
        var payload = JsonSerializer.Serialize(new { file = relativeOf[file], bytes = info.Length, modified = info.LastWriteTimeUtc });
        progress(info.Length);
        return [new ParsedItem(file, "whole file", payload, new ImageFile(info, relativeOf[file]))];
    }

    private sealed class ImageFile(FileInfo info, string relative) : IValueReader
    {
        public void Read(ValueSpec spec, List<string> into)
        {
            if (spec.FileName) into.Add(Path.GetFileNameWithoutExtension(info.Name));
            if (spec.FilePath) into.Add(relative);
        }
    }
}
