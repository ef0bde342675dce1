using System.CommandLine;
using Minerva.App;
using Minerva.Core;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class WhyCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var first = new Argument<string>("first") { Description = "Record key" };
        var second = new Argument<string>("second") { Description = "Record key" };
        var command = new Command("why", "Explain why two records are, or are not, in one entity") { first, second };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            if (!RecordKey.TryParse(parse.GetValue(first), out var a) || !RecordKey.TryParse(parse.GetValue(second), out var b))
            {
                terminal.Error("record keys look like <source>:<id>, e.g. citypulse:cp-88123");
                return ExitCodes.Usage;
            }
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var x = new Workbench(workspace).Why(a, b);
            if (parse.GetValue(g.Json))
            {
                terminal.Json(x);
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"[bold]{x.A}[/] and [bold]{x.B}[/] (rules '{x.RuleSet}')");
            var table = new Table().AddColumns("comparison", "level", "m", "u", "bits", "term frequency", "shared");
            table.AddRow("prior", "", "", "", $"{x.Prior:+0.00;-0.00}", "", "");
            foreach (var c in x.Comparisons)
                table.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Level), c.M is { } m ? $"{m:0.0000}" : "", c.U is { } u ? $"{u:0.0000}" : "",
                    c.Level == "absent" ? "[grey]0[/]" : $"{c.Weight:+0.00;-0.00;0.00}", c.FrequencyAdjustment == 0 ? "" : $"{c.FrequencyAdjustment:+0.00;-0.00}",
                    Markup.Escape(string.Join(", ", c.Shared)));
            table.AddRow("[bold]total[/]", "", "", "", $"[bold]{x.Total:+0.00;-0.00}[/]", "", $"threshold {x.Threshold:0.##}");
            terminal.Out.Write(table);
            if (x.Path.Count > 1)
            {
                var path = new Table().Title("chain of links").AddColumns("from", "to", "bits", "evidence");
                foreach (var l in x.Path) path.AddRow(Markup.Escape(l.A.ToString()), Markup.Escape(l.B.ToString()), $"{l.Weight:0.0}", Markup.Escape(l.Evidence));
                terminal.Out.Write(path);
            }
            terminal.Out.WriteLine(x.Verdict);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
