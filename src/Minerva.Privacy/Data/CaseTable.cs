namespace Minerva.Privacy.Data;

/// <summary>
/// Case records as the synthesiser sees them: one row per victim–perpetrator relationship, every attribute a
/// category code (a blank is its own category, <see cref="Unknown"/>), and the victim each row belongs to — the
/// privacy unit. Without a victim column every row is its own victim (and the manifest must say so).
/// </summary>
public sealed class CaseTable
{
    /// <summary>Label of the category that blanks map to.</summary>
    public const string Unknown = "(unknown)";

    /// <summary>Label of the category that values outside a column's domain map to.</summary>
    public const string Other = "(other)";

    private CaseTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> categories, int[][] rows, string[] victims, bool victimsFromColumn)
    {
        Columns = columns;
        Categories = categories;
        Rows = rows;
        Victims = victims;
        VictimsFromColumn = victimsFromColumn;
    }

    /// <summary>Attribute names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Per column, the label of each category code.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Categories { get; }

    /// <summary>Per row, the category code of each column.</summary>
    public IReadOnlyList<int[]> Rows { get; }

    /// <summary>Per row, its victim.</summary>
    public IReadOnlyList<string> Victims { get; }

    /// <summary>Whether victims came from a column (else each row is its own victim).</summary>
    public bool VictimsFromColumn { get; }

    /// <summary>Builds a table from rows of named values.</summary>
    /// <exception cref="ArgumentException">No columns, or a column or the victim column missing from every row.</exception>
    public static CaseTable From(IEnumerable<IReadOnlyDictionary<string, string?>> rows, IReadOnlyList<string> columns, string? victimColumn)
    {
        if (columns.Count == 0) throw new ArgumentException("at least one attribute column is needed", nameof(columns));
        var codes = columns.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var labels = columns.Select(_ => new List<string>()).ToArray();
        var table = new List<int[]>();
        var victims = new List<string>();
        var seen = new bool[columns.Count];
        var victimSeen = false;
        foreach (var row in rows)
        {
            var coded = new int[columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                seen[c] |= row.ContainsKey(columns[c]);
                var value = row.TryGetValue(columns[c], out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : Unknown;
                if (!codes[c].TryGetValue(value, out var code))
                {
                    codes[c][value] = code = labels[c].Count;
                    labels[c].Add(value);
                }
                coded[c] = code;
            }
            string? victim = null;
            if (victimColumn is not null && row.TryGetValue(victimColumn, out var id))
            {
                victimSeen = true;
                victim = string.IsNullOrWhiteSpace(id) ? null : id.Trim();
            }
            victims.Add(victim ?? $"row:{table.Count}"); // a row without a victim id is a victim of its own
            table.Add(coded);
        }
        var missing = columns.Where((_, c) => !seen[c]).ToList();
        if (table.Count > 0 && missing.Count > 0) throw new ArgumentException($"no row has the column(s) {string.Join(", ", missing)}", nameof(columns));
        if (table.Count > 0 && victimColumn is not null && !victimSeen)
            throw new ArgumentException($"no row has the victim column '{victimColumn}'", nameof(victimColumn));
        return new CaseTable(columns, labels, [.. table], [.. victims], victimColumn is not null);
    }

    /// <summary>
    /// The same rows coded in each column's <paramref name="domains"/> (its categories in order, then <see cref="Other"/>, which
    /// every domain gets whether or not a value falls outside it: its presence must not depend on the data). A value outside
    /// the domain becomes <see cref="Other"/>, or with <paramref name="keepOutside"/> a category of its own after
    /// <see cref="Other"/> — the codes of the domain stay the same, so records synthesised in the domain can be compared
    /// with the real values (what the owner's utility report needs, and nothing published may use). A column marked in
    /// <paramref name="closed"/> holds only values its domain lists (bands Minerva derives) and gets no <see cref="Other"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Not one domain per column, or a value outside a closed domain.</exception>
    public CaseTable Recode(IReadOnlyList<IReadOnlyList<string>> domains, bool keepOutside = false, IReadOnlyList<bool>? closed = null)
    {
        if (domains.Count != Columns.Count) throw new ArgumentException($"{domains.Count} domains for {Columns.Count} columns", nameof(domains));
        var labels = new List<List<string>>();
        var maps = new int[Columns.Count][];
        for (var c = 0; c < Columns.Count; c++)
        {
            var isClosed = closed?[c] ?? false;
            var column = domains[c].Where(v => v != Other).Distinct(StringComparer.Ordinal).ToList();
            if (!isClosed) column.Add(Other);
            var codes = column.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
            var name = Columns[c];
            maps[c] = Categories[c].Select(label =>
            {
                if (codes.TryGetValue(label, out var code)) return code;
                if (isClosed) throw new ArgumentException($"'{label}' is outside the closed domain of '{name}'", nameof(domains));
                if (!keepOutside) return codes[Other];
                column.Add(label);
                return codes[label] = column.Count - 1;
            }).ToArray();
            labels.Add(column);
        }
        var rows = Rows.Select(row => row.Select((code, c) => maps[c][code]).ToArray()).ToArray();
        return new CaseTable(Columns, labels, rows, [.. Victims], VictimsFromColumn);
    }

    /// <summary>The same columns and categories with only the given rows.</summary>
    internal CaseTable Subset(IEnumerable<int> rows)
    {
        var keep = rows.ToArray();
        return new CaseTable(Columns, Categories, keep.Select(r => Rows[r]).ToArray(), keep.Select(r => Victims[r]).ToArray(), VictimsFromColumn);
    }
}
