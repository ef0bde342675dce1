using System.Text;
using System.Text.Json;
using Minerva.Ingest.Definitions;

namespace Minerva.Ingest.Readers;

/// <summary>
/// RFC 4180 CSV with a header row: quoted fields may hold delimiters, doubled quotes and line breaks. A row
/// whose field count differs from the header's is a bad item.
/// </summary>
internal sealed class CsvReader(Encoding encoding, CsvOptions options, IReadOnlyList<ValueSpec> columnSpecs) : IFormatReader
{
    public IEnumerable<SourceItem> Read(string file, Action<long> progress)
    {
        using var stream = File.OpenRead(file);
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        var line = 1;
        var header = ReadRow(reader, ref line, out _);
        if (header is null) yield break;
        header = header.Select(h => h.Trim()).ToList();
        var columns = header.Select((name, i) => (name, i)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
        var missing = columnSpecs.FirstOrDefault(s => !columns.ContainsKey(s.Column!));
        if (missing is not null)
            throw new InputException($"{file}:1: the header has no column '{missing.Column}' (connector line {missing.Line}); it has: {string.Join(", ", header)}");
        var rowNumber = 1;
        while (true)
        {
            var startLine = line;
            var row = ReadRow(reader, ref line, out var error);
            if (row is null) break;
            rowNumber++;
            if ((rowNumber & 1023) == 0) progress(stream.Position);
            if (row.Count == 1 && row[0].Length == 0) continue; // blank line
            var location = $"line {startLine}";
            var payload = string.Join(options.Delimiter, row.Select(Escape));
            if (error is not null) yield return new BadItem(file, location, payload, error);
            else if (row.Count != header.Count)
                yield return new BadItem(file, location, payload, $"expected {header.Count} fields as in the header, found {row.Count}");
            else yield return new ParsedItem(file, location, JsonPayload(header, row), new CsvRow(columns, row));
        }
        progress(stream.Length);
    }

    private static string JsonPayload(List<string> header, List<string> row) =>
        JsonSerializer.Serialize(header.Zip(row).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.First().Second));

    private string Escape(string field) =>
        field.IndexOfAny([options.Delimiter, options.Quote, '\n', '\r']) < 0
            ? field
            : options.Quote + field.Replace(options.Quote.ToString(), new string(options.Quote, 2), StringComparison.Ordinal) + options.Quote;

    /// <summary>Reads one row; null at end of input. <paramref name="line"/> advances over embedded line breaks.</summary>
    private List<string>? ReadRow(StreamReader reader, ref int line, out string? error)
    {
        error = null;
        if (reader.Peek() < 0) return null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (quoted) error = "unterminated quoted field at end of file";
                fields.Add(field.ToString());
                return fields;
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == options.Quote)
                {
                    if (reader.Peek() == options.Quote) { reader.Read(); field.Append(ch); }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            if (ch == options.Quote && field.Length == 0 && !wasQuoted) { quoted = wasQuoted = true; continue; }
            if (ch == options.Delimiter) { fields.Add(field.ToString()); field.Clear(); wasQuoted = false; continue; }
            if (ch == '\r') continue;
            if (ch == '\n')
            {
                line++;
                fields.Add(field.ToString());
                return fields;
            }
            if (wasQuoted && error is null) error = $"text after a closing quote in field {fields.Count + 1}";
            field.Append(ch);
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
