using System.CommandLine;
using Minerva.App;
using Minerva.Resolve.Evaluation;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var truthFile = new Option<string>("--truth", "-t") { Description = "CSV with header record,cluster", Required = true };
        var top = new Option<int>("--limit", "-n") { Description = "Errors of each kind to list", DefaultValueFactory = _ => 10 };
        top.AtLeast(1);
        var ignoreMissing = new Option<bool>("--ignore-missing")
        {
            Description = "Score only the truth records the workspace has, and say how many were skipped (default: such a truth file is refused)",
        };
        var command = new Command("eval", "Score the entities against a truth file: pairwise and B-cubed precision, recall, F1") { truthFile, top, ignoreMissing };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var (result, unknown) = new Workbench(workspace).Evaluate(parse.GetValue(truthFile)!, parse.GetValue(top), parse.GetValue(ignoreMissing));
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new
                {
                    result.Records, result.Unresolved, skipped_missing = parse.GetValue(ignoreMissing) ? unknown.Count : (int?)null,
                    pairwise = new { result.Pairwise.Precision, result.Pairwise.Recall, result.Pairwise.F1 },
                    bcubed = new { result.BCubed.Precision, result.BCubed.Recall, result.BCubed.F1 },
                    false_merges = result.FalseMerges, misses = result.Misses,
                });
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"{result.Records:N0} records evaluated ({result.Unresolved:N0} truth records not resolved)");
            if (unknown.Count > 0)
                terminal.Warning($"{unknown.Count:N0} truth records are not in the workspace and were skipped, e.g. {string.Join(", ", unknown.Take(3))}");
            var scores = new Table().AddColumns("measure", "precision", "recall", "F1");
            scores.AddRow("pairwise", $"{result.Pairwise.Precision:0.0000}", $"{result.Pairwise.Recall:0.0000}", $"{result.Pairwise.F1:0.0000}");
            scores.AddRow("B-cubed", $"{result.BCubed.Precision:0.0000}", $"{result.BCubed.Recall:0.0000}", $"{result.BCubed.F1:0.0000}");
            terminal.Out.Write(scores);
            Errors(terminal, "largest false merges (one entity, several true clusters)", result.FalseMerges);
            Errors(terminal, "largest misses (one true cluster, several entities)", result.Misses);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Errors(Terminal terminal, string title, IReadOnlyList<ClusterError> errors)
    {
        if (errors.Count == 0) return;
        var table = new Table().Title(title).AddColumns("group", "records", "wrong pairs", "divided into (size, example record)");
        foreach (var e in errors)
            table.AddRow(Markup.Escape(e.Group), $"{e.Size:N0}", $"{e.WrongPairs:N0}",
                Markup.Escape(string.Join("; ", e.Parts.Take(4).Select(p => $"{p.Group} ({p.Size}, {p.Example})")) + (e.Parts.Count > 4 ? $"; +{e.Parts.Count - 4} more" : "")));
        terminal.Out.Write(table);
    }
}
