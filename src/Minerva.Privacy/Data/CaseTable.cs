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

    /// <summary>The same columns and categories with only the given rows.</summary>
    internal CaseTable Subset(IEnumerable<int> rows)
    {
        var keep = rows.ToArray();
        return new CaseTable(Columns, Categories, keep.Select(r => Rows[r]).ToArray(), keep.Select(r => Victims[r]).ToArray(), VictimsFromColumn);
    }
}
