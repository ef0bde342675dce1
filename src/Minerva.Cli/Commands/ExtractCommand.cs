using System.CommandLine;
using Minerva.Core;
using Minerva.Extraction;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class ExtractCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var region = new Option<string?>("--region", "-r") { Description = "ISO country for national phone numbers (e.g. US, DE, NL)" };
        var command = new Command("extract", "Print every selector found in text read from standard input (no workspace needed)") { region };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var text = terminal.Input.ReadToEnd();
            var selectors = SelectorExtractor.ExtractText(text, parse.GetValue(region)?.ToUpperInvariant());
            if (parse.GetValue(g.Json))
            {
                terminal.Json(selectors.Select(s => new { kind = s.Kind.Name(), s.Value, s.Original, s.Start, s.Length, s.Note }));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("kind", "value", "as written", "offset", "length", "note");
            foreach (var s in selectors)
                table.AddRow(s.Kind.Name(), Markup.Escape(s.Value), Markup.Escape(s.Original), s.Start.ToString(), s.Length.ToString(), Markup.Escape(s.Note ?? ""));
            terminal.Out.Write(table);
            terminal.Out.MarkupLine($"{selectors.Count} selector(s).");
            return selectors.Count > 0 ? ExitCodes.Ok : ExitCodes.NotFound;
        }));
        return command;
    }
}
