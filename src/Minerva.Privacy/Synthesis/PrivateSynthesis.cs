using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;

namespace Minerva.Privacy.Synthesis;

/// <summary>How a release measures the data and makes its records.</summary>
public enum Mechanism
{
    /// <summary>The tree synthesiser: a few noisy pairs chosen for what they add; aggregates counted from its records.</summary>
    Tree,
    /// <summary>Aggregate-seeded: every combination up to the reporting length measured and thresholded; records made from those aggregates.</summary>
    Aggregates,
    /// <summary>Adaptive: the tree, then pairs and triples chosen round by round where its records are most wrong (AIM-style).</summary>
    Adaptive,
}

/// <summary>What a private synthesis released and spent.</summary>
/// <param name="Released">The bounded table coded in the released domains (what the synthetic codes mean).</param>
/// <param name="Tree">The tree model, when the mechanism is <see cref="Mechanism.Tree"/>.</param>
/// <param name="Seeded">The measured aggregates, when the mechanism is <see cref="Mechanism.Aggregates"/>.</param>
/// <param name="Adaptive">The adaptive model, when the mechanism is <see cref="Mechanism.Adaptive"/>.</param>
/// <param name="Selection">The private selection of the undeclared columns' categories, or null when every domain was declared.</param>
/// <param name="Synthetic">The synthetic records, coded as <paramref name="Released"/>.</param>
public sealed record SynthesisResult(CaseTable Released, TreeModel? Tree, AggregateModel? Seeded, AdaptiveModel? Adaptive, SelectedCategories? Selection,
    int[][] Synthetic)
{
    /// <summary>zCDP cost of the measurements (selection of categories apart).</summary>
    public double ModelRho => (Tree?.Rho ?? 0) + (Seeded?.Rho ?? 0) + (Adaptive?.Rho ?? 0);

    /// <summary>Total zCDP cost: selection and model.</summary>
    public double Rho => ModelRho + (Selection?.Rho ?? 0);
}

/// <summary>What the release asks of the mechanism.</summary>
/// <param name="Mechanism">Tree or aggregate-seeded.</param>
/// <param name="Fabrication">Fabrication control of the tree synthesiser.</param>
/// <param name="Length">Longest combination the aggregate-seeded mechanism measures.</param>
/// <param name="Threshold">The owner's reporting threshold (aggregate-seeded: a published count is at least this).</param>
public sealed record SynthesisPlan(Mechanism Mechanism, Fabrication Fabrication, int Length = 3, long Threshold = 10)
{
    /// <summary>The tree synthesiser with a fabrication mode.</summary>
    public static SynthesisPlan TreeWith(Fabrication fabrication) => new(Mechanism.Tree, fabrication);
}

/// <summary>
/// A release's synthesis from a contribution-bounded table: the categories of columns without a declared domain are
/// selected privately (<see cref="CategorySelection"/>, <see cref="SelectionShare"/> of ρ and <see cref="SelectionDeltaShare"/>
/// of δ), every value outside a column's domain becomes <see cref="CaseTable.Other"/>, and the plan's mechanism (the tree
/// synthesiser, or aggregate-seeded synthesis) spends the rest of ρ. Pure: noise and sampling come from the sources given.
/// </summary>
public static class PrivateSynthesis
{
    /// <summary>Share of ρ that selects the categories of undeclared columns (on 2,000 toy rows at ε = 1, mean 2-way TVD 0.080 with
    /// 10 %, 0.052 with 20 %, 0.052 with 30 %, which leaves less for the model).</summary>
    public const double SelectionShare = 0.2;

    /// <summary>Share of the release's δ that selection uses up outright: small, since it adds up across releases and the
    /// threshold grows only with its logarithm.</summary>
    public const double SelectionDeltaShare = 0.01;

    /// <summary>
    /// The ρ and the δ used up outright of a release at (<paramref name="epsilon"/>, <paramref name="delta"/>): with
    /// <paramref name="selects"/>, selection takes its share of δ and the rest converts ρ to ε.
    /// </summary>
    public static (double Rho, double Delta) Cost(double epsilon, double delta, bool selects)
    {
        var outright = selects ? delta * SelectionDeltaShare : 0;
        return (Zcdp.RhoFor(epsilon, delta - outright), outright);
    }

    /// <summary>Selects, recodes, fits and samples as many records as the model's noisy total, spending <paramref name="rho"/>
    /// (and <paramref name="delta"/> when a column is undeclared).</summary>
    /// <param name="bounded">The contribution-bounded table.</param>
    /// <param name="bound">What bounding did (the sensitivity).</param>
    /// <param name="declared">Per column, its declared categories, or null to select them.</param>
    /// <param name="rho">ρ of the release.</param>
    /// <param name="delta">δ used up outright by selection (from <see cref="Cost"/>).</param>
    /// <param name="noise">Noise for every measurement.</param>
    /// <param name="sampling">Randomness for allocating records (post-processing).</param>
    /// <param name="plan">The mechanism and its settings.</param>
    /// <param name="closed">Per column, whether its declared domain holds every value it can have (no (other)); null for none.</param>
    /// <exception cref="ArgumentException">Not one entry of <paramref name="declared"/> per column.</exception>
    public static SynthesisResult Run(CaseTable bounded, BoundingReport bound, IReadOnlyList<IReadOnlyList<string>?> declared, double rho, double delta,
        ExactSampler noise, RandomSource sampling, SynthesisPlan plan, IReadOnlyList<bool>? closed = null)
    {
        if (declared.Count != bounded.Columns.Count) throw new ArgumentException($"{declared.Count} domains for {bounded.Columns.Count} columns", nameof(declared));
        var undeclared = Enumerable.Range(0, declared.Count).Where(c => declared[c] is null).ToList();
        var selection = undeclared.Count > 0 ? CategorySelection.Select(bounded, undeclared, bound, rho * SelectionShare, delta, noise) : null;
        // A blank is not a value of anyone's: (unknown) is in every selected domain whatever the data, so it costs nothing.
        var domains = Enumerable.Range(0, declared.Count)
            .Select(c => declared[c] ?? [.. selection!.Values[undeclared.IndexOf(c)].Where(v => v != CaseTable.Unknown), CaseTable.Unknown]).ToList();
        var released = bounded.Recode(domains, closed: closed);
        var left = rho - (selection?.Rho ?? 0);
        if (plan.Mechanism == Mechanism.Aggregates)
        {
            var seeding = new AggregateSynthesizer(noise, sampling);
            var seeded = seeding.Fit(released, bound, left, plan.Length, plan.Threshold);
            return new SynthesisResult(released, null, seeded, null, selection, seeding.Sample(seeded, released, Rows(seeded.NoisyRows)));
        }
        if (plan.Mechanism == Mechanism.Adaptive)
        {
            var adaptive = new AdaptiveSynthesizer(noise, sampling, plan.Fabrication).Fit(released, bound, left);
            return new SynthesisResult(released, null, null, adaptive, selection, adaptive.Records);
        }
        var synthesizer = new TreeSynthesizer(noise, sampling, plan.Fabrication);
        var model = synthesizer.Fit(released, bound, left);
        return new SynthesisResult(released, model, null, null, selection, synthesizer.Sample(model, Rows(model.NoisyRows)));
    }

    private static int Rows(double noisy) => (int)Math.Max(0, Math.Round(noisy));
}
