using System.Diagnostics;
using Minerva.Generator;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;
using Minerva.Privacy.Synthesis;

namespace Minerva.Benchmarks;

/// <summary>
/// A private release of N generated case rows (12 attributes, ages binned) at δ = 1e-6: time, memory and utility, at ε = 1
/// in the two ways a column's categories can be known, and with declared categories at ε = 0.5, 2 and 4; then the
/// aggregate-seeded mechanism with declared categories at ε = 0.5, 1, 2 and 4. Declared: every column's code list (ages by their bins, years
/// 2002–2024, the rest from connectors/domains/ctdc-victim-perpetrator.csv). Selected: only ages and years declared, the
/// other columns' categories selected privately, as the CLI does for a column without a code list. Utility is measured
/// against the real values, those released as (other) included.
/// </summary>
internal static class ReleaseBenchmark
{
    public static void Run(int rows, string work)
    {
        var file = Path.Combine(work, $"cases-{rows}.csv");
        CaseGenerator.Write(file, rows, 42, []);
        var lines = File.ReadAllLines(file);
        var header = lines[0].Split(',');
        var ages = NumericBins.Parse(CaseGenerator.AgeBins);
        var records = lines.Skip(1).Select(l => (IReadOnlyDictionary<string, string?>)header.Zip(l.Split(','))
            .ToDictionary(p => p.First, p => p.First == ages.Column ? ages.Label(p.Second, out _) : (string?)p.Second)).ToList();
        var dictionary = File.ReadLines(Path.Combine(RepoRoot(), "connectors", "domains", "ctdc-victim-perpetrator.csv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1).Select(l => l.Split(',', 2))
            .GroupBy(p => p[0], p => p[1]).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g, CaseTable.Unknown]);
        foreach (var (mode, epsilon, mechanism) in new[]
                 {
                     ("declared", 1.0, Mechanism.Tree), ("selected", 1.0, Mechanism.Tree), ("declared", 0.5, Mechanism.Tree), ("declared", 2.0, Mechanism.Tree),
                     ("declared", 4.0, Mechanism.Tree), ("declared", 0.5, Mechanism.Aggregates), ("declared", 1.0, Mechanism.Aggregates),
                     ("declared", 2.0, Mechanism.Aggregates), ("declared", 4.0, Mechanism.Aggregates),
                 })
        {
            var watch = Stopwatch.StartNew();
            var table = CaseTable.From(records, [.. CaseGenerator.Columns.Where(c => c != "phone")], "victimId");
            var (bounded, bound) = ContributionBound.Apply(table, 2, RandomSource.Cryptographic);
            var declared = table.Columns.Select(c => c == ages.Column ? [.. ages.Labels, CaseTable.Unknown]
                : mode == "declared" || c == "year" ? dictionary[c] : null).ToList();
            var (rho, delta) = PrivateSynthesis.Cost(epsilon, 1e-6, selects: declared.Any(d => d is null));
            var result = PrivateSynthesis.Run(bounded, bound, declared, rho, delta, new ExactSampler(RandomSource.Cryptographic), RandomSource.Cryptographic,
                new SynthesisPlan(mechanism, Fabrication.Balanced, 3, 10));
            var synthetic = result.Synthetic;
            var aggregates = result.Seeded?.Aggregates.ToList() ?? Aggregates.Count(synthetic, table.Columns.Count, 3, 10);
            // The scorer on the aggregates, as released (a real value outside the domain counts as (other)).
            var sensitive = Aggregates.Count(result.Released.Rows, table.Columns.Count, 3, 1);
            var scored = Aggregates.Compare(Aggregates.AtLeast(sensitive, 10), aggregates, Aggregates.Keys(sensitive));
            var seconds = watch.Elapsed.TotalSeconds;
            var truth = bounded.Recode(result.Released.Categories, keepOutside: true);
            var outside = truth.Rows.Count(r => r.Where((code, c) => code >= result.Released.Categories[c].Count - 1).Any());
            var process = Process.GetCurrentProcess();
            Console.WriteLine($"release ({mechanism.ToString().ToLowerInvariant()}, {mode} categories): {rows:N0} rows × {table.Columns.Count} attributes ({bound.RowsDropped:N0} dropped by bounding), ε = {epsilon}, length 3: " +
                              $"{seconds:N1} s, {aggregates.Count:N0} aggregates; peak working set {process.PeakWorkingSet64 / 1e6:N0} MB");
            Console.WriteLine($"  mean TVD 1-way {Utility.MeanTvd(truth, synthetic, 1):0.0000}, 2-way {Utility.MeanTvd(truth, synthetic, 2):0.0000}, " +
                              $"3-way {Utility.MeanTvd(truth, synthetic, 3):0.0000}; rows with a value released as (other) {outside:N0}" +
                              (result.Selection is { } s ? $" (selection threshold {s.Threshold:N0} noisy rows)" : ""));
            Console.WriteLine("  aggregates (threshold 10) by length: " + string.Join("; ", scored.Select(c =>
                $"{c.Length}: {c.Suppressed:P1} suppressed, {c.Fabricated:P1} fabricated")));
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Minerva.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run the benchmarks from inside the repository");
    }
}
