using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;
using Minerva.Privacy.Synthesis;

namespace Minerva.Privacy.Tests;

/// <summary>The tree synthesiser on generated CTDC-shaped cases (15,000 rows, 11 attributes) at ε = 1, δ = 10⁻⁶.</summary>
public sealed class TreeSynthesizerTests
{
    private const int Seed = 17;

    private static CaseTable GeneratedCases()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"minerva-cases-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "cases.csv");
            Generator.CaseGenerator.Write(file, 15_000, Seed, []);
            var lines = File.ReadAllLines(file);
            var header = lines[0].Split(',');
            var rows = lines.Skip(1).Select(l => (IReadOnlyDictionary<string, string?>)header.Zip(l.Split(',')).ToDictionary(p => p.First, p => (string?)p.Second));
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
        Assert.Equal(table.Columns.Count - 1, model.Edges.Count);
        var synthetic = synthesizer.Sample(model, bounded.Rows.Count);
        var tvd2 = Utility.MeanTvd(bounded, synthetic, 2);
        var independent = Utility.MeanTvd(bounded, synthesizer.Sample(model with { Edges = [], TwoWay = [] }, bounded.Rows.Count), 2);
        Assert.True(tvd2 < independent, $"seed {Seed}: tree {tvd2:0.0000} vs independent columns {independent:0.0000}");
        Assert.True(tvd2 <= 0.05, $"seed {Seed}: mean 2-way TVD {tvd2:0.0000}");
    }
}
