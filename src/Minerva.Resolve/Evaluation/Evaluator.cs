using Minerva.Resolve.Rules;

namespace Minerva.Resolve.Evaluation;

/// <summary>Scores a resolution against a truth file (<c>record,cluster</c>): pairwise and B-cubed, with the worst errors.</summary>
public static class Evaluator
{
    /// <summary>Reads a truth CSV with header <c>record,cluster</c>.</summary>
    /// <exception cref="RuleException">Missing file, bad header or malformed line (named with its number).</exception>
    public static Dictionary<string, string> ReadTruth(string path)
    {
        if (!File.Exists(path)) throw new RuleException($"{path}: truth file not found");
        var truth = new Dictionary<string, string>(StringComparer.Ordinal);
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (line == 1)
            {
                if (!text.Trim().Equals("record,cluster", StringComparison.OrdinalIgnoreCase))
                    throw new RuleException($"{path}:1: expected the header 'record,cluster', found '{text}'");
                continue;
            }
            if (text.Length == 0) continue;
            var comma = text.LastIndexOf(',');
            if (comma <= 0 || comma == text.Length - 1) throw new RuleException($"{path}:{line}: expected 'record,cluster', found '{text}'");
            if (!truth.TryAdd(text[..comma].Trim(), text[(comma + 1)..].Trim()))
                throw new RuleException($"{path}:{line}: record '{text[..comma]}' is listed twice");
        }
        return truth;
    }

    /// <summary>Compares <paramref name="predicted"/> (record → entity) with <paramref name="truth"/> (record → cluster) on
    /// the records both hold; <paramref name="top"/> errors of each kind are listed.</summary>
    public static Evaluation Evaluate(IReadOnlyDictionary<string, string> truth, IReadOnlyDictionary<string, string> predicted, int top = 10)
    {
        var records = truth.Keys.Where(predicted.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var byTruth = records.GroupBy(r => truth[r]).ToDictionary(g => g.Key, g => g.ToList());
        var byEntity = records.GroupBy(r => predicted[r]).ToDictionary(g => g.Key, g => g.ToList());
        var overlap = records.GroupBy(r => (predicted[r], truth[r])).ToDictionary(g => g.Key, g => g.Count());
        long truePositive = overlap.Values.Sum(Pairs), predictedPairs = byEntity.Values.Sum(g => Pairs(g.Count)),
            truePairs = byTruth.Values.Sum(g => Pairs(g.Count));
        double bPrecision = 0, bRecall = 0;
        foreach (var r in records)
        {
            var both = overlap[(predicted[r], truth[r])];
            bPrecision += both / (double)byEntity[predicted[r]].Count;
            bRecall += both / (double)byTruth[truth[r]].Count;
        }
        var n = Math.Max(1, records.Count);
        return new Evaluation(
            records.Count,
            truth.Count - records.Count,
            new Scores(predictedPairs == 0 ? 1 : truePositive / (double)predictedPairs, truePairs == 0 ? 1 : truePositive / (double)truePairs),
            new Scores(bPrecision / n, bRecall / n),
            Errors(byEntity, r => truth[r], top),
            Errors(byTruth, r => predicted[r], top));
    }

    /// <summary>Groups that the other side divides, by the number of pairs the division makes wrong.</summary>
    private static List<ClusterError> Errors(Dictionary<string, List<string>> groups, Func<string, string> other, int top) =>
        groups.Select(g =>
            {
                var parts = g.Value.GroupBy(other).Select(p => new ClusterPart(p.Key, p.Count(), p.First()))
                    .OrderByDescending(p => p.Size).ThenBy(p => p.Group, StringComparer.Ordinal).ToList();
                return new ClusterError(g.Key, g.Value.Count, Pairs(g.Value.Count) - parts.Sum(p => Pairs(p.Size)), parts);
            })
            .Where(e => e.Parts.Count > 1)
            .OrderByDescending(e => e.WrongPairs).ThenBy(e => e.Group, StringComparer.Ordinal)
            .Take(top).ToList();

    private static long Pairs(int n) => (long)n * (n - 1) / 2;
}
