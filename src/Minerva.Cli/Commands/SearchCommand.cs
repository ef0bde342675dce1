using System.CommandLine;
using Minerva.App;
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
        var source = new Option<string?>("--source", "-s") { Description = "Only records of this source" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Observed at or after (e.g. 2024-05-01)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Observed before" };
        var location = new Option<string?>("--location", "-l") { Description = "Location or country contains" };
        var fuzzy = new Option<bool>("--fuzzy") { Description = "Tolerate misspelt words: every word as if written word~ (1 edit up to 5 letters, else 2)" };
        var region = new Option<string?>("--region", "-r") { Description = "Region for national numbers in phone: terms" };
        var limit = new Option<int>("--limit", "-n") { Description = "Most results", DefaultValueFactory = _ => 20 };
        limit.AtLeast(1);
        var command = new Command("search", "Full-text and selector search with ranked, highlighted results")
        {
            query, like, source, from, to, location, fuzzy, region, limit,
        };
        command.Validators.Add(r =>
        {
            var words = r.GetValue(query) ?? [];
            if (words.Length == 0 && r.GetValue(like) is null) r.AddError("give a query, or --like RECORD");
            else if (words.Length > 0 && r.GetValue(like) is not null) r.AddError("give a query or --like RECORD, not both (narrow --like with --source, --from, --to, --location)");
        });
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var request = new SearchRequest(string.Join(' ', parse.GetValue(query) ?? []), parse.GetValue(source), parse.GetValue(from), parse.GetValue(to),
                parse.GetValue(location), parse.GetValue(fuzzy), parse.GetValue(region), Math.Clamp(parse.GetValue(limit), 1, Workbench.MaxLimit), parse.GetValue(like));
            using var index = WorkspaceLocator.OpenIndex(workspace, terminal);
            using var workbench = new Workbench(workspace, index);
            var hits = workbench.Search(request).Hits;
            if (parse.GetValue(g.Json))
            {
                terminal.Json(hits.Select(h => new
                {
                    h.Record, h.ObservedAt, h.Title, h.Location, h.Score, snippet = string.Concat(h.Snippet.Select(p => p.Text)), h.Entity,
                }));
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
                terminal.Out.MarkupLine($"{hits.Count} result(s).");
            }
            return hits.Count > 0 ? ExitCodes.Ok : ExitCodes.NotFound;
        }));
        return command;
    }
}
