using System.CommandLine;
using System.Text;
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
            var stored = workspace.GetRecord(recordKey);
            if (stored is null)
            {
                terminal.Error($"no record {recordKey} in {workspace.Location}");
                return ExitCodes.NotFound;
            }
            var r = stored.Record;
            if (parse.GetValue(g.Json))
            {
                terminal.Json(new
                {
                    key = r.Key.ToString(), r.ObservedAt, r.Title, text = r.Text, r.Url, r.Location, r.Country, r.Author, r.Platform,
                    phone_region = r.PhoneRegion, r.Attachments, r.Origin, ingested_at = stored.IngestedAt, revisions = stored.Revisions,
                    selectors = stored.Selectors.Select(s => new { kind = s.Kind.Name(), s.Value, s.Original, field = s.Field, s.Start, s.Length, s.Note }),
                });
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            void Row(string name, string? value) { if (!string.IsNullOrEmpty(value)) grid.AddRow($"[grey]{name}[/]", value); }
            Row("record", $"[bold]{Markup.Escape(r.Key.ToString())}[/]");
            Row("observed", r.ObservedAt?.ToString("yyyy-MM-dd HH:mm zzz"));
            Row("location", Markup.Escape(string.Join(", ", new[] { r.Location, r.Country }.Where(v => v is not null))));
            Row("author", Markup.Escape(r.Author ?? ""));
            Row("url", Markup.Escape(r.Url ?? ""));
            Row("title", Highlight(r.Title, stored.Selectors, RecordField.Title));
            Row("text", Highlight(r.Text, stored.Selectors, RecordField.Text));
            Row("images", Markup.Escape(string.Join("\n", r.Attachments)));
            Row("origin", Markup.Escape(r.Origin));
            if (stored.Revisions > 0) Row("revisions", stored.Revisions.ToString());
            terminal.Out.Write(grid);
            var table = new Table().AddColumns("kind", "value", "as written", "field", "note");
            foreach (var s in stored.Selectors)
                table.AddRow(s.Kind.Name(), Markup.Escape(s.Value), Markup.Escape(s.Original), s.Field.ToString().ToLowerInvariant(), Markup.Escape(s.Note ?? ""));
            terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The text with every selector span marked; overlapping spans (a URL and its domain) merge.</summary>
    private static string Highlight(string? text, IReadOnlyList<Selector> selectors, RecordField field)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var spans = selectors.Where(s => s.Field == field).Select(s => (s.Start, End: s.Start + s.Length)).OrderBy(s => s.Start).ToList();
        var merged = new List<(int Start, int End)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            else merged.Add(span);
        }
        var sb = new StringBuilder();
        var at = 0;
        foreach (var (start, end) in merged.Where(m => m.End <= text.Length))
        {
            sb.Append(Markup.Escape(text[at..start])).Append("[black on yellow]").Append(Markup.Escape(text[start..end])).Append("[/]");
            at = end;
        }
        return sb.Append(Markup.Escape(text[at..])).ToString();
    }
}
