using System.CommandLine;
using System.Globalization;
using Minerva.App;
using Minerva.Privacy.Accounting;
using Minerva.Storage;
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
            if (parse.GetValue(epsilon) is { } e)
            {
                var d = parse.GetValue(delta);
                if (!(e > 0) || !double.IsFinite(e)) throw new UsageException($"--set-epsilon must be a positive number, not {e}");
                if (!(d > 0 && d < 1)) throw new UsageException($"--delta must be between 0 and 1, not {d}");
                var (spentRho, spentDelta) = Ledger.Totals(workspace.GetSpends(name));
                if (spentRho > 0 && !new Budget(e, d, 0).Allows(spentRho, spentDelta))
                    throw new UsageException($"releases of '{name}' have already spent more than ε = {e} at δ = {d}; a budget cannot be set below what was spent");
                var why = parse.GetValue(reason)?.Trim();
                // A raise hands out privacy the data's subjects were promised would not be spent: it must be meant, and owned.
                if (workspace.GetBudget(name) is { } old && (e > old.Epsilon || d > old.Delta))
                {
                    if (!parse.GetValue(raise) || string.IsNullOrEmpty(why))
                        throw new UsageException($"'{name}' already has a budget of ε = {old.Epsilon:G4}, δ = {old.Delta:G3}; raising it to ε = {e:G4}, δ = {d:G3} " +
                            "needs --raise and --reason \"…\" (the change is kept in the ledger)");
                }
                workspace.SetBudget(new PrivacyBudget(name, e, d, DateTimeOffset.UtcNow), string.IsNullOrEmpty(why) ? "set" : why);
            }
            var budget = workspace.GetBudget(name);
            var spends = workspace.GetSpends(name);
            var (spent, spentDeltaOutright) = Ledger.Totals(spends);
            var state = budget is null ? null : Ledger.State(budget, spends);
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new
                {
                    dataset = name, budget = budget is null ? null : new { budget.Epsilon, budget.Delta, total_rho = state!.TotalRho },
                    spent_rho = spent, spent_delta = spentDeltaOutright, spent_epsilon = state?.SpentEpsilon, remaining_rho = state?.RemainingRho,
                    releases = spends.Select(s => new { s.Id, s.Rho, s.Delta, s.Purpose, s.At, s.Status, manifest_sha256 = s.ManifestSha256 }),
                    budget_changes = workspace.GetBudgetChanges(name).Select(c => new { c.Epsilon, c.Delta, previous_epsilon = c.PreviousEpsilon, previous_delta = c.PreviousDelta, c.Reason, c.At }),
                });
                return ExitCodes.Ok;
            }
            if (state is null)
                terminal.Out.MarkupLineInterpolated($"[yellow]No budget set for '{name}'[/]: releases are refused until one is (minerva budget --set-epsilon E --delta D).");
            else
                terminal.Out.MarkupLineInterpolated(
                    $"'{name}': budget ε = {budget!.Epsilon:G4}, δ = {budget.Delta:G3} (ρ = {state.TotalRho:G4}); spent ρ = {spent:G4} (ε = {state.SpentEpsilon:G4}){(spentDeltaOutright > 0 ? $" and δ = {spentDeltaOutright:G3} outright" : "")}; left ρ = {state.RemainingRho:G4}");
            var table = new Table().AddColumns("release", "when", "ρ", "δ outright", "purpose", "status");
            foreach (var s in spends)
                table.AddRow($"{s.Id}", s.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), $"{s.Rho:G4}", s.Delta > 0 ? $"{s.Delta:G3}" : "0", Markup.Escape(s.Purpose), s.Status);
            if (spends.Count > 0) terminal.Out.Write(table);
            var changes = workspace.GetBudgetChanges(name);
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
