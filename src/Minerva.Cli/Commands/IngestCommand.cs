using System.CommandLine;
using Minerva.Ingest;
using Minerva.App;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class IngestCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var connector = new Option<string>("--connector", "-c") { Description = "Connector definition (YAML file), or a shipped one by name, e.g. citypulse or connectors/citypulse.yaml", Required = true };
        var inputs = new Argument<string[]>("inputs") { Description = "Files or folders to read", Arity = ArgumentArity.OneOrMore };
        var allowRoot = new Option<string[]>("--allow-root")
        {
            Description = "A folder image references may also reach (by default only the folder of the input that names them)",
            Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false,
        };
        var source = new Option<string>("--source", "-s")
        {
            Description = "Store the records under this source name instead of the connector's (two exports of one layout, e.g. the two sides of a linkage)",
        };
        var command = new Command("ingest", "Read sources through a connector into the workspace, extracting selectors") { connector, inputs, allowRoot, source };
        command.SetAction((parse, cancel) => Task.FromResult(CliApp.Guard(terminal, () =>
        {
            var definition = Workbench.Connector(parse.GetValue(connector)!, parse.GetValue(source));
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            using var index = WorkspaceLocator.OpenIndex(workspace, terminal, cancel);
            using var workbench = new Workbench(workspace, index);
            var request = new IngestRequest(definition, parse.GetValue(inputs)!, parse.GetValue(allowRoot) ?? []);
            IngestReport? report = null;
            if (terminal.Interactive)
            {
                terminal.Err.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new TransferSpeedColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask($"ingest {definition.Source}");
                        report = workbench.Ingest(request, new Progress<IngestProgress>(p =>
                        {
                            task.MaxValue = Math.Max(1, p.BytesTotal);
                            task.Value = p.BytesDone;
                            task.Description = p.Stage == IngestStage.Indexing
                                ? $"ingest {definition.Source}: building indexes"
                                : $"ingest {definition.Source}";
                        }), cancel);
                        task.Value = task.MaxValue;
                    });
            }
            else
            {
                report = workbench.Ingest(request, null, cancel);
            }
            foreach (var warning in report!.Warnings) terminal.Warning(warning);
            Report(terminal, report.Source, report.Result, parse.GetValue(g.Json));
            return ExitCodes.Ok;
        })));
        return command;
    }

    private static void Report(Terminal terminal, string source, IngestResult r, bool json)
    {
        if (json)
        {
            var i = r.Images;
            terminal.Json(new
            {
                source, r.Read, r.Ingested, r.Updated, r.Duplicate, r.Quarantined, seconds = r.Elapsed.TotalSeconds, per_second = r.PerSecond,
                bulk_load = r.BulkLoad,
                extraction_capped = r.ExtractionCapped, invalid_utf8 = r.InvalidUtf8, first_invalid_utf8 = r.FirstInvalidUtf8, read_as_latin1 = r.ReadAsLatin1,
                unmatched = r.Unmatched, repeated_ids = r.RepeatedIds,
                images = new { i.Referenced, i.Hashed, i.Quarantined, i.Missing, i.Remote, not_hashed = i.NotHashed, i.Refused, libvips_missing = i.VipsMissing },
            });
            return;
        }
        var table = new Table().Title($"ingest {source}").AddColumns("read", "ingested", "updated", "duplicate", "quarantined", "seconds", "records/s");
        table.AddRow($"{r.Read:N0}", $"{r.Ingested:N0}", $"{r.Updated:N0}", $"{r.Duplicate:N0}",
            r.Quarantined > 0 ? $"[yellow]{r.Quarantined:N0}[/]" : "0", $"{r.Elapsed.TotalSeconds:N1}", $"{r.PerSecond:N0}");
        terminal.Out.Write(table);
        if (r.InvalidUtf8 > 0)
            terminal.Error($"{r.InvalidUtf8:N0} records are not valid UTF-8 (first: {r.FirstInvalidUtf8}): stored with U+FFFD in place of the bad " +
                "bytes, the original bytes kept in the payload; if the source is Latin-1, declare 'encoding: latin-1' (or 'auto') in the connector");
        if (r.ExtractionCapped > 0)
            terminal.Warning($"{r.ExtractionCapped:N0} records have a title or text over 1 MB: stored whole and searchable, but selectors were read from their first megabyte only");
        if (r.ReadAsLatin1 > 0) terminal.Out.MarkupLine($"{r.ReadAsLatin1:N0} lines were not UTF-8 and were read as Latin-1 (encoding: auto)");
        foreach (var unmatched in r.Unmatched)
            terminal.Warning($"{unmatched} of the connector matched nothing in any of the {r.Read - r.Quarantined:N0} records: " +
                "check its place (column, path or CSS selector) with 'minerva connector preview'");
        if (r.RepeatedIds > 0)
            terminal.Warning($"{r.RepeatedIds:N0} records repeat an id an earlier record of this run had: the later one is stored, the earlier kept " +
                "as its revision (the same item on two pages is harmless; a source reusing ids needs another id in the connector)");
        if (r.BulkLoad) terminal.Out.MarkupLine($"bulk load: the read indexes were rebuilt once at the end ({r.IndexTime.TotalSeconds:N1} s)");
        var images = r.Images;
        if (images.Referenced > 0)
        {
            terminal.Out.MarkupLine($"images: {images.Referenced:N0} referenced, {images.Hashed:N0} hashed" +
                (images.Quarantined > 0 ? $", [yellow]{images.Quarantined:N0} quarantined[/]" : "") +
                (images.Missing > 0 ? $", {images.Missing:N0} files missing" : "") +
                (images.Remote > 0 ? $", {images.Remote:N0} remote (never fetched)" : "") +
                (images.NotHashed > 0 ? $", [yellow]{images.NotHashed:N0} not hashed[/]" : "") +
                (images.Refused > 0 ? $", [yellow]{images.Refused:N0} refused (outside the source's folder, or not a regular file)[/]" : ""));
        }
        if (images.VipsMissing) terminal.Error(Minerva.Vips.VipsLibrary.InstallHint + " (EXIF was still read)");
        if (r.Quarantined > 0 || images.Quarantined > 0 || images.Refused > 0) terminal.Out.MarkupLine("See what was rejected and why: [bold]minerva quarantine[/]");
    }
}
