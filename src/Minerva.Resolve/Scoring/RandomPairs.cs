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
    public static double[][] MeasureU(IReadOnlyList<RecordFeatures> records, Comparator comparator, EmSettings settings)
    {
        var counts = comparator.Rules.Select(r => new double[r.Levels.Count]).ToArray();
        if (records.Count >= 2)
        {
            var random = new Random(settings.Seed);
            for (var k = 0; k < settings.RandomPairs; k++)
            {
                var a = random.Next(records.Count);
                var b = random.Next(records.Count - 1);
                if (b >= a) b++;
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
}
