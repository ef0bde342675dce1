using System.CommandLine;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class StatsCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var command = new Command("stats", "Counts of records, selectors and quarantined inputs");
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var s = workspace.GetStats();
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new { workspace = workspace.Location, s.SchemaVersion, s.Records, s.Selectors, s.Quarantined, records_by_source = s.RecordsBySource, selectors_by_kind = s.SelectorsByKind, distinct_selectors_by_kind = s.DistinctSelectorsByKind });
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"[bold]{workspace.Location}[/] (schema {s.SchemaVersion}): {s.Records:N0} records, {s.Selectors:N0} selectors, {s.Quarantined:N0} quarantined");
            var sources = new Table().AddColumns("source", "records");
            foreach (var (name, count) in s.RecordsBySource) sources.AddRow(Markup.Escape(name), $"{count:N0}");
            var kinds = new Table().AddColumns("selector kind", "occurrences", "distinct values");
            foreach (var (kind, count) in s.SelectorsByKind) kinds.AddRow(kind, $"{count:N0}", $"{s.DistinctSelectorsByKind.GetValueOrDefault(kind):N0}");
            terminal.Out.Write(sources);
            terminal.Out.Write(kinds);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
