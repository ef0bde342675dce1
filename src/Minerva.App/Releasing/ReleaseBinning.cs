using System.Globalization;
using Minerva.Privacy.Data;

namespace Minerva.App.Releasing;

/// <summary>The declared binning schemes of a release (<c>--bin</c>), applied to the case records before synthesis.</summary>
internal static class ReleaseBinning
{
    /// <summary>
    /// Replaces the values of binned columns by their bins; returns each scheme with how many values were not numbers
    /// (now unknown). Refuses numeric columns left unbinned.
    /// </summary>
    /// <exception cref="BadRequestException">A scheme is malformed or names no released column, or a numeric column needs one.</exception>
    public static IReadOnlyList<(NumericBins Bins, int NotNumbers)> Apply(List<Dictionary<string, string?>> payloads, IReadOnlyList<string> specs, IReadOnlyList<string> columns)
    {
        var result = new List<(NumericBins, int)>();
        foreach (var spec in specs)
        {
            NumericBins bins;
            try
            {
                bins = NumericBins.Parse(spec);
            }
            catch (FormatException e)
            {
                throw new BadRequestException($"--bin: {e.Message}");
            }
            if (!columns.Contains(bins.Column)) throw new BadRequestException($"--bin names '{bins.Column}', which is not a released column ({string.Join(", ", columns)})");
            var notNumbers = 0;
            foreach (var payload in payloads)
            {
                payload[bins.Column] = bins.Label(payload.GetValueOrDefault(bins.Column), out var numeric);
                if (!numeric) notNumbers++;
            }
            result.Add((bins, notNumbers));
        }
        RefuseRawNumbers(payloads, columns, result);
        return result;
    }

    /// <summary>
    /// A numeric column with many distinct values released as categories would publish rare exact values (an age
    /// of 97 names somebody), so it needs a declared binning scheme.
    /// </summary>
    private static void RefuseRawNumbers(List<Dictionary<string, string?>> payloads, IReadOnlyList<string> columns, IReadOnlyList<(NumericBins Bins, int NotNumbers)> binning)
    {
        const int MaxDistinct = 30;
        foreach (var column in columns.Where(c => binning.All(b => b.Bins.Column != c)))
        {
            var values = payloads.Select(p => p.GetValueOrDefault(column)).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().Take(MaxDistinct + 1).ToList();
            if (values.Count > MaxDistinct && values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                throw new BadRequestException($"column '{column}' is numeric with more than {MaxDistinct} distinct values; declare bins, e.g. --bin {column}=0,18,25,35,50,65");
        }
    }
}
