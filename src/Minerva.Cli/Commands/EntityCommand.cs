using System.CommandLine;
using System.Globalization;
using Minerva.Core;
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
            if (EntityArgument.Find(workspace, parse.GetValue(id)!, terminal) is not (var entity, var members)) return ExitCodes.NotFound;
            var selectors = workspace.EntitySelectors(entity);
            var links = workspace.EntityLinks(entity, 10);
            var times = members.Where(m => m.ObservedAt is not null).Select(m => m.ObservedAt!.Value).ToList();
            var locations = members.Where(m => m.Location is not null || m.Country is not null)
                .GroupBy(m => string.Join(", ", new[] { m.Location, m.Country }.Where(v => v is not null)))
                .Select(l => (Place: l.Key, Records: l.Count())).OrderByDescending(l => l.Records).ToList();
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new
                {
                    entity = $"E{entity}", records = members.Count, first = times.Count > 0 ? times.Min() : (DateTimeOffset?)null,
                    last = times.Count > 0 ? times.Max() : (DateTimeOffset?)null,
                    members = members.Select(m => new { key = m.Key.ToString(), m.ObservedAt, m.Title, m.Location, m.Country }),
                    selectors = selectors.Select(s => new { kind = s.Kind.Name(), s.Value, s.Records }),
                    locations = locations.Select(l => new { place = l.Place, records = l.Records }),
                    strongest_links = links.Select(l => new { a = l.A.ToString(), b = l.B.ToString(), l.Weight, l.Evidence }),
                });
                return ExitCodes.Ok;
            }
            var span = times.Count > 0 ? FormattableString.Invariant($", {times.Min():yyyy-MM-dd} to {times.Max():yyyy-MM-dd}") : "";
            terminal.Out.MarkupLineInterpolated($"[bold]E{entity}[/]: {members.Count:N0} records{span}");
            if (locations.Count > 0) terminal.Out.MarkupLineInterpolated($"locations: {string.Join("; ", locations.Take(10).Select(l => $"{l.Place} ({l.Records})"))}");
            var s = new Table().Title("selectors").AddColumns("kind", "value", "records");
            foreach (var sel in selectors.Take(30)) s.AddRow(sel.Kind.Name(), Markup.Escape(sel.Value), $"{sel.Records:N0}");
            terminal.Out.Write(s);
            var m = new Table().Title("members").AddColumns("record", "observed", "title", "location");
            foreach (var r in members.Take(50))
                m.AddRow(Markup.Escape(r.Key.ToString()), r.ObservedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", Markup.Escape(r.Title ?? ""), Markup.Escape(r.Location ?? ""));
            terminal.Out.Write(m);
            if (members.Count > 50) terminal.Out.MarkupLineInterpolated($"[grey]… {members.Count - 50:N0} more (use --json for all)[/]");
            if (links.Count > 0)
            {
                var l = new Table().Title("strongest evidence").AddColumns("record", "record", "bits", "evidence");
                foreach (var link in links) l.AddRow(Markup.Escape(link.A.ToString()), Markup.Escape(link.B.ToString()), $"{link.Weight:0.0}", Markup.Escape(link.Evidence));
                terminal.Out.Write(l);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
