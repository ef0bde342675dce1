using System.CommandLine;
using Spectre.Console;
using Minerva.Ingest.Definitions;

namespace Minerva.Cli.Commands;

internal static class ConnectorCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var file = new Argument<string>("file") { Description = "Connector definition (YAML)" };
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
        return new Command("connector", "Work with connector definitions") { check };
    }
}
