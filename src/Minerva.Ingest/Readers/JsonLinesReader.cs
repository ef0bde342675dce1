namespace Minerva.Ingest.Readers;

/// <summary>JSON Lines: one object per line; a line that is not a JSON object is a bad item, and reading goes on.</summary>
internal sealed class JsonLinesReader(TextEncoding encoding) : IFormatReader
{
    public IEnumerable<SourceItem> Read(string file, Action<long> progress)
    {
        using var lines = new ByteLines(File.OpenRead(file), RecordLimits.MaxBytes);
        var number = 0;
        while (Next(lines, file, ref number) is { } item)
        {
            if ((number & 1023) == 0) progress(lines.Position);
            yield return item;
        }
        progress(lines.Position);
    }

    /// <summary>The next non-blank line as an item, or null at the end.</summary>
    private SourceItem? Next(ByteLines lines, string file, ref int number)
    {
        while (lines.Next(out var bytes, out var tooLong))
        {
            number++;
            var location = $"line {number}";
            if (tooLong is { } length) return new BadItem(file, location, "", RecordLimits.TooLarge("the line", length));
            if (bytes.IsEmpty || bytes.Span.IndexOfAnyExcept(" \t\r"u8) < 0) continue;
            var text = TextDecoding.Decode(bytes.Span, encoding, out var note, out var original);
            // Valid UTF-8 is parsed as it was read: parsing the text would encode it back to UTF-8 first.
            var item = note == DecodingNote.None && encoding == TextEncoding.Utf8 ? JsonItem.Parse(file, location, text, bytes) : JsonItem.Parse(file, location, text);
            return note == DecodingNote.None ? item : item with { Payload = original ?? item.Payload, Decoding = note };
        }
        return null;
    }
}
