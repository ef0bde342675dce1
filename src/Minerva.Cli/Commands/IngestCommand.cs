using System.CommandLine;
using Minerva.Ingest;
using Minerva.App;
using Minerva.Web.Client;
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
        var server = ServerOption();
        var token = TokenOption();
        var command = new Command("ingest", "Read sources through a connector into the workspace, extracting selectors; or, with --server, push them to a team server")
        {
            connector, inputs, allowRoot, source, server, token,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CliApp.Guard(terminal, () =>
        {
            var definition = Workbench.Connector(parse.GetValue(connector)!, parse.GetValue(source));
            var request = new IngestRequest(definition, parse.GetValue(inputs)!, parse.GetValue(allowRoot) ?? []);
            if (parse.GetValue(server) is { } address)
            {
                using var client = Client(parse, address, token);
                var remote = new RemoteIngestStore(client);
                var pushed = WithProgress(terminal, definition.Source, progress => Workbench.Push(remote, request, progress, cancel));
                Report(terminal, pushed.Source, pushed.Result, parse.GetValue(g.Json));
                var s = remote.Pushed;
                if (s.Added != pushed.Result.Ingested || s.Updated != pushed.Result.Updated)
                    terminal.Warning($"the server counted {s.Added:N0} new and {s.Updated:N0} updated (someone else was writing the same records meanwhile)");
                if (!parse.GetValue(g.Json)) terminal.Out.MarkupLineInterpolated($"pushed to {client.Address}: the team's search index has them");
                return ExitCodes.Ok;
            }
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            using var index = WorkspaceLocator.OpenIndex(workspace, terminal, cancel);
            using var workbench = new Workbench(workspace, index);
            var report = WithProgress(terminal, definition.Source, progress => workbench.Ingest(request, progress, cancel));
            foreach (var warning in report.Warnings) terminal.Warning(warning);
            Report(terminal, report.Source, report.Result, parse.GetValue(g.Json));
            return ExitCodes.Ok;
        })));
        return command;
    }

    /// <summary>The team server option, shared by the commands that can work against one.</summary>
    public static Option<string?> ServerOption() => new("--server")
    {
        Description = "Work against a team server (https://…) instead of a workspace, with an API token (--token or MINERVA_TOKEN)",
    };

    /// <summary>The API token option.</summary>
    public static Option<string?> TokenOption() => new("--token")
    {
        Description = "The API token for --server (made on the team page); default $MINERVA_TOKEN, which keeps it out of the shell's history",
    };

    /// <summary>A client of the server with the token given or in MINERVA_TOKEN.</summary>
    public static TeamClient Client(ParseResult parse, string address, Option<string?> token) =>
        new(address, parse.GetValue(token) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("MINERVA_TOKEN") is { Length: > 0 } env ? env
            : throw new BadRequestException("--server needs an API token: --token mnv_… or MINERVA_TOKEN (make one on the team page)"));

    /// <summary>Runs an ingest with a progress bar on an interactive terminal.</summary>
    private static IngestReport WithProgress(Terminal terminal, string source, Func<IProgress<IngestProgress>?, IngestReport> run)
    {
        if (!terminal.Interactive) return run(null);
        IngestReport? report = null;
        terminal.Err.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new TransferSpeedColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"ingest {source}");
                report = run(new Progress<IngestProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                    task.Description = p.Stage == IngestStage.Indexing ? $"ingest {source}: building indexes" : $"ingest {source}";
                }));
                task.Value = task.MaxValue;
            });
        return report!;
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
