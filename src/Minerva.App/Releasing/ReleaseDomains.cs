using Minerva.Ingest;
using Minerva.Privacy.Data;

namespace Minerva.App.Releasing;

/// <summary>A column's domain as the data owner declared it: its categories, and where they were declared.</summary>
/// <param name="Column">The column.</param>
/// <param name="Values">Its categories (blank, <see cref="CaseTable.Unknown"/>, is always one).</param>
/// <param name="Source">"code list FILE", "bins" or "bands".</param>
/// <param name="Closed">Whether the column can hold no other value (bands Minerva derives): then it has no (other).</param>
internal sealed record DeclaredDomain(string Column, IReadOnlyList<string> Values, string Source, bool Closed = false);

/// <summary>
/// The declared domains of a release: code lists (<c>--domain COLUMN=FILE</c>, one category per line, or <c>--domain FILE</c>, a
/// CSV of <c>column,value</c> for many columns) and the bins of binned columns. A declared domain costs no privacy; a column without one has its categories selected privately
/// (<see cref="CategorySelection"/>).
/// </summary>
internal static class ReleaseDomains
{
    /// <summary>A code list longer than this is not a list of categories.</summary>
    private const int MaxValues = 10_000;

    /// <summary>The declared domain of every column that has one: <paramref name="fixedDomains"/> (a column Minerva derives in
    /// declared bands), the bins of binned columns, and the code lists of <paramref name="specs"/>.</summary>
    /// <exception cref="BadRequestException">A spec is malformed, names no released column, or a column has two.</exception>
    /// <exception cref="InputException">A code list cannot be read, or holds no category.</exception>
    public static Dictionary<string, DeclaredDomain> Declared(IReadOnlyList<string> specs, IReadOnlyList<string> columns,
        IReadOnlyList<(NumericBins Bins, int NotNumbers)> binning, IEnumerable<DeclaredDomain> fixedDomains)
    {
        var declared = fixedDomains.ToDictionary(d => d.Column, StringComparer.Ordinal);
        foreach (var (bins, _) in binning)
            Add(declared, new DeclaredDomain(bins.Column, [.. bins.Labels, CaseTable.Unknown], "bins", Closed: true));
        // Data dictionaries first: a column named on its own (COLUMN=FILE) replaces its entry in one.
        var fromDictionaries = new Dictionary<string, DeclaredDomain>(StringComparer.Ordinal);
        foreach (var spec in specs.Where(s => !s.Contains('=', StringComparison.Ordinal)))
            foreach (var (column, values) in ReadDictionary(spec).Where(d => columns.Contains(d.Key)))
                Add(fromDictionaries, new DeclaredDomain(column, [.. values, CaseTable.Unknown], $"code list {Path.GetFileName(spec)}"));
        foreach (var spec in specs.Where(s => s.Contains('=', StringComparison.Ordinal)))
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1 || equals == spec.Length - 1) throw new BadRequestException($"--domain '{spec}' is not COLUMN=FILE (a code list, one category per line) or FILE (a CSV of column,value)");
            var (name, file) = (spec[..equals].Trim(), spec[(equals + 1)..].Trim());
            if (!columns.Contains(name)) throw new BadRequestException($"--domain names '{name}', which is not a released column ({string.Join(", ", columns)})");
            Add(declared, new DeclaredDomain(name, [.. Distinct(file, Lines(file)), CaseTable.Unknown], $"code list {Path.GetFileName(file)}"));
        }
        foreach (var (column, domain) in fromDictionaries) declared.TryAdd(column, domain);
        return declared;
    }

    private static void Add(Dictionary<string, DeclaredDomain> declared, DeclaredDomain domain)
    {
        if (!declared.TryAdd(domain.Column, domain))
            throw new BadRequestException($"'{domain.Column}' has two declared domains ({declared[domain.Column].Source} and {domain.Source})");
    }

    /// <summary>A data dictionary: a CSV with the header <c>column,value</c>, one category per line.</summary>
    private static Dictionary<string, List<string>> ReadDictionary(string file)
    {
        var lines = Lines(file);
        if (lines.Count == 0 || lines[0].Line.Replace(" ", "", StringComparison.Ordinal) != "column,value")
            throw new InputException($"{Path.GetFullPath(file)}: a code list of many columns starts with the header 'column,value' (or name one column: --domain COLUMN=FILE)");
        var byColumn = new Dictionary<string, List<(int, string)>>(StringComparer.Ordinal);
        foreach (var (number, line) in lines.Skip(1))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 1) throw new InputException($"{Path.GetFullPath(file)}:{number}: expected 'column,value'");
            var column = line[..comma].Trim();
            (byColumn.TryGetValue(column, out var list) ? list : byColumn[column] = []).Add((number, line[(comma + 1)..].Trim().Trim('"')));
        }
        return byColumn.ToDictionary(p => p.Key, p => Distinct(file, p.Value), StringComparer.Ordinal);
    }

    /// <summary>The lines of a code list with their numbers, trimmed; blank lines and lines starting with '#' skipped.</summary>
    private static List<(int Number, string Line)> Lines(string file)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full)) throw new InputException($"{full}: no such code list (--domain)");
        try
        {
            if (new FileInfo(full).Length > 4 << 20) throw new InputException($"{full}: over 4 MiB, not a code list");
            return File.ReadLines(full).Select((l, i) => (Number: i + 1, Line: l.Trim())).Where(l => l.Line.Length > 0 && !l.Line.StartsWith('#')).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{full}: cannot be read: {e.Message}", e);
        }
    }

    private static List<string> Distinct(string file, IReadOnlyList<(int Number, string Line)> lines)
    {
        var values = lines.Select(l => l.Line).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (values.Count == 0) throw new InputException($"{Path.GetFullPath(file)}: the code list holds no category (one per line)");
        if (values.Count > MaxValues) throw new InputException($"{Path.GetFullPath(file)}: {values.Count:N0} categories, more than {MaxValues:N0}: not a code list");
        return values;
    }
}
