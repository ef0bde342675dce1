using System.Text.Json;
using Minerva.Privacy.Accounting;
using Minerva.Privacy.Data;
using Minerva.Privacy.Noise;
using Minerva.Privacy.Synthesis;
using Minerva.Storage;

namespace Minerva.App.Releasing;

/// <summary>The options of one release.</summary>
/// <param name="Epsilon">ε of this release.</param>
/// <param name="Delta">δ of this release.</param>
/// <param name="Length">Longest attribute combination in the aggregates (1–4).</param>
/// <param name="Folder">Folder for the release's files: created, and must be empty.</param>
/// <param name="Dataset">Source of the case records, and the name of its budget.</param>
/// <param name="Columns">Attributes to release, comma-separated; null is refused with the candidates listed.</param>
/// <param name="VictimColumn">Column naming the victim, the privacy unit.</param>
/// <param name="MaxRowsPerVictim">Rows kept per victim (sampled); the noise is calibrated to it.</param>
/// <param name="Threshold">Aggregates below this count are not published.</param>
/// <param name="Fabrication">How hard to avoid combinations no sensitive record has.</param>
/// <param name="Bins">Numeric columns' declared edges, <c>COLUMN=E1,E2,…</c>.</param>
/// <param name="FromNetwork">Release only the cases resolved into a network with other sources, with its size.</param>
/// <param name="TestSeed">Reproducible, not private noise: refused except on a workspace made for tests.</param>
public sealed record ReleaseOptions(double Epsilon, double Delta, int Length, string Folder, string Dataset, string? Columns, string VictimColumn,
    int MaxRowsPerVictim, long Threshold, Fabrication Fabrication, IReadOnlyList<string> Bins, bool FromNetwork, int? TestSeed)
{
    /// <summary>The victim column looked for when none is named.</summary>
    public const string DefaultVictimColumn = "victimId";

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

/// <summary>What a release wrote.</summary>
/// <param name="Folder">The release's folder.</param>
/// <param name="LedgerEntry">Its spend in the ledger.</param>
/// <param name="Rho">ρ spent.</param>
/// <param name="Epsilon">The ε asked for.</param>
/// <param name="Delta">The δ asked for.</param>
/// <param name="SyntheticRecords">Synthetic records written.</param>
/// <param name="Aggregates">Aggregates published.</param>
/// <param name="Tvd1">Mean one-way total variation distance from the real values (for the owner only, as all that follows).</param>
/// <param name="Tvd2">Mean two-way distance.</param>
/// <param name="Tvd3">Mean three-way distance.</param>
/// <param name="RemainingRho">ρ left in the budget.</param>
/// <param name="Unit">"victim", or "row" when there is no victim column.</param>
/// <param name="ReportFolder">Where the owner's utility report went (never inside the release).</param>
/// <param name="LostToOther">The columns whose private selection released over 5 % of rows as (other), with that share.</param>
public sealed record ReleaseResult(string Folder, long LedgerEntry, double Rho, double Epsilon, double Delta, int SyntheticRecords, int Aggregates,
    double Tvd1, double Tvd2, double Tvd3, double RemainingRho, string Unit, string ReportFolder, IReadOnlyList<ColumnLoss> LostToOther);

/// <summary>A selected column and the share of its rows released as (other).</summary>
public sealed record ColumnLoss(string Column, double Share);

/// <summary>A released column's categories and where they came from ("bins", "code list FILE" or "selected").</summary>
internal sealed record ReleaseDomain(string Source, IReadOnlyList<string> Categories);

/// <summary>
/// The data owner's use cases: a differentially private release of case records (synthetic microdata, aggregates and a
/// manifest, with the spend recorded in the ledger before any noise is drawn), and setting a dataset's privacy budget.
/// The ledger itself is read with <see cref="Workbench.Ledger"/>.
/// </summary>
public sealed class Releases(IWorkspace workspace, Action<string, string, string> audited)
{
    /// <summary>A release, step by step: validate, load, bound, spend (ledger), select categories, measure and synthesise,
    /// write, mark written.</summary>
    /// <exception cref="BadRequestException">An option is out of range, an output folder cannot be used, no budget is set
    /// or too little is left, or the columns, bins or code lists do not fit the records.</exception>
    public ReleaseResult Release(ReleaseOptions o)
    {
        if (!(o.Epsilon > 0) || !double.IsFinite(o.Epsilon)) throw new BadRequestException($"--epsilon must be a positive number, not {o.Epsilon}");
        if (!(o.Delta > 0 && o.Delta < 1)) throw new BadRequestException($"--delta must be between 0 and 1, not {o.Delta}");
        if (o.Length is < 1 or > 4) throw new BadRequestException("--length must be 1 to 4");
        if (o.MaxRowsPerVictim < 1) throw new BadRequestException("--max-rows-per-victim must be at least 1");
        var folder = ReleaseFolders.CheckOutput(o.Folder);
        var reports = ReleaseFolders.CheckReport(o.ReportFolder, workspace.Location, folder);
        if (o.TestSeed is not null && !workspace.ForTestsOnly)
            throw new BadRequestException("--test-seed makes the noise reproducible, so the release is not private: it is refused except on a workspace " +
                                     "created for tests ('minerva init --test-only FILE')");
        var budget = workspace.GetBudget(o.Dataset)
            ?? throw new BadRequestException($"no privacy budget is set for '{o.Dataset}'; set one first: minerva budget --dataset {o.Dataset} --set-epsilon E --delta D");
        if (o.Delta > budget.Delta) throw new BadRequestException($"δ = {o.Delta} is larger than the budget's δ = {budget.Delta}");

        var cases = workspace.ScanRecords([o.Dataset], withPayload: true)
            .Select(r => (r.Record.Key, Payload: JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Record.RawPayload) ?? [])).ToList();
        if (cases.Count == 0) throw new BadRequestException($"no records of source '{o.Dataset}' in the workspace");
        var unlinked = 0;
        var payloads = o.FromNetwork ? NetworkPopulation.Linked(workspace, o.Dataset, cases, out unlinked) : cases.Select(c => c.Payload).ToList();
        if (payloads.Count == 0) throw new BadRequestException($"no record of '{o.Dataset}' is resolved into a network with records of other sources");
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
                    ?? throw new BadRequestException(Refusal(o.Dataset, budget, rho));
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
        var left = Ledger.State(budget, workspace.GetSpends(o.Dataset)).RemainingRho;
        // The owner is told (on their own terminal, never in the release) which selected columns lost much to (other).
        var lost = undeclared.Select(c => new ColumnLoss(columns[c], truth.Rows.Count == 0 ? 0 : outside[columns[c]] / (double)truth.Rows.Count))
            .Where(l => l.Share > 0.05).ToList();
        audited("release", o.Dataset, $"ledger entry {spend.Id}: ε {o.Epsilon:G4}, δ {o.Delta:G3}, {synthetic.Length:N0} synthetic records, {aggregates.Count:N0} aggregates, to {folder}");
        return new ReleaseResult(folder, spend.Id, rho, o.Epsilon, o.Delta, synthetic.Length, aggregates.Count, tvd[0], tvd[1], tvd[2], left,
            table.VictimsFromColumn ? "victim" : "row", report, lost);
    }

    private string Refusal(string dataset, PrivacyBudget budget, double rho)
    {
        var state = Ledger.State(budget, workspace.GetSpends(dataset));
        return $"refused before any noise was drawn: this release needs ρ = {rho:G4} but '{dataset}' has ρ = {state.RemainingRho:G4} left " +
               $"(budget ε = {budget.Epsilon}, δ = {budget.Delta}; spent ε = {state.SpentEpsilon:G4})";
    }

    /// <summary>
    /// Sets <paramref name="dataset"/>'s total budget: every release of it together may spend no more. A budget cannot be
    /// set below what was already spent, and raising one that is set hands out privacy its subjects were promised would
    /// not be spent, so it must be meant (<paramref name="raise"/>) and owned (<paramref name="reason"/>); every setting is
    /// kept in the ledger with its reason.
    /// </summary>
    /// <exception cref="BadRequestException">ε or δ is out of range, the budget would be below the spend, or a raise is not confirmed with a reason.</exception>
    public void SetBudget(string dataset, double epsilon, double delta, bool raise, string? reason)
    {
        if (!(epsilon > 0) || !double.IsFinite(epsilon)) throw new BadRequestException($"--set-epsilon must be a positive number, not {epsilon}");
        if (!(delta > 0 && delta < 1)) throw new BadRequestException($"--delta must be between 0 and 1, not {delta}");
        var (spentRho, spentDelta) = Ledger.Totals(workspace.GetSpends(dataset));
        if (spentRho > 0 && !new Budget(epsilon, delta, 0).Allows(spentRho, spentDelta))
            throw new BadRequestException($"releases of '{dataset}' have already spent more than ε = {epsilon} at δ = {delta}; a budget cannot be set below what was spent");
        var why = reason?.Trim();
        if (workspace.GetBudget(dataset) is { } old && (epsilon > old.Epsilon || delta > old.Delta) && (!raise || string.IsNullOrEmpty(why)))
            throw new BadRequestException($"'{dataset}' already has a budget of ε = {old.Epsilon:G4}, δ = {old.Delta:G3}; raising it to ε = {epsilon:G4}, δ = {delta:G3} " +
                                          "needs --raise and --reason \"…\" (the change is kept in the ledger)");
        workspace.SetBudget(new PrivacyBudget(dataset, epsilon, delta, DateTimeOffset.UtcNow), string.IsNullOrEmpty(why) ? "set" : why);
        audited("budget", dataset, $"ε {epsilon:G4}, δ {delta:G3}: {(string.IsNullOrEmpty(why) ? "set" : why)}");
    }
}
