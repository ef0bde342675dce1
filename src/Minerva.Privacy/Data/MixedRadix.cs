namespace Minerva.Privacy.Data;

/// <summary>
/// A combination of category codes as one cell number, row-major (the last column varies fastest): the numbering every
/// marginal, fitting target and aggregate count shares, so a cell means the same combination in each.
/// </summary>
internal static class MixedRadix
{
    /// <summary>The cell of <paramref name="row"/>'s values in <paramref name="columns"/>, whose sizes are <paramref name="sizes"/>.</summary>
    public static long Cell(int[] row, IReadOnlyList<int> columns, IReadOnlyList<int> sizes)
    {
        long cell = 0;
        for (var i = 0; i < columns.Count; i++) cell = cell * sizes[i] + row[columns[i]];
        return cell;
    }

    /// <summary>The codes, one per column, of cell <paramref name="cell"/>.</summary>
    public static int[] Values(long cell, IReadOnlyList<int> sizes)
    {
        var values = new int[sizes.Count];
        Write(cell, sizes, values, null);
        return values;
    }

    /// <summary>Writes the codes of cell <paramref name="cell"/> into <paramref name="row"/> at <paramref name="columns"/> (null: at 0, 1, …),
    /// allocating nothing: fitting records writes a cell into a record for every record it moves.</summary>
    public static void Write(long cell, IReadOnlyList<int> sizes, int[] row, IReadOnlyList<int>? columns)
    {
        for (var i = sizes.Count - 1; i >= 0; i--)
        {
            row[columns?[i] ?? i] = (int)(cell % sizes[i]);
            cell /= sizes[i];
        }
    }
}
