using System.Globalization;

namespace Minerva.Privacy.Data;

/// <summary>
/// A declared binning scheme for a numeric column (age, year): edges e₀ &lt; e₁ &lt; … &lt; eₙ give the categories
/// "&lt;e₀", "e₀–e₁" (e₀ ≤ v &lt; e₁), …, "≥eₙ". The edges are chosen by the data owner, not read from the data, so
/// they cost no privacy — unlike releasing raw values, whose rare ones would name a victim.
/// </summary>
/// <param name="Column">The column binned.</param>
/// <param name="Edges">Ascending edges.</param>
public sealed record NumericBins(string Column, IReadOnlyList<double> Edges)
{
    /// <summary>Parses <c>COLUMN=E0,E1,…</c>.</summary>
    /// <exception cref="FormatException">Not that shape, an edge not a number, or edges not strictly ascending.</exception>
    public static NumericBins Parse(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals < 1) throw new FormatException($"'{spec}' is not COLUMN=EDGE,EDGE,… (e.g. age=0,18,25,35,50,65)");
        var edges = new List<double>();
        foreach (var part in spec[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var edge) || !double.IsFinite(edge))
                throw new FormatException($"'{part}' in '{spec}' is not a number");
            if (edges.Count > 0 && edge <= edges[^1]) throw new FormatException($"the edges in '{spec}' must be strictly ascending");
            edges.Add(edge);
        }
        return new NumericBins(spec[..equals].Trim(), edges);
    }

    /// <summary>Every category of the scheme, in order, whether or not any value falls in it: a declared domain.</summary>
    public IReadOnlyList<string> Labels =>
        [$"<{Format(Edges[0])}", .. Enumerable.Range(0, Edges.Count - 1).Select(i => $"{Format(Edges[i])}–{Format(Edges[i + 1])}"), $"≥{Format(Edges[^1])}"];

    /// <summary>The category of <paramref name="value"/>: null when blank; <paramref name="numeric"/> false when it is not a number (also null).</summary>
    public string? Label(string? value, out bool numeric)
    {
        numeric = true;
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            numeric = false;
            return null;
        }
        if (v < Edges[0]) return $"<{Format(Edges[0])}";
        for (var i = 0; i < Edges.Count - 1; i++)
            if (v < Edges[i + 1]) return $"{Format(Edges[i])}–{Format(Edges[i + 1])}";
        return $"≥{Format(Edges[^1])}";
    }

    private static string Format(double edge) => edge.ToString("0.###", CultureInfo.InvariantCulture);
}
