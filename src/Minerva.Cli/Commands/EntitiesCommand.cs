using System.CommandLine;
using System.Globalization;
using Minerva.App;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class EntitiesCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var export = new Option<string?>("--export") { Description = "Write every membership as 'csv' (record,entity) instead of listing" };
        export.AcceptOnlyFromAmong("csv");
        var output = new Option<string?>("--out", "-o") { Description = "File for --export (default, or '-': standard output)" };
        var top = new Option<int>("--limit", "-n") { Description = "Entities to list", DefaultValueFactory = _ => 20 };
        top.AtLeast(1);
        var min = new Option<int>("--min-records") { Description = "List only entities with at least this many records", DefaultValueFactory = _ => 2 };
        min.AtLeast(1);
        var command = new Command("entities", "List the largest entities, or export record,entity for other tools") { export, output, top, min };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            if (parse.GetValue(export) is not null)
            {
                var path = parse.GetValue(output) is "-" ? null : parse.GetValue(output);
                using var writer = path is null ? null : new StreamWriter(OutputFile.Create(path));
                var target = writer ?? terminal.OutWriter;
                target.WriteLine("record,entity");
                var rows = 0L;
                foreach (var (record, entity) in workspace.ExportMemberships())
                {
                    target.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{CsvField.Escape(record.ToString())},E{entity}"));
                    rows++;
                }
                if (path is not null) terminal.Err.MarkupLineInterpolated($"wrote {rows:N0} rows to {path}");
                return ExitCodes.Ok;
            }
            var list = workspace.ListEntities(parse.GetValue(top), parse.GetValue(min));
            if (parse.GetValue(g.Json))
            {
                terminal.Json(list.Select(e => new { entity = $"E{e.Entity}", e.Records, e.First, e.Last }));
                return ExitCodes.Ok;
            }
            if (list.Count == 0)
            {
                terminal.Error("no entities; run 'minerva resolve' first");
                return ExitCodes.NotFound;
            }
            var table = new Table().AddColumns("entity", "records", "first seen", "last seen");
            foreach (var e in list)
                table.AddRow($"E{e.Entity}", $"{e.Records:N0}", e.First?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                    e.Last?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            terminal.Out.Write(table);
            // Most records of a corpus are entities of one: say that they are left out, and how to see them.
            if (parse.GetValue(min) > 1)
                terminal.Out.MarkupLineInterpolated($"[grey]entities with fewer than {parse.GetValue(min)} records are not listed (--min-records 1 lists them)[/]");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
