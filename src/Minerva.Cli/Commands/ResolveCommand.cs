using System.CommandLine;
using Minerva.App;
using Minerva.Resolve;
using Minerva.Resolve.Rules;
using Minerva.Storage;
using Spectre.Console;

namespace Minerva.Cli.Commands;

internal static class ResolveCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var rules = new Option<string>("--rules")
        {
            Description = $"Rule file, or a built-in rule set ({string.Join(", ", RuleLoader.BuiltIn)})",
            DefaultValueFactory = _ => "ads",
        };
        var explain = new Option<bool>("--explain-model") { Description = "Print the fitted m and u of every comparison level" };
        var full = new Option<bool>("--full") { Description = "Re-resolve everything and re-estimate the model, even if only new records were added" };
        var labels = new Option<string?>("--labels")
        {
            Description = "Calibrate m and u with labelled pairs: CSV record_a,record_b,match (1/0); implies --full",
        };
        var decisions = new Option<bool>("--train-on-decisions")
        {
            Description = "Calibrate m and u with the decisions recorded by 'mark' as labelled pairs too; implies --full",
        };
        var exclude = new Option<string[]>("--exclude-source")
        {
            Description = "Leave a source out of the resolution (repeatable), e.g. the case records a release --from-network attaches afterwards",
            DefaultValueFactory = _ => [],
        };
        var server = IngestCommand.ServerOption();
        var token = IngestCommand.TokenOption();
        var command = new Command("resolve", "Link records into entities with scored, explainable evidence (incremental after the first run)")
        {
            rules, explain, full, labels, decisions, exclude, server, token,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CliApp.Guard(terminal, () =>
        {
            if (parse.GetValue(server) is { } address)
            {
                if (parse.GetValue(labels) is not null || parse.GetValue(exclude)!.Length > 0 || parse.GetValue(rules) != "ads")
                    throw new BadRequestException("a team server resolves its tenant with its own rules: --rules, --labels and --exclude-source work on a workspace only");
                using var client = IngestCommand.Client(parse, address, token);
                var remote = Remote(terminal, client, parse.GetValue(full), parse.GetValue(decisions), cancel);
                if (parse.GetValue(g.Json)) terminal.Json(remote);
                else Print(terminal, remote, parse.GetValue(explain));
                return ExitCodes.Ok;
            }
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var request = new ResolveRequest(parse.GetValue(rules)!, parse.GetValue(full), parse.GetValue(labels), parse.GetValue(decisions),
                parse.GetValue(exclude)!);
            var workbench = new Workbench(workspace);
            ResolveReport? report = null;
            if (terminal.Interactive)
            {
                LongWork.Bars(terminal).Start(ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    static void Finish(ProgressTask task)
                    {
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                    report = workbench.Resolve(request, new Progress<ResolveProgress>(p =>
                    {
                        // A stage that has started ends the ones before it: their bars fill and their clocks stop.
                        foreach (var other in tasks.Where(t => t.Key != p.Stage && !t.Value.IsFinished).Select(t => t.Value)) Finish(other);
                        if (!tasks.TryGetValue(p.Stage, out var task)) tasks[p.Stage] = task = ctx.AddTask(p.Stage, maxValue: 1);
                        task.Value = Math.Max(task.Value, p.Fraction);
                    }), cancel);
                    foreach (var task in tasks.Values) Finish(task);
                });
            }
            else report = workbench.Resolve(request, null, cancel);
            if (parse.GetValue(g.Json)) terminal.Json(report);
            else Print(terminal, report!, parse.GetValue(explain));
            return ExitCodes.Ok;
        })));
        return command;
    }

    /// <summary>Where a resolution started on the server stands (GET /api/resolve).</summary>
    private sealed record RemoteStatus(string State, string? Stage, double Fraction, ResolveReport? Report, string? Error);

    /// <summary>Starts a resolution of the token's tenant on the server and follows it until it ends.</summary>
    /// <exception cref="WorkspaceException">It failed, was cancelled on the server, or another was running.</exception>
    private static ResolveReport Remote(Terminal terminal, Minerva.Web.Client.TeamClient client, bool full, bool trainOnDecisions, CancellationToken cancel)
    {
        var status = client.Post<RemoteStatus>("api/resolve", new { full, train_on_decisions = trainOnDecisions });
        var said = "";
        while (status.State == "running")
        {
            if (terminal.Interactive && status.Stage is { } stage && stage != said) terminal.Err.MarkupLineInterpolated($"[grey]{said = stage}…[/]");
            Task.Delay(TimeSpan.FromMilliseconds(500), cancel).GetAwaiter().GetResult();
            status = client.Get<RemoteStatus>("api/resolve");
        }
        return status is { State: "done", Report: { } report } ? report
            : throw new WorkspaceException($"the resolution on {client.Address} ended {status.State}: {status.Error ?? "without a report"}");
    }

    private static void Print(Terminal terminal, ResolveReport r, bool explainModel)
    {
        terminal.Out.MarkupLineInterpolated(
            $"[bold]resolve {r.RuleSet}[/] ({r.Mode}) over {string.Join(", ", r.Sources)}: {r.NewRecords:N0} of {r.Records:N0} records resolved, {r.Candidates:N0} candidate pairs compared, {r.Links:N0} links");
        if (r.Mode == "incremental" && r.NewRecords == 0) terminal.Out.MarkupLine("Nothing new since the last resolution; entities are unchanged ([bold]--full[/] re-resolves everything).");
        else
            terminal.Out.MarkupLineInterpolated(
                $"{r.Entities:N0} entities {(r.Mode == "incremental" ? "re-formed " : "")}({r.MultiRecordEntities:N0} with two or more records, largest {r.LargestEntity:N0}); {r.EntityIdsKept:N0} kept their previous id");
        if (r.Mode == "full" || r.NewRecords > 0)
        {
            var c = r.Contradictions;
            terminal.Out.MarkupLineInterpolated(
                $"{r.ApartPairs:N0} compared pairs that links connect score at or below cannot_link; {r.KeptApart:N0} merges refused for such a pair across the groups; pairs inside an entity at or below it: {c.Below:N0}{(c.TooLarge > 0 ? $" ({c.TooLarge:N0} entities too large to check pair by pair)" : "")}");
        }
        var blockers = new Table().Title("candidates by blocker").AddColumns("blocker", "pairs", "blocks skipped (too large)");
        foreach (var b in r.Blockers) blockers.AddRow(Markup.Escape(b.Blocker), $"{b.Pairs:N0}", $"{b.SkippedBlocks:N0}");
        terminal.Out.Write(blockers);
        if (r.Hubs.Count > 0)
        {
            var hubs = new Table().Title($"{r.Hubs.Count:N0} hub selectors suppressed (they link nothing)").AddColumns("kind", "value", "records", "why");
            foreach (var h in r.Hubs.Take(20)) hubs.AddRow(h.Kind.ToString().ToLowerInvariant(), Markup.Escape(h.Value), $"{h.Records:N0}", Markup.Escape(h.Reason));
            terminal.Out.Write(hubs);
        }
        terminal.Out.MarkupLine((r.Model.Converged ? "EM converged" : "[yellow]EM did not converge[/]") +
            FormattableString.Invariant($" after {r.Model.Iterations} iterations; λ = {r.Model.Lambda:G4} (prior {r.Model.Prior:+0.00;-0.00} bits)"));
        if (r.Model.Constrained.Count > 0)
            terminal.Warning($"the fit was constrained for {string.Join(", ", r.Model.Constrained)}: on these records a more similar " +
                "level scored lower than a less similar one, so those levels were pooled (see --explain-model; the comparison or a blocker may not suit these sources)");
        if (r.Model.LabelledPairs > 0) terminal.Out.MarkupLineInterpolated($"m and u calibrated with {r.Model.LabelledPairs:N0} labelled pairs");
        if (explainModel) terminal.Out.Write(ModelTable.Of(r.Model));
        terminal.Out.MarkupLineInterpolated($"[grey]seconds: {string.Join(", ", r.Seconds.Select(s => $"{s.Key} {s.Value:0.0}"))}[/]");
    }
}
