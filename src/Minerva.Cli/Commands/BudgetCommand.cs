using System.CommandLine;
using System.Globalization;
using Minerva.App;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class BudgetCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var dataset = new Option<string>("--dataset", "-d") { Description = "Dataset the budget protects (the case source)", DefaultValueFactory = _ => "cases" };
        var epsilon = new Option<double?>("--set-epsilon") { Description = "Set the total ε every release of the dataset may ever spend together" };
        var delta = new Option<double>("--delta") { Description = "δ of the total budget", DefaultValueFactory = _ => 1e-6 };
        var raise = new Option<bool>("--raise") { Description = "Confirm raising a budget (a larger ε or δ) that is already set; needs --reason" };
        var reason = new Option<string?>("--reason") { Description = "Why the budget is set or changed (kept in the ledger)" };
        var command = new Command("budget", "The privacy ledger: the dataset's total budget, every release's spend, every budget change, and what is left")
        {
            dataset, epsilon, delta, raise, reason,
        };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var name = parse.GetValue(dataset)!;
            var workbench = new Workbench(workspace);
            if (parse.GetValue(epsilon) is { } e) workbench.Releases.SetBudget(name, e, parse.GetValue(delta), parse.GetValue(raise), parse.GetValue(reason));
            var ledger = workbench.Ledger(name);
            var (budget, spends) = (ledger.Budget, ledger.Releases);
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new
                {
                    dataset = name, budget = budget is null ? null : new { budget.Epsilon, budget.Delta, total_rho = ledger.TotalRho },
                    spent_rho = ledger.SpentRho, spent_delta = ledger.SpentDelta, spent_epsilon = ledger.SpentEpsilon, remaining_rho = ledger.RemainingRho,
                    releases = spends.Select(s => new { s.Id, s.Rho, s.Delta, s.Purpose, s.At, s.Status, manifest_sha256 = s.ManifestSha256 }),
                    budget_changes = ledger.Changes.Select(c => new { c.Epsilon, c.Delta, previous_epsilon = c.PreviousEpsilon, previous_delta = c.PreviousDelta, c.Reason, c.At }),
                });
                return ExitCodes.Ok;
            }
            if (budget is null)
                terminal.Out.MarkupLineInterpolated($"[yellow]No budget set for '{name}'[/]: releases are refused until one is (minerva budget --set-epsilon E --delta D).");
            else
                terminal.Out.MarkupLineInterpolated(
                    $"'{name}': budget ε = {budget.Epsilon:G4}, δ = {budget.Delta:G3} (ρ = {ledger.TotalRho:G4}); spent ρ = {ledger.SpentRho:G4} (ε = {ledger.SpentEpsilon:G4}){(ledger.SpentDelta > 0 ? $" and δ = {ledger.SpentDelta:G3} outright" : "")}; left ρ = {ledger.RemainingRho:G4}");
            var table = new Table().AddColumns("release", "when", "ρ", "δ outright", "purpose", "status");
            foreach (var s in spends)
                table.AddRow($"{s.Id}", s.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), $"{s.Rho:G4}", s.Delta > 0 ? $"{s.Delta:G3}" : "0", Markup.Escape(s.Purpose), s.Status);
            if (spends.Count > 0) terminal.Out.Write(table);
            var changes = ledger.Changes;
            if (changes.Count > 1 || changes.Any(c => c.PreviousEpsilon is not null))
            {
                var history = new Table().Title("budget changes").AddColumns("when", "ε", "δ", "before", "reason");
                foreach (var c in changes)
                    history.AddRow(c.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), $"{c.Epsilon:G4}", $"{c.Delta:G3}",
                        c.PreviousEpsilon is { } pe ? $"ε {pe:G4}, δ {c.PreviousDelta:G3}" : "", Markup.Escape(c.Reason));
                terminal.Out.Write(history);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
