using System.CommandLine;
using Spectre.Console;
using Minerva.Core;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;

namespace Minerva.Cli.Commands;

internal static class ConnectorCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var file = new Argument<string>("file") { Description = "Connector definition (YAML file), or a shipped one by name" };
        var check = new Command("check", "Validate a connector definition and print what it maps") { file };
        check.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var d = DefinitionLoader.Load(parse.GetValue(file)!);
            var summary = new
            {
                d.Source,
                format = d.Format.ToString().ToLowerInvariant(),
                fields = d.Fields.Keys.Order(StringComparer.Ordinal),
                selectors = d.Selectors.Select(s => s.Kind.ToString().ToLowerInvariant()),
                phone_region = d.PhoneRegion ?? (d.PhoneRegionField is null ? null : $"from field {d.PhoneRegionField}"),
            };
            if (parse.GetValue(g.Json)) terminal.Json(summary);
            else terminal.Out.MarkupLineInterpolated(
                $"[green]ok[/] {d.DefinitionFile}: source [bold]{d.Source}[/], {summary.format}, fields {string.Join(", ", summary.fields)}; phone region {summary.phone_region ?? "none (international numbers only)"}");
            return ExitCodes.Ok;
        }));
        return new Command("connector", "Work with connector definitions") { check, Preview(terminal, g) };
    }

    /// <summary>The first records as ingest would store them: fields and selectors, or why one would be quarantined.</summary>
    private static Command Preview(Terminal terminal, GlobalOptions g)
    {
        var connector = new Option<string>("--connector", "-c") { Description = "Connector definition (YAML file), or a shipped one by name", Required = true };
        var inputs = new Argument<string[]>("inputs") { Description = "Files or folders to read", Arity = ArgumentArity.OneOrMore };
        var limit = new Option<int>("--limit", "-n") { Description = "Records to show", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var preview = new Command("preview", "Show the first records a connector makes of some inputs, without storing anything") { connector, inputs, limit };
        preview.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var definition = DefinitionLoader.Load(parse.GetValue(connector)!);
            var items = ConnectorPreview.Run(definition, parse.GetValue(inputs)!, parse.GetValue(limit));
            if (parse.GetValue(g.Json))
            {
                terminal.Json(items.Select(i => new
                {
                    origin = i.Origin,
                    key = i.Record?.Key.ToString(),
                    fields = i.Record is { } r ? Fields(r).ToDictionary(f => f.Name, f => f.Value) : null,
                    selectors = i.Selectors.Select(s => new { kind = s.Kind.Name(), value = s.Value, original = s.Original }),
                    quarantined = i.Quarantined,
                }));
                return ExitCodes.Ok;
            }
            foreach (var item in items)
            {
                if (item.Record is not { } record)
                {
                    terminal.Out.MarkupLineInterpolated($"[yellow]{item.Origin}[/]: would be quarantined: {item.Quarantined}");
                    continue;
                }
                var table = new Table().Title($"{record.Key} ({item.Origin})").AddColumns("field", "value");
                foreach (var (name, value) in Fields(record)) table.AddRow(Markup.Escape(name), Markup.Escape(value));
                foreach (var s in item.Selectors) table.AddRow($"[bold]{s.Kind.Name()}[/]", Markup.Escape(s.Value == s.Original ? s.Value : $"{s.Value}  (written {s.Original})"));
                if (item.Selectors.Count == 0) table.AddRow("[grey]selectors[/]", "[grey]none found[/]");
                terminal.Out.Write(table);
            }
            if (items.Count == 0) terminal.Out.MarkupLine("[yellow]no records in these inputs[/]");
            return ExitCodes.Ok;
        }));
        return preview;
    }

    /// <summary>The record's mapped fields that have a value (long text cut for the screen; --json has it whole).</summary>
    private static IEnumerable<(string Name, string Value)> Fields(SourceRecord r)
    {
        var fields = new (string, string?)[]
        {
            ("title", r.Title), ("text", r.Text), ("observed_at", r.ObservedAt?.ToString("O")), ("location", r.Location), ("country", r.Country),
            ("url", r.Url), ("author", r.Author), ("platform", r.Platform), ("phone_region", r.PhoneRegion),
            ("images", r.Attachments.Count == 0 ? null : string.Join(", ", r.Attachments)),
        };
        foreach (var (name, value) in fields)
            if (value is not null) yield return (name, value);
    }
}
