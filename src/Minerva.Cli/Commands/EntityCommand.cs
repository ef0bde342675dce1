using System.CommandLine;
using System.Globalization;
using Minerva.App;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class EntityCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var id = new Argument<string>("entity") { Description = "Entity id (E123 or 123), or a record key to show that record's entity" };
        var command = new Command("entity", "Show an entity: members, selectors, time span, locations and strongest evidence") { id };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            // The workbench reads the members once; finding them first as well would read them twice.
            if (EntityArgument.Id(workspace, parse.GetValue(id)!) is not { } entity || new Workbench(workspace).Entity(entity) is not { } e)
            {
                EntityArgument.NotFound(workspace, parse.GetValue(id)!, terminal);
                return ExitCodes.NotFound;
            }
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new
                {
                    entity = $"E{e.Id}", records = e.Records, first = e.First, last = e.Last,
                    members = e.Members.Select(m => new { key = m.Record, m.ObservedAt, m.Title, m.Location, m.Country }),
                    selectors = e.Selectors.Select(s => new { s.Kind, s.Value, s.Records }),
                    locations = e.Places.Select(l => new { place = l.Place, records = l.Records }),
                    strongest_links = e.StrongestLinks.Select(l => new { l.A, l.B, l.Weight, l.Evidence }),
                });
                return ExitCodes.Ok;
            }
            var span = e.First is { } first ? FormattableString.Invariant($", {first:yyyy-MM-dd} to {e.Last:yyyy-MM-dd}") : "";
            terminal.Out.MarkupLineInterpolated($"[bold]E{e.Id}[/]: {e.Records:N0} records{span}");
            if (e.Places.Count > 0) terminal.Out.MarkupLineInterpolated($"locations: {string.Join("; ", e.Places.Take(10).Select(l => $"{l.Place} ({l.Records})"))}");
            var s = new Table().Title("selectors").AddColumns("kind", "value", "records");
            foreach (var sel in e.Selectors.Take(30)) s.AddRow(sel.Kind, Markup.Escape(sel.Value), $"{sel.Records:N0}");
            terminal.Out.Write(s);
            var m = new Table().Title("members").AddColumns("record", "observed", "title", "location");
            foreach (var r in e.Members.Take(50))
                m.AddRow(Markup.Escape(r.Record), r.ObservedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", Markup.Escape(r.Title ?? ""), Markup.Escape(r.Location ?? ""));
            terminal.Out.Write(m);
            if (e.Members.Count > 50) terminal.Out.MarkupLineInterpolated($"[grey]… {e.Members.Count - 50:N0} more (use --json for all)[/]");
            if (e.StrongestLinks.Count > 0)
            {
                var l = new Table().Title("strongest evidence").AddColumns("record", "record", "bits", "evidence");
                foreach (var link in e.StrongestLinks) l.AddRow(Markup.Escape(link.A), Markup.Escape(link.B), $"{link.Weight:0.0}", Markup.Escape(link.Evidence));
                terminal.Out.Write(l);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
