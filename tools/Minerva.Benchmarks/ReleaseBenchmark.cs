using System.Diagnostics;
using Minerva.Generator;
using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;
using Minerva.Privacy.Synthesis;

namespace Minerva.Benchmarks;

/// <summary>A private release of N generated case rows (12 attributes, ages binned) at ε = 1, δ = 1e-6: time, memory and utility.</summary>
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
        var watch = Stopwatch.StartNew();
        var table = CaseTable.From(records, [.. CaseGenerator.Columns.Where(c => c != "phone")], "victimId");
        var (bounded, bound) = ContributionBound.Apply(table, 2, RandomSource.Cryptographic);
        var synthesizer = new TreeSynthesizer(new ExactSampler(RandomSource.Cryptographic), RandomSource.Cryptographic);
        var model = synthesizer.Fit(bounded, bound, Zcdp.RhoFor(1, 1e-6));
        var synthetic = synthesizer.Sample(model, bounded.Rows.Count);
        var aggregates = Aggregates.Count(synthetic, table.Columns.Count, 3, 10);
        var seconds = watch.Elapsed.TotalSeconds;
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"release: {rows:N0} rows × {table.Columns.Count} attributes ({bound.RowsDropped:N0} dropped by bounding), ε = 1, length 3: " +
                          $"{seconds:N1} s, {aggregates.Count:N0} aggregates; peak working set {process.PeakWorkingSet64 / 1e6:N0} MB");
        Console.WriteLine($"  mean TVD 1-way {Utility.MeanTvd(bounded, synthetic, 1):0.0000}, 2-way {Utility.MeanTvd(bounded, synthetic, 2):0.0000}, " +
                          $"3-way {Utility.MeanTvd(bounded, synthetic, 3):0.0000}");
    }
}
