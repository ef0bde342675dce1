using Minerva.Core;
using Minerva.Resolve.Rules;

namespace Minerva.Resolve.Scoring;

/// <summary>A pair a user has labelled as the same entity or not.</summary>
/// <param name="A">First record.</param>
/// <param name="B">Second record.</param>
/// <param name="Match">Whether they are the same entity.</param>
public sealed record LabelledPair(RecordKey A, RecordKey B, bool Match);

/// <summary>
/// Supervised calibration: where a user supplies labelled pairs, m is re-estimated from the labelled matches and
/// u from the labelled non-matches, with the EM estimate as a prior worth <see cref="PriorPairs"/> pairs so that
/// levels the labels never show keep their EM values. λ stays as EM found it (labels are not a random sample).
/// </summary>
public static class Calibration
{
    /// <summary>Weight of the EM estimate, in pairs.</summary>
    public const double PriorPairs = 10;

    /// <summary>Reads a CSV with header <c>record_a,record_b,match</c> (match: 1/0, true/false, yes/no).</summary>
    /// <exception cref="RuleException">Missing file, bad header or malformed line (named with its number).</exception>
    public static List<LabelledPair> ReadLabels(string path)
    {
        if (!File.Exists(path)) throw new RuleException($"{path}: labels file not found");
        var pairs = new List<LabelledPair>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (line == 1)
            {
                if (!text.Trim().Equals("record_a,record_b,match", StringComparison.OrdinalIgnoreCase))
                    throw new RuleException($"{path}:1: expected the header 'record_a,record_b,match', found '{text}'");
                continue;
            }
            if (text.Trim().Length == 0) continue;
            var parts = text.Split(',');
            if (parts.Length != 3 || !RecordKey.TryParse(parts[0].Trim(), out var a) || !RecordKey.TryParse(parts[1].Trim(), out var b))
                throw new RuleException($"{path}:{line}: expected 'record_a,record_b,match' with record keys like source:id, found '{text}'");
            bool? match = parts[2].Trim().ToLowerInvariant() switch
            {
                "1" or "true" or "yes" => true,
                "0" or "false" or "no" => false,
                _ => null,
            };
            pairs.Add(new LabelledPair(a, b, match ?? throw new RuleException($"{path}:{line}: match must be 1/0, true/false or yes/no, not '{parts[2]}'")));
        }
        return pairs;
    }

    /// <summary>The model with m and u re-estimated from labelled patterns.</summary>
    public static MatchModel Calibrate(MatchModel model, IReadOnlyList<(ulong Pattern, bool Match)> labelled)
    {
        if (labelled.Count == 0) return model;
        var comparisons = model.Comparisons.Select((cm, c) => cm with
        {
            M = Blend(cm.M, labelled.Where(l => l.Match).Select(l => Comparator.LevelOf(l.Pattern, c))),
            U = Blend(cm.U, labelled.Where(l => !l.Match).Select(l => Comparator.LevelOf(l.Pattern, c))),
        }).ToList();
        return model with { Comparisons = comparisons, LabelledPairs = labelled.Count };
    }

    private static double[] Blend(double[] prior, IEnumerable<int> levels)
    {
        var counts = new double[prior.Length];
        foreach (var level in levels)
            if (level != Comparator.Absent) counts[level]++;
        var total = counts.Sum() + PriorPairs;
        return prior.Select((p, l) => Math.Max(1e-6, (counts[l] + PriorPairs * p) / total)).ToArray();
    }
}
