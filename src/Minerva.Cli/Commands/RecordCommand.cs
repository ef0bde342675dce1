using System.CommandLine;
using Minerva.App;
using Minerva.Core;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class RecordCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var key = new Argument<string>("key") { Description = "Record key: <source>:<id>, e.g. citypulse:cp-88123" };
        var command = new Command("record", "Show a record with its selectors highlighted") { key };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            if (!RecordKey.TryParse(parse.GetValue(key), out var recordKey))
            {
                terminal.Error($"'{parse.GetValue(key)}' is not a record key; expected <source>:<id>");
                return ExitCodes.Usage;
            }
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var r = new Workbench(workspace).Record(recordKey);
            if (r is null)
            {
                terminal.Error($"no record {recordKey} in {workspace.Location}");
                return ExitCodes.NotFound;
            }
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new
                {
                    r.Key, r.ObservedAt, title = Plain(r.Title), text = Plain(r.Text), r.Url, r.Location, r.Country, r.Author, r.Platform,
                    phone_region = r.PhoneRegion, r.Attachments, r.Origin, ingested_at = r.IngestedAt, revisions = r.Revisions,
                    selectors = r.Selectors.Select(s => new { s.Kind, s.Value, s.Original, s.Field, s.Start, s.Length, s.Note, records = s.Holders }), entity = r.Entity,
                });
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            void Row(string name, string? value) { if (!string.IsNullOrEmpty(value)) grid.AddRow($"[grey]{name}[/]", value); }
            Row("record", $"[bold]{Markup.Escape(r.Key)}[/]");
            Row("observed", r.ObservedAt?.ToString("yyyy-MM-dd HH:mm zzz"));
            Row("location", Markup.Escape(Network.Place(r.Location, r.Country) ?? ""));
            Row("author", Markup.Escape(r.Author ?? ""));
            Row("url", Markup.Escape(r.Url ?? ""));
            Row("title", MarkedText.Markup(r.Title));
            Row("text", MarkedText.Markup(r.Text));
            Row("images", Markup.Escape(string.Join("\n", r.Attachments)));
            Row("origin", Markup.Escape(r.Origin));
            if (r.Revisions > 0) Row("revisions", r.Revisions.ToString());
            if (r.Entity is { } entity) Row("entity", $"E{entity}");
            terminal.Out.Write(grid);
            var table = new Table().AddColumns("kind", "value", "as written", "field", "records", "note");
            foreach (var s in r.Selectors)
                table.AddRow(s.Kind, Markup.Escape(s.Value), Markup.Escape(s.Original), s.Field, $"{s.Holders:N0}", Markup.Escape(s.Note ?? ""));
            terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string? Plain(IReadOnlyList<TextPart> parts) => parts.Count == 0 ? null : string.Concat(parts.Select(p => p.Text));
}
