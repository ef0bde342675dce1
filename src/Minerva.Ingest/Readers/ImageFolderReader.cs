using System.Text.Json;
using Minerva.Ingest.Definitions;

namespace Minerva.Ingest.Readers;

/// <summary>
/// One image file as one record: its values are the file name and its path. Hashing and EXIF belong to the
/// image stage; here the image is only registered as an attachment, with a zero-byte file quarantined.
/// </summary>
internal sealed class ImageFolderReader : IFormatReader
{
    /// <summary>Extensions read as images; anything else in the folder is skipped, not quarantined.</summary>
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp", ".gif"];

    public IEnumerable<SourceItem> Read(string file, Action<long> progress)
    {
        var info = new FileInfo(file);
        var payload = JsonSerializer.Serialize(new { file = info.Name, bytes = info.Length, modified = info.LastWriteTimeUtc });
        progress(info.Length);
        if (info.Length == 0) return [new BadItem(file, "whole file", payload, "empty file")];
        return [new ParsedItem(file, "whole file", payload, new ImageFile(info))];
    }

    private sealed class ImageFile(FileInfo info) : IValueReader
    {
        public void Read(ValueSpec spec, List<string> into)
        {
            if (spec.FileName) into.Add(Path.GetFileNameWithoutExtension(info.Name));
        }
    }
}
