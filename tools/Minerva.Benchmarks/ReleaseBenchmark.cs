using System.Diagnostics;
using Minerva.Generator;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;
using Minerva.Privacy.Synthesis;

namespace Minerva.Benchmarks;

/// <summary>
/// Private releases of N generated case rows at δ = 1e-6, length 3, contribution bound 2: time, memory and utility by
/// mechanism and ε, on two shapes of data. "cases" is the generator the demo uses (12 attributes, ages binned; its
/// columns depend on each other about as a tree does). "patterns" is <see cref="PatternCaseGenerator"/> (14 attributes,
/// a mixture of trafficking patterns: every column depends on every other, three at a time, and citizenship has a long
/// tail). Declared: every column's code list (connectors/domains/ctdc-victim-perpetrator.csv for cases, the pattern
/// generator's own lists for patterns). Selected: only years (and ages) declared, the other columns' categories selected
/// privately, as the CLI does for a column without a code list. Utility is measured against the real values, those
/// released as (other) included. Each shape first prints how far a second sample of its generator is from the first:
/// the error of a perfect model of the population.
/// </summary>
internal static class ReleaseBenchmark
{
    public static void Run(int rows, string work, string? only)
    {
        foreach (var shape in new[] { "cases", "patterns" }.Where(s => only is null || only == s))
        {
            var (table, declared) = Load(shape, rows, work, 42);
            var (second, _) = Load(shape, rows, work, 43);
            var (first, recoded) = (table.Recode(declared), second.Recode(declared)); // the same codes in both
            Console.WriteLine($"{shape}: {table.Rows.Count:N0} rows × {table.Columns.Count} attributes, {table.Categories.Sum(c => c.Count)} values; a second sample of " +
                              $"the generator: 2-way TVD {Utility.MeanTvd(first, recoded.Rows, 2):0.0000}, 3-way {Utility.MeanTvd(first, recoded.Rows, 3):0.0000}");
            var runs = new List<(string Mode, double Epsilon, Mechanism Mechanism)>();
            foreach (var mechanism in new[] { Mechanism.Tree, Mechanism.Adaptive, Mechanism.Aggregates })
                foreach (var epsilon in new[] { 0.5, 1, 2, 4 }) runs.Add(("declared", epsilon, mechanism));
            runs.Add(("selected", 1, Mechanism.Tree));
            runs.Add(("selected", 1, Mechanism.Adaptive));
            foreach (var (mode, epsilon, mechanism) in runs) Release(table, mode == "declared" ? (IReadOnlyList<IReadOnlyList<string>?>)declared : Selected(table, declared), mode, epsilon, mechanism);
        }
    }

    private static (CaseTable Table, List<IReadOnlyList<string>> Declared) Load(string shape, int rows, string work, int seed)
    {
        var file = Path.Combine(work, $"{shape}-{rows}-{seed}.csv");
        if (shape == "cases") CaseGenerator.Write(file, rows, seed, []);
        else PatternCaseGenerator.Write(file, rows, seed);
        var lines = File.ReadAllLines(file);
        var header = lines[0].Split(',');
        var ages = NumericBins.Parse(CaseGenerator.AgeBins);
        var binned = shape == "cases";
        var records = lines.Skip(1).Select(l => (IReadOnlyDictionary<string, string?>)header.Zip(l.Split(','))
            .ToDictionary(p => p.First, p => binned && p.First == ages.Column ? ages.Label(p.Second, out _) : (string?)p.Second)).ToList();
        if (shape == "cases")
        {
            var dictionary = File.ReadLines(Path.Combine(RepoRoot(), "connectors", "domains", "ctdc-victim-perpetrator.csv"))
                .Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1).Select(l => l.Split(',', 2))
                .GroupBy(p => p[0], p => p[1]).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g, CaseTable.Unknown]);
            var table = CaseTable.From(records, [.. CaseGenerator.Columns.Where(c => c != "phone")], "victimId");
            return (table, [.. table.Columns.Select(c => c == ages.Column ? [.. ages.Labels, CaseTable.Unknown] : dictionary[c])]);
        }
        var patterns = CaseTable.From(records, PatternCaseGenerator.Columns, "victimId");
        return (patterns, [.. patterns.Columns.Select(c => (IReadOnlyList<string>)[.. PatternCaseGenerator.Domains[c], CaseTable.Unknown])]);
    }

    /// <summary>Only the columns whose code lists an owner always has (years, age bands) declared.</summary>
    private static IReadOnlyList<IReadOnlyList<string>?> Selected(CaseTable table, List<IReadOnlyList<string>> declared) =>
        [.. table.Columns.Select((c, i) => c is "year" or "age" or "ageBroad" ? declared[i] : null)];

    private static void Release(CaseTable table, IReadOnlyList<IReadOnlyList<string>?> declared, string mode, double epsilon, Mechanism mechanism)
    {
        var watch = Stopwatch.StartNew();
        var (bounded, bound) = ContributionBound.Apply(table, 2, RandomSource.Cryptographic);
        var (rho, delta) = PrivateSynthesis.Cost(epsilon, 1e-6, selects: declared.Any(d => d is null));
        var result = PrivateSynthesis.Run(bounded, bound, declared, rho, delta, new ExactSampler(RandomSource.Cryptographic), RandomSource.Cryptographic,
            new SynthesisPlan(mechanism, Fabrication.Balanced, 3, 10));
        var seconds = watch.Elapsed.TotalSeconds;
        var synthetic = result.Synthetic;
        var aggregates = result.Seeded?.Aggregates.ToList() ?? Aggregates.Count(synthetic, table.Columns.Count, 3, 10);
        // The scorer on the aggregates, as released (a real value outside the domain counts as (other)).
        var sensitive = Aggregates.Count(result.Released.Rows, table.Columns.Count, 3, 1);
        var scored = Aggregates.Compare(Aggregates.AtLeast(sensitive, 10), aggregates, Aggregates.Keys(sensitive));
        var truth = bounded.Recode(result.Released.Categories, keepOutside: true);
        var outside = truth.Rows.Count(r => r.Where((code, c) => code >= result.Released.Categories[c].Count - 1).Any());
        var rounds = result.Adaptive is { } a ? $", {a.Chosen.Count} rounds" : "";
        Console.WriteLine($"  {mechanism.ToString().ToLowerInvariant()}, {mode} categories, ε = {epsilon}: {seconds:N1} s{rounds}, " +
                          $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB ({bound.RowsDropped:N0} rows dropped by bounding)");
        Console.WriteLine($"    mean TVD 1-way {Utility.MeanTvd(truth, synthetic, 1):0.0000}, 2-way {Utility.MeanTvd(truth, synthetic, 2):0.0000}, " +
                          $"3-way {Utility.MeanTvd(truth, synthetic, 3):0.0000}; rows with a value released as (other) {outside:N0}" +
                          (result.Selection is { } s ? $" (selection threshold {s.Threshold:N0} noisy rows)" : ""));
        Console.WriteLine("    aggregates (threshold 10) by length: " + string.Join("; ", scored.Select(c =>
            $"{c.Length}: {c.Suppressed:P1} suppressed, {c.Fabricated:P1} fabricated")));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Minerva.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run the benchmarks from inside the repository");
    }
}
