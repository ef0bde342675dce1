using System.Globalization;

namespace Minerva.App.Releasing;

/// <summary>Which columns a release holds and what its privacy unit is: both chosen by the data owner, never guessed.</summary>
internal static class ReleaseColumns
{
    /// <summary>A categorical column with more distinct values than this is an identifier or free text, not a category.</summary>
    private const int MaxCategories = 100;

    /// <summary>
    /// The victim column, or null for row-level protection, which must be asked for: a typo in <c>--victim-column</c>
    /// once fell back to rows silently and released the real victim ids.
    /// </summary>
    /// <exception cref="BadRequestException">The named victim column is missing, or there is none and <c>--unit row</c> was not given.</exception>
    public static string? Unit(ReleaseOptions o, IReadOnlySet<string> present)
    {
        var found = present.Contains(o.VictimColumn);
        if (o.Unit == "row") return null;
        if (found) return o.VictimColumn;
        if (o.VictimColumnNamed || o.Unit == "victim")
            throw new BadRequestException($"no record has the victim column '{o.VictimColumn}'; the columns are {string.Join(", ", present.Order(StringComparer.Ordinal))}");
        throw new BadRequestException($"no '{o.VictimColumn}' column, so victims cannot be told apart: name the victim column with --victim-column, or release " +
                                 "row by row with --unit row (each row is then protected on its own, and a victim in n rows only as a group of n)");
    }

    /// <summary>The released columns, named with <c>--columns</c>; without it, the error lists the candidates.</summary>
    /// <exception cref="BadRequestException">No columns named, or a named one is missing or is the victim column.</exception>
    public static List<string> Chosen(ReleaseOptions o, List<Dictionary<string, string?>> payloads, IReadOnlySet<string> present, string? victimColumn)
    {
        if (o.Columns is null)
        {
            var candidates = present.Where(c => c != victimColumn).Order(StringComparer.Ordinal)
                .Select(c => $"{c} ({Distinct(payloads, c, int.MaxValue):N0} values)");
            throw new BadRequestException($"choose the attributes to release with --columns A,B,… (every column is released only when named); " +
                                     $"the candidates are {string.Join(", ", candidates)}");
        }
        var columns = o.Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        var unknown = columns.Where(c => !present.Contains(c)).ToList();
        if (unknown.Count > 0) throw new BadRequestException($"no record of '{o.Dataset}' has the column(s) {string.Join(", ", unknown)}; it has {string.Join(", ", present)}");
        if (victimColumn is not null && columns.Contains(victimColumn))
            throw new BadRequestException($"'{victimColumn}' is the victim column, the privacy unit: it is never released");
        if (columns.Count == 0) throw new BadRequestException("--columns names no column");
        // The network's size is the point of a release drawn from the network, so it is always released with it.
        if (o.FromNetwork && !columns.Contains(NetworkPopulation.Column)) columns.Add(NetworkPopulation.Column);
        return columns;
    }

    /// <summary>
    /// Refuses categorical columns with more than <see cref="MaxCategories"/> distinct values: a case reference, a name,
    /// a phone — each value is one person, and releasing it names them (a unique caseRef appeared in every synthetic row).
    /// </summary>
    /// <exception cref="BadRequestException">Such a column is among the released ones.</exception>
    public static void RefuseIdentifiers(List<Dictionary<string, string?>> payloads, IReadOnlyList<string> columns,
        IReadOnlyList<(Minerva.Privacy.Data.NumericBins Bins, int NotNumbers)> binning)
    {
        foreach (var column in columns.Where(c => binning.All(b => b.Bins.Column != c)))
        {
            var distinct = Distinct(payloads, column, MaxCategories + 1);
            if (distinct > MaxCategories)
                throw new BadRequestException($"column '{column}' has more than {MaxCategories.ToString(CultureInfo.InvariantCulture)} distinct values: an identifier " +
                                         "or free text, whose values name people; leave it out of --columns (numbers can be released in bins: --bin)");
        }
    }

    private static int Distinct(List<Dictionary<string, string?>> payloads, string column, int atMost) =>
        payloads.Select(p => p.GetValueOrDefault(column)).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal).Take(atMost).Count();
}
