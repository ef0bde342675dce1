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
            var overview = new Minerva.App.Workbench(workspace).Overview(runs: 10);
            var s = overview.Stats;
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new { workspace = workspace.Location, s.SchemaVersion, s.Records, s.Selectors, s.Quarantined, records_by_source = s.RecordsBySource, selectors_by_kind = s.SelectorsByKind, distinct_selectors_by_kind = s.DistinctSelectorsByKind, recent_runs = overview.Runs });
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"[bold]{workspace.Location}[/] (schema {s.SchemaVersion}): {s.Records:N0} records, {s.Selectors:N0} selectors, {s.Quarantined:N0} quarantined");
            var sources = new Table().AddColumns("source", "records");
            foreach (var (name, count) in s.RecordsBySource) sources.AddRow(Markup.Escape(name), $"{count:N0}");
            var kinds = new Table().AddColumns("selector kind", "occurrences", "distinct values");
            foreach (var (kind, count) in s.SelectorsByKind) kinds.AddRow(kind, $"{count:N0}", $"{s.DistinctSelectorsByKind.GetValueOrDefault(kind):N0}");
            terminal.Out.Write(sources);
            terminal.Out.Write(kinds);
            if (overview.Runs.Count > 0)
            {
                var runs = new Table().Title("latest ingest runs").AddColumns("source", "started", "read", "new", "updated", "duplicate", "quarantined");
                foreach (var r in overview.Runs)
                    runs.AddRow(Markup.Escape(r.Source), r.Started.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), $"{r.Read:N0}", $"{r.Ingested:N0}",
                        $"{r.Updated:N0}", $"{r.Duplicate:N0}", $"{r.Quarantined:N0}");
                terminal.Out.Write(runs);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
