using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;
using Minerva.Privacy.Synthesis;
using Minerva.Testing;

namespace Minerva.Privacy.Tests;

/// <summary>
/// The tree synthesiser at ε = 1, δ = 10⁻⁶ on generated CTDC-shaped cases (15,000 rows, 12 attributes, victim ids, ages binned)
/// and on the toy file (2,000 rows, 10 attributes, no victim id: each row its own unit). The issue's target is a
/// mean 2-way TVD of at most 0.03; runs are seeded, so each assertion is about fixed numbers.
/// </summary>
public sealed class TreeSynthesizerTests
{
    private const int Seed = 17;

    internal static CaseTable GeneratedCases()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"minerva-cases-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "cases.csv");
            Generator.CaseGenerator.Write(file, 15_000, Seed, []);
            var lines = File.ReadAllLines(file);
            var header = lines[0].Split(',');
            var ages = NumericBins.Parse(Generator.CaseGenerator.AgeBins);
            var rows = lines.Skip(1).Select(l => (IReadOnlyDictionary<string, string?>)header.Zip(l.Split(','))
                .ToDictionary(p => p.First, p => p.First == ages.Column ? ages.Label(p.Second, out _) : (string?)p.Second));
            return CaseTable.From(rows.ToList(), [.. Generator.CaseGenerator.Columns.Where(c => c != "phone")], "victimId");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Spends_exactly_its_rho_and_keeps_pairwise_distributions_close()
    {
        var table = GeneratedCases();
        var (bounded, bound) = ContributionBound.Apply(table, 2, RandomSource.Seeded(Seed));
        var rho = Zcdp.RhoFor(1, 1e-6);
        var synthesizer = new TreeSynthesizer(new ExactSampler(RandomSource.Seeded(Seed)), RandomSource.Seeded(Seed + 1));
        var model = synthesizer.Fit(bounded, bound, rho);
        Assert.True(model.Rho <= rho * (1 + 1e-9) && model.Rho > rho * 0.999, $"spent {model.Rho} of {rho}");
        Assert.InRange(model.Edges.Count, 1, table.Columns.Count - 1);
        var synthetic = synthesizer.Sample(model, bounded.Rows.Count);
        var tvd2 = Utility.MeanTvd(bounded, synthetic, 2);
        var independent = Utility.MeanTvd(bounded, synthesizer.Sample(model with { Edges = [], TwoWay = [] }, bounded.Rows.Count), 2);
        Assert.True(tvd2 < independent, $"seed {Seed}: tree {tvd2:0.0000} vs independent columns {independent:0.0000}");
        Assert.True(tvd2 <= 0.03, $"seed {Seed}: mean 2-way TVD {tvd2:0.0000}");
    }

    [Fact]
    public void Keeps_pairwise_distributions_of_the_toy_file_within_the_target()
    {
        var table = ToyFile();
        var tvds = Enumerable.Range(0, 5).Select(run =>
        {
            var (bounded, bound) = ContributionBound.Apply(table, 2, RandomSource.Seeded(Seed + run));
            Assert.Equal(1, bound.L2Sensitivity); // no victim column: one row per unit
            var synthesizer = new TreeSynthesizer(new ExactSampler(RandomSource.Seeded(Seed + run)), RandomSource.Seeded(Seed + run + 100));
            var model = synthesizer.Fit(bounded, bound, Zcdp.RhoFor(1, 1e-6));
            return Utility.MeanTvd(bounded, synthesizer.Sample(model, bounded.Rows.Count), 2);
        }).ToList();
        Assert.True(tvds.Average() <= 0.03, $"mean 2-way TVD over 5 runs {tvds.Average():0.0000} ({string.Join(", ", tvds.Select(t => t.ToString("0.0000")))})");
    }

    /// <summary>Stricter fabrication control trades made-up combinations for lost rare real ones.</summary>
    [Fact]
    public void Stricter_fabrication_modes_keep_fewer_noise_cells()
    {
        var table = GeneratedCases();
        var (bounded, bound) = ContributionBound.Apply(table, 2, RandomSource.Seeded(Seed));
        var existing = Aggregates.Existing(bounded.Rows, table.Columns.Count, 3);
        var results = Enum.GetValues<Fabrication>().Select(mode =>
        {
            var synthesizer = new TreeSynthesizer(new ExactSampler(RandomSource.Seeded(Seed)), RandomSource.Seeded(Seed + 1), mode);
            var model = synthesizer.Fit(bounded, bound, Zcdp.RhoFor(1, 1e-6));
            var made = Aggregates.Existing(synthesizer.Sample(model, bounded.Rows.Count), table.Columns.Count, 3);
            return (Mode: mode, Fabricated: made.Count(m => !existing.Contains(m)), Preserved: existing.Count(made.Contains));
        }).ToList();
        var text = string.Join("; ", results.Select(r => $"{r.Mode}: {r.Fabricated} fabricated, {r.Preserved} preserved"));
        Assert.True(results[0].Fabricated >= results[1].Fabricated, text);
        Assert.True(results[0].Fabricated > results[2].Fabricated, text);
        Assert.True(results[0].Preserved >= results[2].Preserved, text);
    }

    internal static CaseTable ToyFile()
    {
        var lines = File.ReadAllLines(RepoPaths.Sample("cases/victim_perpetrator_toy.csv"));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => (IReadOnlyDictionary<string, string?>)header.Zip(l.Split(','))
            .ToDictionary(p => p.First, p => p.Second.Length == 0 ? null : (string?)p.Second)).ToList();
        return CaseTable.From(rows, header, victimColumn: null);
    }
}
