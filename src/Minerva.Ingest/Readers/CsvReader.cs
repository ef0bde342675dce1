using System.Text;
using System.Text.Json;
using Minerva.Ingest.Definitions;

namespace Minerva.Ingest.Readers;

/// <summary>
/// RFC 4180 CSV with a header row: quoted fields may hold delimiters, doubled quotes and line breaks. A row
/// whose field count differs from the header's is a bad item, as is a row over the record size limit (an unterminated
/// quote would otherwise read the rest of the file into one field).
/// </summary>
internal sealed class CsvReader(TextEncoding encoding, CsvOptions options, IReadOnlyList<ValueSpec> columnSpecs) : IFormatReader
{
    public IEnumerable<SourceItem> Read(string file, Action<long> progress)
    {
        using var lines = new ByteLines(File.OpenRead(file), RecordLimits.MaxBytes);
        var source = new LineSource(lines, encoding);
        var header = ReadRow(source, out _);
        if (header is null) yield break;
        header = header.Select(h => h.Trim()).ToList();
        var columns = header.Select((name, i) => (name, i)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
        var missing = columnSpecs.FirstOrDefault(s => !columns.ContainsKey(s.Column!));
        if (missing is not null)
            throw new InputException($"{file}:1: the header has no column '{missing.Column}' (connector line {missing.Line}); it has: {string.Join(", ", header)}");
        var rowNumber = 1;
        while (true)
        {
            source.BeginRow();
            var startLine = source.Line + 1;
            var row = ReadRow(source, out var error);
            if (row is null) break;
            rowNumber++;
            if ((rowNumber & 1023) == 0) progress(lines.Position);
            if (row.Count == 1 && row[0].Length == 0 && error is null) continue; // blank line
            var location = $"line {startLine}";
            var payload = string.Join(options.Delimiter, row.Select(Escape));
            SourceItem item;
            if (error is not null) item = new BadItem(file, location, payload, error);
            else if (row.Count != header.Count)
                item = new BadItem(file, location, payload, $"expected {header.Count} fields as in the header, found {row.Count}");
            else
            {
                // A row that is not valid UTF-8 keeps its original bytes in the payload: the same row read as ISO-8859-1
                // (delimiters and quotes are ASCII, so it splits into the same fields).
                var original = source.Note == DecodingNote.InvalidUtf8 ? ReadRow(new LineSource(source.RowAsLatin1), out _) : null;
                item = new ParsedItem(file, location, JsonPayload(header, original ?? row), new CsvRow(columns, row));
            }
            yield return source.Note == DecodingNote.None ? item : item with { Decoding = source.Note };
        }
        progress(lines.Position);
    }

    private static string JsonPayload(List<string> header, List<string> row) =>
        JsonSerializer.Serialize(header.Zip(row).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.First().Second));

    private string Escape(string field) =>
        field.IndexOfAny([options.Delimiter, options.Quote, '\n', '\r']) < 0
            ? field
            : options.Quote + field.Replace(options.Quote.ToString(), new string(options.Quote, 2), StringComparison.Ordinal) + options.Quote;

    /// <summary>Reads one row from its lines; null at end of input.</summary>
    private List<string>? ReadRow(LineSource source, out string? error)
    {
        error = null;
        if (source.NextLine() is not { } text) return null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        long size = 0;
        while (true)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var ch = text[i];
                if (quoted)
                {
                    if (ch == options.Quote)
                    {
                        if (i + 1 < text.Length && text[i + 1] == options.Quote) { i++; field.Append(ch); }
                        else quoted = false;
                    }
                    else field.Append(ch);
                    continue;
                }
                if (ch == options.Quote && field.Length == 0 && !wasQuoted) { quoted = wasQuoted = true; continue; }
                if (ch == options.Delimiter) { fields.Add(field.ToString()); field.Clear(); wasQuoted = false; continue; }
                if (ch == '\r') continue;
                if (wasQuoted && error is null) error = $"text after a closing quote in field {fields.Count + 1}";
                field.Append(ch);
            }
            size += text.Length + 1;
            if (source.TooLong is { } length) error ??= RecordLimits.TooLarge("a line of the row", length);
            if (!quoted) break;
            if (size > RecordLimits.MaxBytes)
            {
                // An unterminated quote: the rest of the row is read to its end but not kept.
                error ??= $"the row is over the {RecordLimits.MaxBytes >> 20} MB limit for one record (an unterminated quote?)";
                field.Clear();
            }
            if (source.NextLine() is not { } next)
            {
                error ??= "unterminated quoted field at end of file";
                break;
            }
            field.Append('\n');
            text = next;
        }
        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>A row's physical lines, decoded one by one; remembers what decoding did to the current row.</summary>
    private sealed class LineSource
    {
        private readonly ByteLines? _lines;
        private readonly TextEncoding _encoding;
        private readonly IEnumerator<string>? _fixed;
        private readonly List<(string Text, string? Latin1)> _row = [];

        public LineSource(ByteLines lines, TextEncoding encoding) => (_lines, _encoding) = (lines, encoding);

        public LineSource(IEnumerable<string> lines) => _fixed = lines.GetEnumerator();

        /// <summary>Physical lines read so far.</summary>
        public int Line { get; private set; }

        public DecodingNote Note { get; private set; }

        /// <summary>The length of the last line when it was over the limit (and so read as empty).</summary>
        public long? TooLong { get; private set; }

        /// <summary>The current row's original bytes, line by line, as ISO-8859-1 (a valid line's bytes are its UTF-8).</summary>
        public IEnumerable<string> RowAsLatin1 =>
            _row.Select(l => l.Latin1 ?? System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes(l.Text)));

        public void BeginRow()
        {
            Note = DecodingNote.None;
            _row.Clear();
        }

        public string? NextLine()
        {
            TooLong = null;
            if (_fixed is not null) return _fixed.MoveNext() ? _fixed.Current : null;
            if (!_lines!.Next(out var bytes, out var tooLong)) return null;
            Line++;
            if (tooLong is not null)
            {
                TooLong = tooLong;
                return "";
            }
            var text = TextDecoding.Decode(bytes.Span, _encoding, out var note, out var original);
            if (note != DecodingNote.None && Note == DecodingNote.None) Note = note;
            _row.Add((text, original));
            return text;
        }
    }

    private sealed class CsvRow(Dictionary<string, int> columns, List<string> row) : IValueReader
    {
        public void Read(ValueSpec spec, List<string> into)
        {
            if (columns.TryGetValue(spec.Column!, out var i) && row[i].Length > 0) into.Add(row[i]);
        }
    }
}
