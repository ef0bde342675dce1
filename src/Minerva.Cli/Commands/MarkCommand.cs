using System.CommandLine;
using Minerva.App;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class MarkCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var command = new Command("mark", "Record that two records are, or are not, one person; every later 'resolve' keeps to it")
        {
            Decide(terminal, g, "same", "They are one person: 'resolve' puts them in one entity", same: true),
            Decide(terminal, g, "not-same", "They are two people: no 'resolve' puts them in one entity, whatever links them", same: false),
            Split(terminal, g),
            List(terminal, g),
        };
        return command;
    }

    private static Command Decide(Terminal terminal, GlobalOptions g, string name, string description, bool same)
    {
        var first = new Argument<string>("first") { Description = "Record key" };
        var second = new Argument<string>("second") { Description = "Record key" };
        var reason = new Option<string>("--reason") { Description = "Why (kept with the decision)", Required = true };
        var by = new Option<string>("--by") { Description = "Who decides (default: your user name)", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command(name, description) { first, second, reason, by };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var d = new Workbench(workspace).Mark(Keys.Record(parse.GetValue(first)), Keys.Record(parse.GetValue(second)), same,
                parse.GetValue(by)!, parse.GetValue(reason)!);
            if (parse.GetValue(g.Json)) terminal.Json(Plain(d));
            else terminal.Out.MarkupLineInterpolated($"decision {d.Id}: {d.A} and {d.B} {(d.Same ? "are the same person" : "are not the same person")}; run 'minerva resolve' to apply it");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Split(Terminal terminal, GlobalOptions g)
    {
        var record = new Argument<string>("record") { Description = "Record key" };
        var reason = new Option<string>("--reason") { Description = "Why (kept with each decision)", Required = true };
        var by = new Option<string>("--by") { Description = "Who decides (default: your user name)", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("split", "The record is none of the other people of its entity: 'not the same' with each other member; the next 'resolve' takes it out")
        {
            record, reason, by,
        };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var key = Keys.Record(parse.GetValue(record));
            var entity = workspace.EntityOf(key);
            var decisions = new Workbench(workspace).SplitOut(key, parse.GetValue(by)!, parse.GetValue(reason)!);
            if (parse.GetValue(g.Json)) terminal.Json(decisions.Select(Plain));
            else terminal.Out.MarkupLineInterpolated($"{decisions.Count} decision(s): {key} is not the same person as the other {decisions.Count} record(s) of E{entity}; run 'minerva resolve' to apply them");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static object Plain(Minerva.Storage.Decision d) =>
        new { d.Id, a = d.A.ToString(), b = d.B.ToString(), d.Same, d.By, d.At, d.Reason };

    private static Command List(Terminal terminal, GlobalOptions g)
    {
        var command = new Command("list", "Every decision, oldest first");
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var decisions = new Workbench(workspace).Decisions();
            if (parse.GetValue(g.Json))
            {
                terminal.Json(decisions.Select(Plain));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("#", "record", "record", "decision", "by", "when", "why");
            foreach (var d in decisions)
                table.AddRow($"{d.Id}", Markup.Escape(d.A.ToString()), Markup.Escape(d.B.ToString()), d.Same ? "same" : "not the same", Markup.Escape(d.By),
                    d.At.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(d.Reason));
            terminal.Out.Write(table);
            terminal.Out.MarkupLine($"{decisions.Count} decision(s).");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
