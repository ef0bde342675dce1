using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Synthesis;

/// <summary>What the aggregate-seeded synthesiser measured and publishes.</summary>
/// <param name="Measured">Every column set of 1..length columns, each cell's count plus noise.</param>
/// <param name="Thresholds">Per length (index 0: length 1), the noisy count a combination needs to be published.</param>
/// <param name="Aggregates">The published combinations: noisy counts at or above their length's threshold.</param>
/// <param name="Rho">Total zCDP cost.</param>
public sealed record AggregateModel(IReadOnlyList<NoisyMarginal> Measured, IReadOnlyList<double> Thresholds, IReadOnlyList<Combination> Aggregates, double Rho)
{
    /// <summary>How many rows the measurements say there are: the mean of the noisy one-way totals.</summary>
    public double NoisyRows => Measured.Where(m => m.Marginal.Columns.Count == 1).Average(m => (double)m.Marginal.Counts.Sum());

    /// <summary>σ² of the noise of each length's cells (index 0: length 1).</summary>
    public IReadOnlyList<double> Sigma2ByLength => [.. Measured.GroupBy(m => m.Marginal.Columns.Count).OrderBy(g => g.Key).Select(g => g.First().Sigma2)];
}

/// <summary>
/// Aggregate-seeded synthesis, as Microsoft's Synthetic Data Showcase offers: every combination of up to
/// <c>length</c> columns is counted over the declared domains (every cell, so which combinations exist is never read
/// from the data) with discrete Gaussian noise, ρ split evenly between lengths and within a length between column sets.
/// A combination is published only when its noisy count reaches both the owner's threshold and a noise threshold of its
/// length (<see cref="NoiseThresholdInSigmas"/> σ): the published aggregates are the measurements themselves, so their
/// suppression is a real guarantee, not a filter on synthetic records. The synthetic records are then made from the
/// published aggregates alone (post-processing: anyone holding them could make the same records): drawn from the
/// one-way counts and fitted to every published table by <see cref="MarginalFitting"/>. Much more noise per count than the
/// tree synthesiser (it measures every combination, not a few pairs), so its records are less accurate; it is the mode
/// for owners who publish the aggregates as the product.
/// </summary>
public sealed class AggregateSynthesizer(ExactSampler noise, RandomSource sampling)
{
    /// <summary>
    /// A noisy count under this many σ is not published, whatever the owner's threshold: a combination no record has
    /// passes with probability about 2.3 % (one cell in 44), and one record's combination rarely does at realistic noise.
    /// </summary>
    public const double NoiseThresholdInSigmas = 2;

    /// <summary>Rounds of <see cref="MarginalFitting"/>.</summary>
    private const int FittingRounds = 12;

    /// <summary>Measures every combination of up to <paramref name="length"/> columns, spending <paramref name="rho"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ρ not positive or length below 1.</exception>
    public AggregateModel Fit(CaseTable table, BoundingReport bound, double rho, int length, long threshold)
    {
        if (!(rho > 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be positive");
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var d = table.Columns.Count;
        length = Math.Min(length, d);
        var measured = new List<NoisyMarginal>();
        var thresholds = new List<double>();
        var aggregates = new List<Combination>();
        for (var k = 1; k <= length; k++)
        {
            var sets = Aggregates.Subsets(d, k).ToList();
            var each = rho / length / sets.Count;
            double cut = 0;
            foreach (var set in sets)
            {
                var m = Marginals.Measure(Marginals.Count(table, set), bound.L2Sensitivity, each, noise);
                measured.Add(m);
                cut = Math.Max(threshold, NoiseThresholdInSigmas * Math.Sqrt(m.Sigma2));
                for (var cell = 0; cell < m.Marginal.Counts.Length; cell++)
                    if (m.Marginal.Counts[cell] >= cut && m.Marginal.Counts[cell] > 0)
                        aggregates.Add(new Combination(set, m.Marginal.ValuesOf(cell), m.Marginal.Counts[cell]));
            }
            thresholds.Add(cut);
        }
        return new AggregateModel(measured, thresholds, aggregates, measured.Sum(m => m.Rho));
    }

    /// <summary>
    /// <paramref name="count"/> records made from the published aggregates only: each column drawn from its one-way
    /// counts, then fitted to every table, longest first so that the most accurate (one-way) counts are matched last.
    /// A cell left unpublished is not taken as empty — most three-way cells are under the threshold, and fitting them as
    /// zeros pulled even the one-way distributions off (one-way TVD 0.070 at ε = 1 on 15,000 cases) — but as what
    /// independence of the published one-way counts predicts for it, of what the published cells leave, and never more
    /// than its length's threshold (or it would have been published).
    /// </summary>
    public int[][] Sample(AggregateModel model, CaseTable table, int count)
    {
        var d = table.Columns.Count;
        var published = model.Aggregates.GroupBy(a => string.Join(',', a.Columns))
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var targets = new List<FitTarget>();
        var known = new List<bool[]>();
        foreach (var m in model.Measured)
        {
            var columns = m.Marginal.Columns.ToArray();
            var target = new FitTarget(columns, [.. m.Marginal.Sizes], new double[m.Marginal.Counts.Length]);
            var isPublished = new bool[target.Counts.Length];
            foreach (var a in published.GetValueOrDefault(string.Join(',', columns)) ?? [])
            {
                var record = new int[d];
                for (var i = 0; i < columns.Length; i++) record[columns[i]] = a.Values[i];
                var cell = target.CellOf(record);
                target.Counts[cell] = a.Count;
                isPublished[cell] = true;
            }
            targets.Add(target);
            known.Add(isPublished);
        }
        var oneWay = new double[d][];
        foreach (var t in targets.Where(t => t.Columns.Length == 1))
            oneWay[t.Columns[0]] = t.Counts.Sum() > 0 ? t.Counts.Select(c => c / t.Counts.Sum()).ToArray() : [.. Enumerable.Repeat(1.0 / t.Counts.Length, t.Counts.Length)];
        for (var i = 0; i < targets.Count; i++)
            FillUnpublished(targets[i], known[i], oneWay, count, model.Thresholds[targets[i].Columns.Length - 1]);
        var records = Enumerable.Range(0, count).Select(_ => new int[d]).ToArray();
        for (var column = 0; column < d; column++)
        {
            var weights = oneWay[column];
            for (var r = 0; r < count; r++) records[r][column] = Draw(weights);
        }
        MarginalFitting.Fit(records, [.. targets.Where(t => t.Counts.Sum() > 0).OrderByDescending(t => t.Columns.Length)], FittingRounds, sampling);
        return records;
    }

    /// <summary>Spreads what the published cells of <paramref name="target"/> leave of <paramref name="rows"/> over its other cells, as
    /// independence predicts, each at most <paramref name="cap"/>.</summary>
    private static void FillUnpublished(FitTarget target, bool[] published, double[][] oneWay, int rows, double cap)
    {
        var left = rows - target.Counts.Sum();
        if (left <= 0) return;
        var weights = new double[target.Counts.Length];
        var record = new int[oneWay.Length];
        for (var cell = 0; cell < weights.Length; cell++)
        {
            if (published[cell]) continue;
            target.Assign(record, cell);
            var w = 1.0;
            foreach (var c in target.Columns) w *= oneWay[c][record[c]];
            weights[cell] = w;
        }
        var total = weights.Sum();
        if (total <= 0) return;
        for (var cell = 0; cell < weights.Length; cell++)
            if (!published[cell]) target.Counts[cell] = Math.Min(cap, left * weights[cell] / total);
    }

    private int Draw(double[] weights)
    {
        // 53 random bits are ample: drawing records from published counts is post-processing.
        var u = (double)sampling.Below(1L << 53) / (1L << 53) * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
            if ((u -= weights[i]) < 0) return i;
        return Array.FindLastIndex(weights, w => w > 0);
    }
}
