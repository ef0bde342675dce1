using System.CommandLine;
using Minerva.App;
using Minerva.Ingest;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class SearchCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var query = new Argument<string[]>("query")
        {
            Description = "Words, \"phrases\", OR, NOT, (groups), a NEAR/5 b, prefix*, fuzzy~, title:, author:, country:, lang:, and selector terms: " +
                          "phone:+15551234567 email:x@y.com handle:instagram/name wallet: url: domain:",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var like = new Option<string?>("--like") { Description = "Records written like this one (a record key): the same template or phrasing, ranked" };
        var selectors = new Option<FileInfo?>("--selectors")
        {
            Description = "Which selectors of a list (a file, one per line: phone:+1555…, email:…, handle:platform/name, wallet:…, or a bare number, " +
                          "address or URL; # comments) the workspace holds: records, entities, when seen, newest records",
        };
        var source = new Option<string?>("--source", "-s") { Description = "Only records of this source" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Observed at or after (e.g. 2024-05-01)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Observed before" };
        var location = new Option<string?>("--location", "-l") { Description = "Location or country contains" };
        var fuzzy = new Option<bool>("--fuzzy") { Description = "Tolerate misspelt words: every word as if written word~ (1 edit up to 5 letters, else 2)" };
        var region = new Option<string?>("--region", "-r") { Description = "Region for national numbers in phone: terms" };
        var limit = new Option<int>("--limit", "-n") { Description = "Most results", DefaultValueFactory = _ => 20 };
        limit.AtLeast(1);
        var offset = new Option<int>("--offset") { Description = "Skip this many results first (the next page)", DefaultValueFactory = _ => 0 };
        var facets = new Option<bool>("--facets") { Description = "Also count every match by source, country, place, selector kind and month" };
        var server = IngestCommand.ServerOption();
        var token = IngestCommand.TokenOption();
        var command = new Command("search", "Full-text and selector search with ranked, highlighted results")
        {
            query, like, selectors, source, from, to, location, fuzzy, region, limit, offset, facets, server, token,
        };
        command.Validators.Add(r =>
        {
            var words = r.GetValue(query) ?? [];
            var given = (words.Length > 0 ? 1 : 0) + (r.GetValue(like) is null ? 0 : 1) + (r.GetValue(selectors) is null ? 0 : 1);
            if (given == 0) r.AddError("give a query, --like RECORD or --selectors FILE");
            else if (given > 1) r.AddError("give one of a query, --like RECORD and --selectors FILE (narrow --like with --source, --from, --to, --location)");
            else if (r.GetValue(selectors) is not null && (r.GetValue(source) is not null || r.GetValue(from) is not null || r.GetValue(to) is not null
                                                          || r.GetValue(location) is not null || r.GetValue(fuzzy)))
                r.AddError("--selectors looks up every record holding each selector; it takes no --source, --from, --to, --location or --fuzzy");
        });
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            var request = new SearchRequest(string.Join(' ', parse.GetValue(query) ?? []), parse.GetValue(source), parse.GetValue(from), parse.GetValue(to),
                parse.GetValue(location), parse.GetValue(fuzzy), parse.GetValue(region), Math.Clamp(parse.GetValue(limit), 1, Workbench.MaxLimit), parse.GetValue(like),
                parse.GetValue(offset), parse.GetValue(facets));
            if (parse.GetValue(server) is { } address)
            {
                if (parse.GetValue(selectors) is not null) throw new BadRequestException("--selectors works on a workspace; on a team server, use the search page's selector list");
                using var client = IngestCommand.Client(parse, address, token);
                return Render(terminal, client.Get<SearchResponse>("api/search?" + Query(request)), parse.GetValue(g.Json));
            }
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            if (parse.GetValue(selectors) is { } list)
            {
                using var lookup = new Workbench(workspace);
                return Selectors(terminal, lookup, list, parse.GetValue(region), Math.Min(parse.GetValue(limit), 5), parse.GetValue(g.Json));
            }
            using var index = WorkspaceLocator.OpenIndex(workspace, terminal);
            using var workbench = new Workbench(workspace, index);
            return Render(terminal, workbench.Search(request), parse.GetValue(g.Json));
        }));
        return command;
    }

    /// <summary>A search as the API takes it: the same request, as query parameters.</summary>
    private static string Query(SearchRequest r)
    {
        var parameters = new List<(string, string?)>
        {
            ("q", r.Query), ("source", r.Source), ("from", r.From?.ToString("O")), ("to", r.To?.ToString("O")), ("location", r.Location),
            ("fuzzy", r.Fuzzy ? "true" : null), ("region", r.Region), ("limit", $"{r.Limit}"), ("like", r.Like), ("offset", $"{r.Offset}"),
            ("facets", r.Facets ? "true" : null),
        };
        return string.Join('&', parameters.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
    }

    /// <summary>A search's hits as a table (or JSON), wherever they came from.</summary>
    private static int Render(Terminal terminal, SearchResponse response, bool json)
    {
        var hits = response.Hits;
        var rows = hits.Select(h => new
        {
            h.Record, h.ObservedAt, h.Title, h.Location, h.Score, snippet = string.Concat(h.Snippet.Select(p => p.Text)), h.Entity,
        });
        if (json)
        {
            // A list of hits, as before; with --facets an object that also holds the total and the counts.
            if (response.Facets is { } counted) terminal.Json(new { hits = rows, response.Total, response.Offset, facets = counted });
            else terminal.Json(rows);
        }
        else
        {
            var table = new Table().AddColumns("record", "observed", "location", "title / snippet");
            foreach (var h in hits)
            {
                table.AddRow(Markup.Escape(h.Record), h.ObservedAt?.ToString("yyyy-MM-dd") ?? "", Markup.Escape(h.Location ?? h.Country ?? ""),
                    $"[bold]{Markup.Escape(h.Title ?? "")}[/]\n{MarkedText.Markup(h.Snippet)}");
            }
            terminal.Out.Write(table);
            terminal.Out.MarkupLine(response.Total > hits.Count || response.Offset > 0
                ? $"results {response.Offset + Math.Min(1, hits.Count)}–{response.Offset + hits.Count} of {response.Total:N0}."
                : $"{hits.Count} result(s).");
            if (response.Facets is { } counted) FacetTables(terminal, counted);
        }
        return hits.Count > 0 ? ExitCodes.Ok : ExitCodes.NotFound;
    }

    private static void FacetTables(Terminal terminal, Minerva.Search.FacetCounts facets)
    {
        var table = new Table().AddColumns("facet", "value", "records");
        foreach (var (name, values) in new[] { ("source", facets.Sources), ("country", facets.Countries), ("place", facets.Places), ("has", facets.Kinds), ("month", facets.Months) })
            foreach (var v in values)
                table.AddRow(name, Markup.Escape(v.Value), v.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        terminal.Out.Write(table);
    }

    /// <summary>Most bytes of a selector list (about 100,000 lines of selectors).</summary>
    private const long MaxListBytes = 16 << 20;

    /// <summary>Looks up a selector list; <paramref name="examples"/> newest records are shown per selector found.</summary>
    private static int Selectors(Terminal terminal, Workbench workbench, FileInfo list, string? region, int examples, bool json)
    {
        if (!list.Exists) throw new InputException($"{list.FullName}: no such file (--selectors)");
        if (list.Length > MaxListBytes) throw new InputException($"{list.FullName}: {list.Length:N0} bytes; a selector list may have at most {MaxListBytes:N0}");
        var lines = File.ReadAllLines(list.FullName);
        var result = workbench.FindSelectors(new SelectorListRequest(lines, region, examples));
        foreach (var bad in result.Unreadable) terminal.Warning($"{list.FullName}:{bad.Line}: {bad.Reason}");
        var read = result.Found.Count + result.NotFound.Count;
        if (json)
        {
            terminal.Json(new { file = list.FullName, selectors = read, found = result.Found, not_found = result.NotFound, unreadable = result.Unreadable });
        }
        else
        {
            var table = new Table().AddColumns("line", "selector", "records", "entities", "seen", "newest records");
            foreach (var f in result.Found)
            {
                var seen = f.Oldest is { } oldest && f.Newest is { } newest ? $"{oldest:yyyy-MM-dd} – {newest:yyyy-MM-dd}" : "";
                var entities = f.Entities.Count == 0 ? "—" : string.Join(", ", f.Entities.Take(5)) + (f.Entities.Count > 5 ? $" (+{f.Entities.Count - 5})" : "");
                table.AddRow(f.Selector.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape($"{f.Selector.Kind}:{f.Selector.Value}"),
                    f.Records.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(entities), seen,
                    Markup.Escape(string.Join("\n", f.Examples.Select(e => e.Record))));
            }
            if (result.Found.Count > 0) terminal.Out.Write(table);
            if (result.NotFound.Count > 0)
                terminal.Out.MarkupLine(Markup.Escape($"not found: {string.Join(", ", result.NotFound.Select(n => $"{n.Kind}:{n.Value}"))}"));
            terminal.Out.MarkupLine(Markup.Escape($"{result.Found.Count:N0} of {read:N0} selector(s) found" +
                (result.Unreadable.Count > 0 ? $"; {result.Unreadable.Count:N0} line(s) unreadable (warnings above)" : "") + "."));
        }
        return result.Found.Count > 0 ? ExitCodes.Ok : ExitCodes.NotFound;
    }
}
