using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Synthesis;

/// <summary>What the adaptive synthesiser measured, what it spent, and the records it made.</summary>
/// <param name="Tree">The tree it starts from.</param>
/// <param name="Chosen">Each round's chosen pair or triple of columns, measured, in order (a set may be chosen again).</param>
/// <param name="Rho">Total zCDP cost: the tree, the selections and the measurements.</param>
/// <param name="Records">The synthetic records: the tree's, refitted to every measurement (post-processing).</param>
public sealed record AdaptiveModel(TreeModel Tree, IReadOnlyList<NoisyMarginal> Chosen, double Rho, int[][] Records);

/// <summary>
/// The tree synthesiser, then rounds in the spirit of AIM (McKenna, Mullins, Sheldon and Miklau, VLDB 2022) for data with
/// more than a tree's structure. <see cref="TreeShare"/> of ρ fits and samples the tree; with the rest, round after
/// round, the exponential mechanism picks the pair or triple of columns whose counts the current records get most wrong by more
/// than measuring it would add in noise, and that marginal is measured with discrete Gaussian noise. The budget is
/// annealed as AIM's is: rounds start cheap (as if there were <see cref="RoundsPerColumn"/> per column) and each whose
/// measurement barely moves the records doubles the precision of the next, until the budget is spent. Unlike AIM the
/// model is the synthetic records themselves, refitted after every measurement by PrivSyn's gradual update
/// (<see cref="MarginalFitting"/>) instead of a graphical model: their counts are the model's answers when the next round
/// is chosen. Everything after a measurement is post-processing.
/// <para>Measured on 15,000 rows of <c>PatternCaseGenerator</c> (14 columns, a mixture of trafficking patterns; mean 2-way
/// TVD, tree against this, two runs): ε = 1 0.090–0.095 / 0.088, ε = 2 0.066–0.071 / 0.057–0.058, ε = 4 0.058–0.064 /
/// 0.046–0.047 — the data is not a tree, and the tree's error falls slowly; on the tree-like demo cases the 20 % taken
/// from the tree costs about 0.001 at ε = 1–2 (README, "Private releases"). Starting from records with independent
/// columns, as AIM does, instead gave 0.118 at ε = 1 and 0.072 at ε = 4; fitting each pair or triple as measured, without
/// conforming it to the columns' combined one-way estimates, 0.107 and 0.051.</para>
/// </summary>
public sealed class AdaptiveSynthesizer(ExactSampler noise, RandomSource sampling, Fabrication fabrication = Fabrication.Balanced)
{
    /// <summary>A candidate column set with more cells than this is never measured (its noise would be most of what it says).</summary>
    public const int MaxCells = 100_000;

    /// <summary>Share of ρ the tree spends (measured: 0.6 gave 0.094 at ε = 1 and 0.064 at ε = 2, 0.8 gave 0.092 and 0.057).</summary>
    public const double TreeShare = 0.8;

    /// <summary>Share of each round's ρ that measures; the rest selects (AIM's α).</summary>
    private const double MeasureShare = 0.9;

    /// <summary>Rounds per column the first rounds are sized for (AIM uses 16 from scratch; after the tree, 4 measured better:
    /// 0.051 against 0.052 at ε = 4, with fewer, more precise rounds).</summary>
    private const int RoundsPerColumn = 4;

    /// <summary>Rounds of <see cref="MarginalFitting"/> after every measurement, and once all are in.</summary>
    private const int RoundFitting = 1, FinalFitting = 12;

    /// <summary>The first step of every fitting: half of each surplus (a full step gave 0.051 at ε = 4, half 0.048).</summary>
    private const double FittingStep = 0.5;

    /// <summary>Fits the tree on <see cref="TreeShare"/> of <paramref name="rho"/>, then measures and refits with the rest.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ρ not positive.</exception>
    public AdaptiveModel Fit(CaseTable table, BoundingReport bound, double rho)
    {
        if (!(rho > 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be positive");
        var d = table.Columns.Count;
        var synthesizer = new TreeSynthesizer(noise, sampling, fabrication);
        var tree = synthesizer.Fit(table, bound, d == 1 ? rho : TreeShare * rho);
        var rows = Math.Max(0, tree.NoisyRows);
        var records = synthesizer.Sample(tree, (int)Math.Round(rows));
        var spent = tree.Rho;
        var chosen = new List<NoisyMarginal>();
        if (d == 1 || records.Length == 0) return new AdaptiveModel(tree, chosen, spent, records);

        var estimates = new Estimates(TreeSynthesizer.FloorInSigmas(fabrication), rows);
        foreach (var m in tree.OneWay.Concat(tree.TwoWay)) estimates.Add(m);
        var candidates = Aggregates.Subsets(d, 2).Concat(d >= 3 ? Aggregates.Subsets(d, 3) : [])
            .Where(set => set.Aggregate(1L, (cells, c) => cells * table.Categories[c].Count) <= MaxCells)
            .Select(set => Marginals.Count(table, set)).ToList();
        var sensitivity = bound.L2Sensitivity;
        var rounds = RoundsPerColumn * d;
        var sigma = Math.Sqrt(Zcdp.Sigma2For(sensitivity, MeasureShare * (rho - spent) / rounds));
        var epsilon = Math.Sqrt(8 * (1 - MeasureShare) * (rho - spent) / rounds);
        // The L1 error of a marginal changes by at most Δ when a victim's rows come or go; +1 for rounding scores to integers.
        var scoreSensitivity = sensitivity + 1;
        for (var last = false; !last;)
        {
            var left = rho - spent;
            if (left <= 2 * RoundRho(sensitivity, sigma, epsilon))
            {
                // The last round takes everything that is left, split as every round is.
                sigma = Math.Sqrt(Zcdp.Sigma2For(sensitivity, MeasureShare * left));
                epsilon = Math.Sqrt(8 * (1 - MeasureShare) * left);
                last = true;
            }
            // The exponential mechanism with ε (scale ε/(2Δ), rounded down) is ε²/8-zCDP, as in AIM.
            var errors = Errors(candidates, records);
            var best = noise.Exponential([.. errors.Select((error, i) => (long)Math.Floor(error - Math.Sqrt(2 / Math.PI) * sigma * candidates[i].Counts.Length))],
                Rational.AtMost(epsilon / (2 * scoreSensitivity)));
            spent += epsilon * epsilon / 8;
            var measured = Marginals.Measure(candidates[best], sensitivity, last ? rho - spent : Zcdp.RhoOfGaussian(sensitivity, sigma * sigma), noise);
            spent += measured.Rho;
            chosen.Add(measured);
            estimates.Add(measured);
            var columns = measured.Marginal.Columns.ToArray();
            var before = Marginals.Cells(records, columns, measured.Marginal.Sizes);
            MarginalFitting.Fit(records, estimates.Targets(), RoundFitting, sampling, FittingStep);
            var after = Marginals.Cells(records, columns, measured.Marginal.Sizes);
            // Annealing: a measurement that moved the records by less than its own expected noise says the model already
            // knew it; the next rounds measure more precisely (four times the ρ each) and so end sooner.
            var moved = before.Zip(after, (x, y) => Math.Abs(x - y)).Sum();
            if (moved <= Math.Sqrt(2 / Math.PI) * Math.Sqrt(measured.Sigma2) * before.Length)
            {
                sigma /= 2;
                epsilon *= 2;
            }
        }
        MarginalFitting.Fit(records, estimates.Targets(), FinalFitting, sampling, FittingStep);
        return new AdaptiveModel(tree, chosen, spent, records);
    }

    private static double RoundRho(double sensitivity, double sigma, double epsilon) =>
        Zcdp.RhoOfGaussian(sensitivity, sigma * sigma) + epsilon * epsilon / 8;

    /// <summary>Per candidate, the L1 distance between the records' counts and the exact ones.</summary>
    private static double[] Errors(IReadOnlyList<Marginal> candidates, int[][] records)
    {
        var errors = new double[candidates.Count];
        Parallel.For(0, candidates.Count, i =>
        {
            var exact = candidates[i];
            var counts = Marginals.Cells(records, exact.Columns, exact.Sizes);
            double error = 0;
            for (var cell = 0; cell < counts.Length; cell++) error += Math.Abs(counts[cell] - exact.Counts[cell]);
            errors[i] = error;
        });
        return errors;
    }

    /// <summary>
    /// Per column set, the inverse-variance average of its measurements, turned into counts records can be fitted to. A
    /// column's distribution combines its one-way measurements with the margins of every set that holds it (as the tree's
    /// does); a set's table keeps the cells at or above the floor (in σ of its average), projected onto the simplex of the
    /// noisy total, blended with a little of what independence predicts and fitted to its columns' distributions by
    /// iterative proportional fitting — so that no table pulls the records' one-way counts toward its own noise.
    /// </summary>
    private sealed class Estimates(double floor, double rows)
    {
        private sealed record Set(int[] Columns, int[] Sizes, double[] Sum, double Precision);

        private readonly Dictionary<string, Set> _sets = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        public void Add(NoisyMarginal m)
        {
            var key = string.Join(',', m.Marginal.Columns);
            if (!_sets.TryGetValue(key, out var set))
            {
                set = new Set([.. m.Marginal.Columns], [.. m.Marginal.Sizes], new double[m.Marginal.Counts.Length], 0);
                _order.Add(key);
            }
            for (var i = 0; i < set.Sum.Length; i++) set.Sum[i] += m.Marginal.Counts[i] / m.Sigma2;
            _sets[key] = set with { Precision = set.Precision + 1 / m.Sigma2 };
        }

        /// <summary>Every set's target, the longest first, so that the most precise (one-way) are matched last.</summary>
        public List<FitTarget> Targets()
        {
            var oneWay = new Dictionary<int, double[]>();
            foreach (var set in _sets.Values.Where(s => s.Columns.Length == 1)) oneWay[set.Columns[0]] = Kept(OneWay(set), out _);
            return [.. _order.Select(k => _sets[k]).OrderByDescending(s => s.Columns.Length)
                .Select(s => new FitTarget(s.Columns, s.Sizes, s.Columns.Length == 1 ? oneWay[s.Columns[0]] : Conform(s, oneWay)))];
        }

        /// <summary>A column's counts from its own measurements and every other set's margin over it, by inverse variance.</summary>
        private (double[] Mean, double Precision) OneWay(Set set)
        {
            var column = set.Columns[0];
            var sum = (double[])set.Sum.Clone();
            var precision = set.Precision;
            var record = new int[1 + _sets.Values.Max(s => s.Columns.Max())];
            foreach (var other in _sets.Values.Where(o => o.Columns.Length > 1 && o.Columns.Contains(column)))
            {
                var target = new FitTarget(other.Columns, other.Sizes, other.Sum);
                var margin = new double[sum.Length];
                for (var cell = 0; cell < other.Sum.Length; cell++)
                {
                    target.Assign(record, cell);
                    margin[record[column]] += other.Sum[cell] / other.Precision;
                }
                // A margin value sums this many cells of the set's average, each with variance 1/precision.
                var weight = other.Precision / (other.Sum.Length / other.Sizes[Array.IndexOf(other.Columns, column)]);
                for (var v = 0; v < sum.Length; v++) sum[v] += margin[v] * weight;
                precision += weight;
            }
            return (sum.Select(s => s / precision).ToArray(), precision);
        }

        /// <summary>The cells at or above the floor, projected onto the simplex of the noisy total; the rest 0.</summary>
        private double[] Kept((double[] Mean, double Precision) estimate, out bool[] kept)
        {
            var (mean, precision) = estimate;
            var cut = floor * Math.Sqrt(1 / precision);
            kept = mean.Select(m => m > 0 && m >= cut).ToArray();
            if (!kept.Contains(true)) Array.Fill(kept, true);
            return Consistency.ProjectKept(mean, kept, rows);
        }

        /// <summary>A set's table made to agree with its columns' distributions (see the class).</summary>
        private double[] Conform(Set set, Dictionary<int, double[]> oneWay)
        {
            var counts = Kept((set.Sum.Select(s => s / set.Precision).ToArray(), set.Precision), out var kept);
            var target = new FitTarget(set.Columns, set.Sizes, counts);
            var values = new int[counts.Length][];
            var record = new int[1 + set.Columns.Max()];
            for (var cell = 0; cell < counts.Length; cell++)
            {
                target.Assign(record, cell);
                values[cell] = [.. set.Columns.Select(c => record[c])];
                if (!kept[cell]) continue;
                var independent = rows;
                for (var i = 0; i < set.Columns.Length; i++) independent *= oneWay[set.Columns[i]][values[cell][i]] / Math.Max(rows, 1e-9);
                counts[cell] = (1 - IndependenceWeight) * counts[cell] + IndependenceWeight * independent;
            }
            for (var iteration = 0; iteration < ProportionalFittingIterations; iteration++)
                for (var i = 0; i < set.Columns.Length; i++)
                {
                    var margin = oneWay[set.Columns[i]];
                    var sums = new double[set.Sizes[i]];
                    for (var cell = 0; cell < counts.Length; cell++) sums[values[cell][i]] += counts[cell];
                    for (var cell = 0; cell < counts.Length; cell++)
                        if (sums[values[cell][i]] > 0) counts[cell] *= margin[values[cell][i]] / sums[values[cell][i]];
                }
            return counts;
        }

        /// <summary>As <see cref="Consistency.FitTwoWay"/>: a light pull toward independence steadies cells made mostly of noise.</summary>
        private const double IndependenceWeight = 0.02;

        private const int ProportionalFittingIterations = 20;
    }
}
