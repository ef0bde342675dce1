using Minerva.Resolve.Rules;

namespace Minerva.Resolve.Scoring;

/// <summary>
/// Fits m, u and λ by expectation–maximisation on the counts of distinct comparison patterns (so its cost does
/// not grow with the number of pairs). u starts from random pairs and m from a mild prior that agreement is
/// likelier among matches; absent levels are left out of both likelihoods (missing at random). The starting
/// values also act as a Dirichlet prior worth <see cref="EmSettings.PriorPairs"/> pairs (MAP estimation): with
/// millions of candidate pairs it is negligible, but a case of a few dozen records — where plain EM degenerates,
/// e.g. learning that a shared phone means nothing because every candidate shares one — still gets sane weights.
/// </summary>
internal static class EmEstimator
{
    private const double Floor = 1e-6;

    /// <summary>Pooling that moves a weight by more than this (bits) is reported; less is two levels that say the same.</summary>
    private const double NotableShift = 1;

    /// <summary>Prior share of matches among candidate pairs: blocking is built to pair records that may match.</summary>
    private const double PriorLambda = 0.5;

    /// <summary>Fits the model; <paramref name="randomU"/> is u per comparison level measured on random pairs.</summary>
    /// <param name="rules">The comparisons, in pattern order.</param>
    /// <param name="patterns">How many candidate pairs have each pattern.</param>
    /// <param name="randomU">u per level measured on random pairs (the starting u and its prior).</param>
    /// <param name="frequency">Term frequencies, kept with the model.</param>
    /// <param name="settings">Iteration limits and the prior's weight.</param>
    /// <param name="maxMatches">Most matches the candidates can hold, when known (one-to-one linkage: the smaller source);
    /// λ is kept at or below that share of the candidates.</param>
    public static MatchModel Fit(IReadOnlyList<ComparisonRule> rules, IReadOnlyDictionary<ulong, long> patterns,
        double[][] randomU, TermFrequency frequency, EmSettings settings, long? maxMatches = null)
    {
        var n = rules.Count;
        var levels = rules.Select(r => r.Levels.Count).ToArray();
        var m = new double[n][];
        var u = new double[n][];
        for (var c = 0; c < n; c++)
        {
            u[c] = [.. randomU[c]];
            // Start m high on the strongest level, falling geometrically, with little mass on 'different'.
            m[c] = Enumerable.Range(0, levels[c]).Select(l => l == levels[c] - 1 ? 0.05 : Math.Pow(0.5, l)).ToArray();
            Normalise(m[c]);
        }
        var priorM = m.Select(p => p.ToArray()).ToArray();
        var alpha = settings.PriorPairs;
        var lambda = 0.1;
        var entries = patterns.Select(p => (Pattern: p.Key, Count: (double)p.Value)).ToArray();
        var iterations = 0;
        var converged = false;
        var previousLikelihood = double.NegativeInfinity;
        var pooled = new bool[n];
        while (iterations < settings.MaxIterations && !converged)
        {
            iterations++;
            var mSum = levels.Select(l => new double[l]).ToArray();
            var uSum = levels.Select(l => new double[l]).ToArray();
            double matchTotal = 0, total = 0, likelihood = 0;
            foreach (var (pattern, count) in entries)
            {
                double pm = lambda, pu = 1 - lambda;
                for (var c = 0; c < n; c++)
                {
                    var level = Comparator.LevelOf(pattern, c);
                    if (level == Comparator.Absent) continue;
                    pm *= m[c][level];
                    pu *= u[c][level];
                }
                var g = pm / (pm + pu);
                likelihood += count * Math.Log(pm + pu);
                matchTotal += g * count;
                total += count;
                for (var c = 0; c < n; c++)
                {
                    var level = Comparator.LevelOf(pattern, c);
                    if (level == Comparator.Absent) continue;
                    mSum[c][level] += g * count;
                    uSum[c][level] += (1 - g) * count;
                }
            }
            var ceiling = maxMatches is { } most && total > 0 ? Math.Min(1 - Floor, Math.Max(Floor, most / total)) : 1 - Floor;
            lambda = Math.Clamp((matchTotal + alpha * PriorLambda) / (total + alpha), Floor, ceiling);
            for (var c = 0; c < n; c++)
            {
                Update(m[c], mSum[c], priorM[c], alpha);
                Update(u[c], uSum[c], randomU[c], alpha);
                pooled[c] = Monotone(m[c], u[c]) > NotableShift;
            }
            // Parameters heading for the floor creep for thousands of iterations; the likelihood settles long before.
            converged = Math.Abs(likelihood - previousLikelihood) <= settings.Tolerance * Math.Abs(likelihood);
            previousLikelihood = likelihood;
        }
        return new MatchModel
        {
            Lambda = lambda,
            Frequency = frequency,
            Iterations = iterations,
            Converged = converged,
            Constrained = [.. rules.Where((_, c) => pooled[c]).Select(r => r.Name)],
            Comparisons = rules.Select((r, c) => new ComparisonModel(r.Name, r.Levels, m[c], u[c], randomU[c])).ToList(),
        };
    }

    /// <summary>Sets <paramref name="p"/> to the normalised sums plus one pseudo-pair per level and <paramref name="alpha"/>
    /// pairs distributed as the prior, with a floor.</summary>
    private static void Update(double[] p, double[] sums, double[] prior, double alpha)
    {
        var observed = sums.Sum();
        if (observed <= 0) return; // never observed: keep the current estimate
        var total = observed + p.Length + alpha;
        for (var l = 0; l < p.Length; l++) p[l] = Math.Max(Floor, (sums[l] + 1 + alpha * prior[l]) / total);
        Normalise(p);
    }

    /// <summary>
    /// Pools adjacent violators so that log(m/u) does not increase from one level to the next (levels run from most to
    /// least similar): a block of levels whose ratios are out of order gets its summed m split in proportion to its u,
    /// which gives every level of the block the block's ratio and leaves both distributions summing to one.
    /// </summary>
    /// <returns>The largest change of a level's weight, in bits (0 when nothing was pooled).</returns>
    internal static double Monotone(double[] m, double[] u)
    {
        // Blocks as (first level, last level, m mass, u mass); a new level is merged back while it out-ranks the block before.
        var blocks = new List<(int First, int Last, double M, double U)>();
        for (var l = 0; l < m.Length; l++)
        {
            var block = (First: l, Last: l, M: m[l], U: u[l]);
            while (blocks.Count > 0 && blocks[^1].M / blocks[^1].U < block.M / block.U)
            {
                var before = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                block = (before.First, block.Last, before.M + block.M, before.U + block.U);
            }
            blocks.Add(block);
        }
        if (blocks.Count == m.Length) return 0;
        var shift = 0.0;
        foreach (var (first, last, mass, uMass) in blocks)
            for (var l = first; l <= last; l++)
            {
                var pooled = mass * u[l] / uMass;
                shift = Math.Max(shift, Math.Abs(Math.Log2(pooled / m[l])));
                m[l] = pooled;
            }
        return shift;
    }

    private static void Normalise(double[] p)
    {
        var total = p.Sum();
        for (var l = 0; l < p.Length; l++) p[l] /= total;
    }
}
