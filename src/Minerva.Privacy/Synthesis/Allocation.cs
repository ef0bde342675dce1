using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Synthesis;

/// <summary>Hands category values to synthetic records in given proportions, without sampling noise of its own.</summary>
internal static class Allocation
{
    /// <summary>
    /// Gives <paramref name="column"/> values to the records <paramref name="who"/> (shuffled in place) in proportion to
    /// <paramref name="weights"/>: counts by systematic sampling (each the floor or ceiling of its expected share,
    /// unbiased, summing exactly), handed out in a random order. Drawing each record independently instead adds
    /// sampling noise of its own — on 2,000 records about as much TVD as the privacy noise.
    /// </summary>
    public static void Assign(int[][] records, int[] who, int column, double[] weights, RandomSource sampling)
    {
        var total = weights.Sum();
        if (total <= 0) weights = Enumerable.Repeat(1.0, weights.Length).ToArray();
        total = weights.Sum();
        for (var i = who.Length - 1; i > 0; i--) // Fisher–Yates
        {
            var j = (int)sampling.Below(i + 1);
            (who[i], who[j]) = (who[j], who[i]);
        }
        // 53 random bits are ample here: allocating synthetic records is post-processing of already-private counts.
        var offset = (double)sampling.Below(1L << 53) / (1L << 53);
        double cumulative = 0;
        var next = 0;
        for (var value = 0; value < weights.Length; value++)
        {
            cumulative += weights[value] / total * who.Length;
            var end = Math.Min(who.Length, (int)Math.Ceiling(cumulative - offset));
            for (; next < end; next++) records[who[next]][column] = value;
        }
        // Rounding can leave a record over: it gets the likeliest value, never simply the last one (which is (other)).
        var likeliest = Array.IndexOf(weights, weights.Max());
        for (; next < who.Length; next++) records[who[next]][column] = likeliest;
    }
}
