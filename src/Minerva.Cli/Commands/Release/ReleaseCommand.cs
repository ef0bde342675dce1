using System.CommandLine;
using Minerva.App;
using Minerva.App.Releasing;
using Minerva.Privacy.Data;
using Minerva.Privacy.Synthesis;
using Spectre.Console;

namespace Minerva.Cli.Commands.Release;

/// <summary>
/// <c>minerva release</c>: a differentially private release of case records — synthetic microdata, aggregates and a
/// manifest, with the spend recorded in the ledger before any noise is drawn (<see cref="Releases.Release"/>).
/// </summary>
internal static class ReleaseCommand
{
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
                parse.GetValue(dataset)!, parse.GetValue(columns), parse.GetValue(victim) ?? ReleaseOptions.DefaultVictimColumn, parse.GetValue(perVictim), parse.GetValue(threshold),
                parse.GetValue(fabrication), parse.GetValue(bins)!, parse.GetValue(fromNetwork), parse.GetValue(testSeed))
            {
                VictimColumnNamed = parse.GetValue(victim) is not null,
                Unit = parse.GetValue(unit),
                ReportFolder = parse.GetValue(report),
                Domains = parse.GetValue(domains)!,
                Mechanism = parse.GetValue(mechanism),
            };
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var result = new Workbench(workspace).Releases.Release(options);
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
