using System.CommandLine;
using System.Text.Json;
using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;
using Minerva.Privacy.Synthesis;
using Minerva.Storage;
using Spectre.Console;

namespace Minerva.Cli.Commands.Release;

/// <summary>
/// <c>minerva release</c>: a differentially private release of case records — synthetic microdata, aggregates and a
/// manifest, with the spend recorded in the ledger before any noise is drawn.
/// </summary>
internal static class ReleaseCommand
{
    /// <summary>The victim column looked for when none is named.</summary>
    public const string DefaultVictimColumn = "victimId";

    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var epsilon = new Option<double>("--epsilon") { Description = "ε of this release", Required = true };
        var delta = new Option<double>("--delta") { Description = "δ of this release", DefaultValueFactory = _ => 1e-6 };
        var length = new Option<int>("--length") { Description = "Longest attribute combination in the aggregates", DefaultValueFactory = _ => 3 };
        length.AtLeast(1);
        var output = new Option<string>("--out", "-o") { Description = "Folder for the release's files (created; must be empty)", Required = true };
        var dataset = new Option<string>("--dataset", "-d") { Description = "Source of the case records", DefaultValueFactory = _ => "cases" };
        var columns = new Option<string?>("--columns") { Description = "Attributes to release, comma-separated (required: the error lists the candidates)" };
        var victim = new Option<string?>("--victim-column") { Description = "Column naming the victim, the privacy unit (default victimId; a column named and missing is an error)" };
        var unit = new Option<string?>("--unit") { Description = "victim (a victim column) or row (none: each row its own unit, a victim in n rows protected only as a group of n)" };
        unit.AcceptOnlyFromAmong("victim", "row");
        var report = new Option<string?>("--report") { Description = "Folder for the data owner's utility report (default: beside the workspace; never inside --out)" };
        var perVictim = new Option<int>("--max-rows-per-victim") { Description = "Rows kept per victim (sampled); the noise is calibrated to it", DefaultValueFactory = _ => 2 };
        perVictim.AtLeast(1);
        var threshold = new Option<long>("--threshold") { Description = "Aggregates below this count are suppressed", DefaultValueFactory = _ => 10 };
        var fabrication = new Option<Fabrication>("--fabrication")
        {
            Description = "How hard to avoid combinations no sensitive record has: allow (best fit), balanced, minimize (fewest made up, more rare real ones lost)",
            DefaultValueFactory = _ => Fabrication.Balanced,
        };
        var mechanism = new Option<Mechanism>("--mechanism")
        {
            Description = "tree (default: a forest of noisy column pairs; aggregates counted from its records), adaptive (the tree, then pairs and " +
                          "triples measured where its records are most wrong: better from ε = 2 on data with more than pairwise structure) or aggregates " +
                          "(every combination up to --length measured with noise and published above a noise threshold, records made from those " +
                          "aggregates: for owners who publish the aggregates)",
            DefaultValueFactory = _ => Mechanism.Tree,
        };
        var bins = new Option<string[]>("--bin")
        {
            Description = "Bin a numeric column by declared edges, e.g. --bin age=0,18,25,35,50,65 (repeat for more columns)",
            DefaultValueFactory = _ => [],
        };
        var domains = new Option<string[]>("--domain")
        {
            Description = "Declare a column's categories by a code list, one per line (--domain country=iso3166.txt), or many columns' by a CSV of " +
                          "column,value (--domain codes.csv); repeatable. Values outside are released as (other). A column without one has its " +
                          "categories selected privately (rare ones become (other))",
            DefaultValueFactory = _ => [],
        };
        var fromNetwork = new Option<bool>("--from-network")
        {
            Description = $"Release only the case records resolved into a network with ads or profiles, with its size ({NetworkPopulation.Column}) as an attribute",
        };
        var testSeed = new Option<int?>("--test-seed") { Description = "TEST ONLY: seeded, reproducible noise; refused unless the workspace was created with 'init --test-only'" };
        var command = new Command("release", "Differentially private synthetic data and aggregates of case records, with a manifest and a utility report")
        {
            epsilon, delta, length, output, dataset, columns, victim, unit, report, perVictim, threshold, fabrication, mechanism, bins, domains, fromNetwork, testSeed,
        };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var options = new ReleaseOptions(parse.GetValue(epsilon), parse.GetValue(delta), parse.GetValue(length), parse.GetValue(output)!,
                parse.GetValue(dataset)!, parse.GetValue(columns), parse.GetValue(victim) ?? DefaultVictimColumn, parse.GetValue(perVictim), parse.GetValue(threshold),
                parse.GetValue(fabrication), parse.GetValue(bins)!, parse.GetValue(fromNetwork), parse.GetValue(testSeed))
            {
                VictimColumnNamed = parse.GetValue(victim) is not null,
                Unit = parse.GetValue(unit),
                ReportFolder = parse.GetValue(report),
                Domains = parse.GetValue(domains)!,
                Mechanism = parse.GetValue(mechanism),
            };
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var result = ReleaseRun.Execute(workspace, options, terminal);
            if (parse.GetValue(g.Json)) terminal.Json(result);
            else
            {
                terminal.Out.MarkupLineInterpolated(
                    $"released {result.SyntheticRecords:N0} synthetic records and {result.Aggregates:N0} aggregates to {result.Folder}; spent ρ = {result.Rho:G4} (ε = {result.Epsilon:G4} at δ = {result.Delta:G3}); mean 2-way TVD {result.Tvd2:0.0000}; left ρ = {result.RemainingRho:G4}");
                terminal.Out.MarkupLineInterpolated($"utility report (for the data owner only, not part of the release): {result.ReportFolder}");
                foreach (var (column, share) in result.LostToOther)
                    terminal.Err.MarkupLineInterpolated(
                        $"[yellow]warning:[/] {share:P0} of the rows of '{column}' have a category too rare to be selected privately at this ε and are released as {CaseTable.Other}; declare its code list with --domain {column}=FILE");
                if (result.Unit == "row")
                    terminal.Err.MarkupLineInterpolated(
                        $"[yellow]warning:[/] no '{options.VictimColumn}' column, so each row is protected on its own: a victim in several rows is protected only as a group (see the manifest)");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary>The options of one release.</summary>
internal sealed record ReleaseOptions(double Epsilon, double Delta, int Length, string Folder, string Dataset, string? Columns, string VictimColumn,
    int MaxRowsPerVictim, long Threshold, Fabrication Fabrication, IReadOnlyList<string> Bins, bool FromNetwork, int? TestSeed)
{
    /// <summary>Whether the victim column was named on the command line (then it must exist).</summary>
    public bool VictimColumnNamed { get; init; }

    /// <summary>"victim", "row", or null (victim when the victim column exists, else an error).</summary>
    public string? Unit { get; init; }

    /// <summary>Where the owner's report goes, or null for beside the workspace.</summary>
    public string? ReportFolder { get; init; }

    /// <summary>Declared code lists: <c>COLUMN=FILE</c>, or <c>FILE</c> (a CSV of column,value).</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>How the release measures and synthesises.</summary>
    public Mechanism Mechanism { get; init; } = Mechanism.Tree;

    /// <summary>The fabrication mode as the command line and the release's files spell it.</summary>
    public string FabricationName => Fabrication.ToString().ToLowerInvariant();

    /// <summary>The mechanism as the command line and the release's files spell it.</summary>
    public string MechanismName => Mechanism.ToString().ToLowerInvariant();
}

/// <summary>What a release wrote; <paramref name="Unit"/> is "victim" or "row" (no victim column); <paramref name="LostToOther"/> the
/// columns whose private selection released over 5 % of rows as (other), with that share (for the owner's terminal only).</summary>
internal sealed record ReleaseResult(string Folder, long LedgerEntry, double Rho, double Epsilon, double Delta, int SyntheticRecords, int Aggregates,
    double Tvd1, double Tvd2, double Tvd3, double RemainingRho, string Unit, string ReportFolder, IReadOnlyList<ColumnLoss> LostToOther);

/// <summary>A selected column and the share of its rows released as (other).</summary>
internal sealed record ColumnLoss(string Column, double Share);

/// <summary>A released column's categories and where they came from ("bins", "code list FILE" or "selected").</summary>
internal sealed record ReleaseDomain(string Source, IReadOnlyList<string> Categories);

/// <summary>The release, step by step: validate, load, bound, spend (ledger), select categories, measure and synthesise, write, mark written.</summary>
internal static class ReleaseRun
{
    public static ReleaseResult Execute(IWorkspace workspace, ReleaseOptions o, Terminal terminal)
    {
        if (!(o.Epsilon > 0) || !double.IsFinite(o.Epsilon)) throw new UsageException($"--epsilon must be a positive number, not {o.Epsilon}");
        if (!(o.Delta > 0 && o.Delta < 1)) throw new UsageException($"--delta must be between 0 and 1, not {o.Delta}");
        if (o.Length is < 1 or > 4) throw new UsageException("--length must be 1 to 4");
        if (o.MaxRowsPerVictim < 1) throw new UsageException("--max-rows-per-victim must be at least 1");
        var folder = ReleaseFolders.CheckOutput(o.Folder);
        var reports = ReleaseFolders.CheckReport(o.ReportFolder, workspace.Location, folder);
        if (o.TestSeed is not null && !workspace.ForTestsOnly)
            throw new UsageException("--test-seed makes the noise reproducible, so the release is not private: it is refused except on a workspace " +
                                     "created for tests ('minerva init --test-only FILE')");
        var budget = workspace.GetBudget(o.Dataset)
            ?? throw new UsageException($"no privacy budget is set for '{o.Dataset}'; set one first: minerva budget --dataset {o.Dataset} --set-epsilon E --delta D");
        if (o.Delta > budget.Delta) throw new UsageException($"δ = {o.Delta} is larger than the budget's δ = {budget.Delta}");

        var cases = workspace.ScanRecords([o.Dataset], withPayload: true)
            .Select(r => (r.Record.Key, Payload: JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Record.RawPayload) ?? [])).ToList();
        if (cases.Count == 0) throw new UsageException($"no records of source '{o.Dataset}' in the workspace");
        var unlinked = 0;
        var payloads = o.FromNetwork ? NetworkPopulation.Linked(workspace, o.Dataset, cases, out unlinked) : cases.Select(c => c.Payload).ToList();
        if (payloads.Count == 0) throw new UsageException($"no record of '{o.Dataset}' is resolved into a network with records of other sources");
        var present = payloads.SelectMany(p => p.Keys).ToHashSet(StringComparer.Ordinal);
        var victimColumn = ReleaseColumns.Unit(o, present);
        var columns = ReleaseColumns.Chosen(o, payloads, present, victimColumn);
        var binning = ReleaseBinning.Apply(payloads, o.Bins, columns);
        ReleaseColumns.RefuseIdentifiers(payloads, columns, binning);
        var table = CaseTable.From(payloads, columns, victimColumn);
        var declaredByName = ReleaseDomains.Declared(o.Domains, columns, binning,
            o.FromNetwork ? [new DeclaredDomain(NetworkPopulation.Column, NetworkPopulation.Bands, "bands", Closed: true)] : []);
        var declared = columns.Select(c => declaredByName.GetValueOrDefault(c)).ToList(); // per column, or null: selected
        var undeclared = Enumerable.Range(0, columns.Count).Where(c => declared[c] is null).ToList();

        var noiseSource = o.TestSeed is { } seed ? RandomSource.Seeded(seed) : RandomSource.Cryptographic;
        var samplingSource = o.TestSeed is { } s2 ? RandomSource.Seeded(s2 + 1) : RandomSource.Cryptographic;
        var (bounded, bound) = ContributionBound.Apply(table, o.MaxRowsPerVictim, noiseSource);
        // Categories not declared are selected by a noisy threshold, which fails with probability δ_sel: that δ is used up
        // outright, and the rest of the release's δ converts its ρ to ε.
        var (rho, selectionDelta) = PrivateSynthesis.Cost(o.Epsilon, o.Delta, undeclared.Count > 0);
        // The spend is recorded before any noise is drawn: a crash after this line cannot give budget back.
        // The output folder is taken before the spend: a second release into it, or a path that cannot be written, is
        // refused while nothing has been spent.
        using var claim = ReleaseFolders.Claim(folder);
        var spend = workspace.TrySpend(o.Dataset, rho, selectionDelta, $"release ε={o.Epsilon} δ={o.Delta} length {o.Length} {o.MechanismName} → {folder}",
                        (spentRho, spentDelta) => new Budget(budget.Epsilon, budget.Delta, spentRho, spentDelta).Allows(rho, selectionDelta))
                    ?? throw new UsageException(Refusal(workspace, o.Dataset, budget, rho));
        var closed = declared.Select(d => d?.Closed == true).ToList();
        var result = PrivateSynthesis.Run(bounded, bound, declared.Select(d => d?.Values).ToList(),
            rho, selectionDelta, new ExactSampler(noiseSource), samplingSource, new SynthesisPlan(o.Mechanism, o.Fabrication, o.Length, o.Threshold), closed);
        var (released, selected, synthetic) = (result.Released, result.Selection, result.Synthetic);
        var domains = released.Categories;
        // Every combination is counted once, sensitive and synthetic; the threshold only filters. Aggregate-seeded, the
        // published aggregates are the measurements themselves, not counts of the synthetic records.
        var syntheticCombinations = Aggregates.Count(synthetic, columns.Count, o.Length, 1);
        var aggregates = result.Seeded?.Aggregates.ToList() ?? Aggregates.AtLeast(syntheticCombinations, o.Threshold);

        var files = ReleaseFiles.Write(folder, released, synthetic, aggregates);
        // The owner's report measures distributions against the real values, those outside the domains included: a value
        // released as (other) is a loss the report must show, not hide. Combinations are compared as released (a real value
        // outside the domain counts as (other)), so a synthetic (other) is not counted as made up when real rows have one.
        var truth = bounded.Recode(domains, keepOutside: true, closed);
        var tvd = Enumerable.Range(1, 3).Select(k => Utility.MeanTvd(truth, synthetic, k)).ToArray();
        var sensitiveCombinations = Aggregates.Count(released.Rows, columns.Count, o.Length, 1);
        var comparison = Aggregates.Compare(Aggregates.AtLeast(sensitiveCombinations, o.Threshold), aggregates, Aggregates.Keys(sensitiveCombinations));
        var domainNotes = Enumerable.Range(0, columns.Count).ToDictionary(c => columns[c], c => new ReleaseDomain(
            declared[c]?.Source ?? "selected", released.Categories[c]));
        var manifest = ReleaseFiles.Manifest(folder, o, spend, rho, bound, released, result, noiseSource.IsDeterministic, files, binning, domainNotes);
        var microdata = Aggregates.CompareMicrodata(sensitiveCombinations, syntheticCombinations, o.Threshold);
        var report = Directory.CreateDirectory(Path.Combine(reports, $"release-{spend.Id}")).FullName;
        var outside = Enumerable.Range(0, columns.Count).ToDictionary(c => columns[c], c => closed[c] ? 0 : truth.Rows.Count(r => r[c] >= released.Categories[c].Count - 1));
        ReleaseFiles.Report(report, o, bound, synthetic.Length, tvd, comparison, microdata, binning, unlinked, outside);
        workspace.MarkWritten(spend.Id, manifest);
        var left = Minerva.App.Ledger.State(budget, workspace.GetSpends(o.Dataset)).RemainingRho;
        // The owner is told (on their own terminal, never in the release) which selected columns lost much to (other).
        var lost = undeclared.Select(c => new ColumnLoss(columns[c], truth.Rows.Count == 0 ? 0 : outside[columns[c]] / (double)truth.Rows.Count))
            .Where(l => l.Share > 0.05).ToList();
        return new ReleaseResult(folder, spend.Id, rho, o.Epsilon, o.Delta, synthetic.Length, aggregates.Count, tvd[0], tvd[1], tvd[2], left,
            table.VictimsFromColumn ? "victim" : "row", report, lost);
    }

    private static string Refusal(IWorkspace workspace, string dataset, PrivacyBudget budget, double rho)
    {
        var state = Minerva.App.Ledger.State(budget, workspace.GetSpends(dataset));
        return $"refused before any noise was drawn: this release needs ρ = {rho:G4} but '{dataset}' has ρ = {state.RemainingRho:G4} left " +
               $"(budget ε = {budget.Epsilon}, δ = {budget.Delta}; spent ε = {state.SpentEpsilon:G4})";
    }
}
