using System.CommandLine;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class QuarantineCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "Most entries", DefaultValueFactory = _ => 50 };
        limit.AtLeast(1);
        var command = new Command("quarantine", "List rejected inputs with file, place and reason") { limit };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var entries = new Minerva.App.Workbench(workspace).Quarantine(parse.GetValue(limit));
            if (parse.GetValue(g.Json))
            {
                terminal.Json(entries);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("source", "file", "where", "reason");
            foreach (var e in entries)
                table.AddRow(Markup.Escape(e.Source), Markup.Escape(e.File), Markup.Escape(e.Location), Markup.Escape(e.Reason));
            terminal.Out.Write(table);
            terminal.Out.MarkupLine($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
