using Minerva.Resolve.Features;
using Minerva.Resolve.Rules;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// Measures u — how often each comparison level occurs between records picked at random, nearly all of which are
/// non-matches — from a seeded sample of pairs. Add-one smoothing keeps unseen levels possible.
/// </summary>
internal static class RandomPairs
{
    /// <summary>u per comparison level from <see cref="EmSettings.RandomPairs"/> random pairs.</summary>
    public static double[][] MeasureU(IReadOnlyList<RecordFeatures> records, Comparator comparator, EmSettings settings, LinkMode? link = null)
    {
        var counts = comparator.Rules.Select(r => new double[r.Levels.Count]).ToArray();
        // In linkage mode a random pair is one record of each source, as every candidate is.
        var (left, right) = link is null ? (null, null)
            : (Side(records, link.Across[0]), Side(records, link.Across[1]));
        if (link is null ? records.Count >= 2 : left!.Count > 0 && right!.Count > 0)
        {
            var random = new Random(settings.Seed);
            for (var k = 0; k < settings.RandomPairs; k++)
            {
                int a, b;
                if (left is not null)
                    (a, b) = (left[random.Next(left.Count)], right![random.Next(right.Count)]);
                else
                {
                    a = random.Next(records.Count);
                    b = random.Next(records.Count - 1);
                    if (b >= a) b++;
                }
                var pattern = comparator.Compare(records[a], records[b], out _);
                for (var c = 0; c < counts.Length; c++)
                {
                    var level = Comparator.LevelOf(pattern, c);
                    if (level != Comparator.Absent) counts[c][level]++;
                }
            }
        }
        return counts.Select(c =>
        {
            var total = c.Sum() + c.Length;
            return c.Select(n => (n + 1) / total).ToArray();
        }).ToArray();
    }

    private static List<int> Side(IReadOnlyList<RecordFeatures> records, string source) =>
        Enumerable.Range(0, records.Count).Where(i => records[i].Source == source).ToList();
}
