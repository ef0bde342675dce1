using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Synthesis;

namespace Minerva.App.Releasing;

/// <summary>The files of a release: synthetic records, aggregates, the manifest, and the data owner's utility report.</summary>
internal static class ReleaseFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes synthetic.csv and aggregates.csv; returns each file with its SHA-256.</summary>
    public static IReadOnlyList<(string File, string Sha256)> Write(string folder, CaseTable table, int[][] synthetic, IReadOnlyList<Combination> aggregates)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', table.Columns.Select(CsvField.Escape)));
        foreach (var row in synthetic)
            csv.AppendLine(string.Join(',', row.Select((code, c) => CsvField.Escape(Label(table, c, code)))));
        var agg = new StringBuilder("selections,count\n");
        foreach (var a in aggregates) agg.Append(CsvField.Escape(a.Describe(table))).Append(',').Append(a.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return [Save(folder, "synthetic.csv", csv.ToString()), Save(folder, "aggregates.csv", agg.ToString())];
    }

    /// <summary>Writes manifest.json; returns its SHA-256 (recorded in the ledger).</summary>
    public static string Manifest(string folder, ReleaseOptions o, Minerva.Storage.PrivacySpend spend, double rho, BoundingReport bound, CaseTable table,
        SynthesisResult result, bool deterministic, IReadOnlyList<(string File, string Sha256)> files, IReadOnlyList<(NumericBins Bins, int NotNumbers)> binning,
        IReadOnlyDictionary<string, ReleaseDomain> domains)
    {
        var selection = result.Selection;
        var manifest = new
        {
            software = $"minerva {typeof(ReleaseFiles).Assembly.GetName().Version}",
            created = DateTimeOffset.UtcNow,
            dataset = o.Dataset,
            ledger_entry = spend.Id,
            // The ledger's chain hash once this spend was recorded: a ledger rewritten later cannot match it.
            ledger_chain_hash = spend.ChainHash,
            privacy = new
            {
                rho, delta_outright = selection?.Delta ?? 0, epsilon = o.Epsilon, delta = o.Delta,
                epsilon_check = Zcdp.Epsilon(result.Rho, o.Delta - (selection?.Delta ?? 0)),
                definition = "approximate zero-concentrated DP (ρ, and δ used up outright by selecting categories); (ε, δ) by the conversion of " +
                             "Canonne, Kamath and Steinke (2020) at δ less what was used up outright",
                unit = table.VictimsFromColumn
                    ? $"victim (column '{o.VictimColumn}'); at most {bound.MaxRowsPerVictim} rows per victim, sampled uniformly"
                    : $"row: no '{o.VictimColumn}' column, so victims cannot be told apart and each row is protected on its own; " +
                      "a victim in n rows is protected only as a group of n (about n·ε) — add a victim id column for victim-level protection",
                l2_sensitivity = bound.L2Sensitivity,
                domain = "each column's categories are declared (a code list, or the bins of a numeric column) or selected privately: a category the " +
                         "records have is kept only when its count plus discrete Gaussian noise passes the threshold below; every other value is released as " +
                         CaseTable.Other,
                category_selection = selection is null ? null : new
                {
                    rho = selection.Rho, delta = selection.Delta, sigma2 = selection.Sigma2, threshold = selection.Threshold,
                },
            },
            domains = domains.ToDictionary(d => d.Key, d => new { source = d.Value.Source, categories = d.Value.Categories }),
            mechanism = result switch
            {
                { Tree: { } model } => (object)new
                {
                    name = TreeName,
                    noise = Noise(deterministic),
                    split = (selection is null ? "" : SelectionSplit + "; of the rest, ") + TreeSplit,
                    fabrication = o.FabricationName,
                    one_way_sigma2 = model.OneWay.Select(m => m.Sigma2).FirstOrDefault(),
                    two_way_sigma2 = model.TwoWay.Select(m => m.Sigma2).FirstOrDefault(),
                    tree = model.Edges.Select(e => new[] { table.Columns[e.A], table.Columns[e.B] }),
                },
                { Adaptive: { } adaptive } => new
                {
                    name = "adaptive (AIM-style): the " + TreeName + "; then, round by round, the pair or triple of columns the records get most wrong " +
                           "chosen by the exponential mechanism and measured with discrete Gaussian noise, the budget annealed, the records refitted to every measurement (gradual update)",
                    noise = Noise(deterministic),
                    split = (selection is null ? "" : SelectionSplit + "; of the rest, ") +
                            $"{AdaptiveSynthesizer.TreeShare:P0} the tree ({TreeSplit}), the rest the rounds (90 % of each round measures, 10 % selects)",
                    fabrication = o.FabricationName,
                    tree = adaptive.Tree.Edges.Select(e => new[] { table.Columns[e.A], table.Columns[e.B] }),
                    rounds = adaptive.Chosen.Select(m => new { columns = m.Marginal.Columns.Select(c => table.Columns[c]), sigma2 = m.Sigma2 }),
                },
                _ => new
                {
                    name = "aggregate-seeded (as the Synthetic Data Showcase offers): every combination of 1 to length columns over the released domains " +
                           "counted with noise and published when its noisy count reaches the thresholds below; the synthetic records are made from the " +
                           "published aggregates alone (drawn from the one-way counts, fitted to every published table)",
                    noise = Noise(deterministic),
                    split = (selection is null ? "" : SelectionSplit + "; the rest ") +
                            "split evenly between lengths, and within a length between column sets",
                    sigma2_by_length = result.Seeded!.Sigma2ByLength,
                    threshold_by_length = result.Seeded.Thresholds,
                },
            },
            test_mode = deterministic ? new { seed = o.TestSeed, warning = "reproducible noise: NOT private, for tests only" } : null,
            parameters = new
            {
                length = o.Length, threshold = o.Threshold, columns = table.Columns, max_rows_per_victim = o.MaxRowsPerVictim,
                fabrication = o.FabricationName, mechanism = o.MechanismName,
                population = o.FromNetwork
                    ? $"case records whose own selectors reach an entity of other sources, resolved without the case records; {NetworkPopulation.Column}: the records those entities hold, in bands 1, 2–5, 6–20, 21+"
                    : "every case record",
                bins = binning.ToDictionary(b => b.Bins.Column, b => b.Bins.Edges), // counts of values that were not numbers are exact: report only
            },
            // The exact counts of bounding (victims, rows kept, dropped, capped) are not published: an exact count breaks
            // add/remove neighbours, and treating it as public would halve the charge. They are in the owner's report.
            contribution_bounding = new { max_rows_per_victim = bound.MaxRowsPerVictim, l2_sensitivity = bound.L2Sensitivity },
            aggregates = result.Seeded is null
                ? $"counted from the synthetic records, so their privacy is the synthetic records' (ε above); the threshold of {o.Threshold} " +
                  "hides small counts of those records and adds no protection of its own"
                : $"noisy counts of the sensitive records (the measurements themselves), published when at least {o.Threshold} and at least " +
                  $"{AggregateSynthesizer.NoiseThresholdInSigmas} σ of their length's noise (threshold_by_length); a combination under it is not published",
            files = files.Select(f => new { file = f.File, sha256 = f.Sha256 }),
        };
        return Save(folder, "manifest.json", JsonSerializer.Serialize(manifest, Indented)).Sha256;
    }

    /// <summary>Writes utility-report.json and utility-report.html into <paramref name="folder"/> — the owner's, never the
    /// release's: they describe the sensitive data (exact counts, rare combinations).</summary>
    public static void Report(string folder, ReleaseOptions o, BoundingReport bound, int syntheticRows, double[] tvd,
        IReadOnlyList<(int Length, double Suppressed, double Fabricated, double MeanAbsoluteError)> comparison, IReadOnlyList<MicrodataComparison> microdata,
        IReadOnlyList<(NumericBins Bins, int NotNumbers)> binning, int unlinked, IReadOnlyDictionary<string, int> outsideDomain)
    {
        var sensitiveRows = bound.RowsKept;
        var report = new
        {
            warning = "FOR THE DATA OWNER ONLY: computed from the sensitive records; do not publish",
            contribution_bounding = bound,
            sensitive_rows = sensitiveRows, synthetic_rows = syntheticRows, record_expansion = sensitiveRows == 0 ? 0 : (double)syntheticRows / sensitiveRows,
            mean_tvd = new { one_way = tvd[0], two_way = tvd[1], three_way = tvd[2] },
            by_length = comparison.Select(c => new { length = c.Length, suppressed = c.Suppressed, fabricated = c.Fabricated, mean_absolute_error = c.MeanAbsoluteError }),
            threshold = o.Threshold,
            fabrication_mode = o.FabricationName,
            binned_values_not_numbers = binning.ToDictionary(b => b.Bins.Column, b => b.NotNumbers),
            // Rows whose value is outside the column's declared or selected categories: released as (other), so rare values
            // are not published — and lost to the release, as the TVD above counts them.
            rows_released_as_other = outsideDomain,
            cases_outside_any_network = o.FromNetwork ? unlinked : (int?)null,
            synthetic_records_by_length = microdata.Select(m => new
            {
                length = m.Length, preserved = m.Preserved, fabricated = m.Fabricated, rare_leaked = m.RareLeaked, rare_combinations = m.RareCombinations,
            }),
            definitions = new
            {
                aggregates = (o.Mechanism == Mechanism.Aggregates
                    ? $"noisy counts of the sensitive combinations, published when at least {o.Threshold} and above the noise threshold of their length"
                    : $"combinations counted from the synthetic records, released when at least {o.Threshold}") + "; suppressed: sensitive combinations at or above the threshold that are not released; fabricated: released combinations no sensitive record has",
                synthetic_records = "every combination in the records whatever its count; preserved: share of sensitive combinations present; fabricated: share of synthetic combinations no sensitive record has",
                rare_leaked = $"share of sensitive combinations with fewer than {o.Threshold} records (the ones that could single a victim out) that appear in the synthetic records",
            },
        };
        Save(folder, "utility-report.json", JsonSerializer.Serialize(report, Indented));
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Minerva release utility report</title>")
            .Append("<style>body{font-family:sans-serif;max-width:52em;margin:2em auto}td,th{padding:.2em .8em;text-align:right}</style></head><body>")
            .Append("<p style=\"color:#a00\"><strong>For the data owner only.</strong> This report is computed from the sensitive records; do not publish it.</p>")
            .Append(CultureInfo.InvariantCulture, $"<h1>Utility of release ε = {o.Epsilon}, δ = {o.Delta}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{sensitiveRows:N0} sensitive rows after contribution bounding; {syntheticRows:N0} synthetic records.</p>")
            .Append("<h2>Rows whose value is released as ").Append(WebUtility.HtmlEncode(CaseTable.Other))
            .Append(" (outside the declared or selected categories)</h2><table><tr><th>column</th><th>rows</th></tr>");
        foreach (var (column, rows) in outsideDomain)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{WebUtility.HtmlEncode(column)}</td><td>{rows:N0}</td></tr>");
        html.Append("</table>")
            .Append("<h2>Mean total-variation distance of k-way marginals</h2>").Append(Bars(tvd.Select((v, i) => ($"{i + 1}-way", v)).ToList()))
            .Append("<h2>Aggregates by combination length</h2><table><tr><th>length</th><th>suppressed</th><th>fabricated</th><th>mean abs. error</th></tr>");
        foreach (var c in comparison)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{c.Length}</td><td>{c.Suppressed:P1}</td><td>{c.Fabricated:P1}</td><td>{c.MeanAbsoluteError:0.0}</td></tr>");
        html.Append(CultureInfo.InvariantCulture, $"</table><p>{(o.Mechanism == Mechanism.Aggregates
                ? $"Noisy counts published when at least {o.Threshold} and above their length's noise threshold."
                : $"Released when at least {o.Threshold} synthetic records share the combination.")}</p>")
            .Append("<h2>Synthetic records by combination length</h2><p>Every combination, whatever its count. Rare: fewer than ")
            .Append(CultureInfo.InvariantCulture, $"{o.Threshold} sensitive records — the ones that could single a victim out. Fabrication control: {o.FabricationName}.</p>")
            .Append("<table><tr><th>length</th><th>preserved</th><th>fabricated</th><th>rare leaked</th><th>rare combinations</th></tr>");
        foreach (var m in microdata)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{m.Length}</td><td>{m.Preserved:P1}</td><td>{m.Fabricated:P1}</td><td>{m.RareLeaked:P1}</td><td>{m.RareCombinations:N0}</td></tr>");
        html.Append("</table><h2>Preserved and fabricated by length</h2>")
            .Append(Bars([.. microdata.SelectMany(m => new[] { ($"{m.Length} kept", m.Preserved), ($"{m.Length} made", m.Fabricated) })]))
            .Append("</body></html>");
        Save(folder, "utility-report.html", html.ToString());
    }

    private static string Bars(IReadOnlyList<(string Label, double Value)> bars)
    {
        var max = Math.Max(0.05, bars.Max(b => b.Value));
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"420\" height=\"{bars.Count * 28 + 10}\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var width = 300 * bars[i].Value / max;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{i * 28 + 22}\">{WebUtility.HtmlEncode(bars[i].Label)}</text>")
               .Append(CultureInfo.InvariantCulture, $"<rect x=\"60\" y=\"{i * 28 + 8}\" width=\"{width:0.0}\" height=\"18\" fill=\"#47a\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{66 + width:0.0}\" y=\"{i * 28 + 22}\">{bars[i].Value:0.0000}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The tree synthesiser, as the manifest names it (the adaptive mechanism starts from it).</summary>
    private const string TreeName = "tree synthesiser (MST-style): noisy one-way marginals, a forest of column pairs selected by the exponential mechanism, " +
                                    "noisy two-way marginals, made consistent (simplex projection, proportional fitting) and allocated by systematic sampling";

    /// <summary>How the tree synthesiser splits its ρ.</summary>
    private const string TreeSplit = "20 % one-way, up to 10 % selection of pairs (one step per pair chosen), the rest two-way";

    /// <summary>What selecting categories takes, from the share the synthesis uses (a literal here once said 10 % while it took 20 %).</summary>
    private static string SelectionSplit => $"{PrivateSynthesis.SelectionShare:P0} of ρ selects the categories of undeclared columns";

    private static string Noise(bool deterministic) =>
        "exact discrete Gaussian (measurements) and discrete Laplace (selection) from " + (deterministic ? "a SEEDED TEST generator" : "the OS cryptographic generator");

    private static string Label(CaseTable table, int column, int code)
    {
        var label = table.Categories[column][code];
        return label == CaseTable.Unknown ? "" : label;
    }

    private static (string File, string Sha256) Save(string folder, string name, string content)
    {
        var bytes = new UTF8Encoding(false).GetBytes(content);
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
        return (name, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
