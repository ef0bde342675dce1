using System.CommandLine;
using Minerva.App;
using Minerva.Storage;
using Spectre.Console;

namespace Minerva.Cli.Commands;

/// <summary><c>minerva audit</c>: the workspace's audit trail — read it, verify its chain, find a selector in it.</summary>
internal static class AuditCommand
{
    public static Command Create(Terminal terminal, GlobalOptions g)
    {
        var after = new Option<int>("--after") { Description = "Show entries after this one (paging)", DefaultValueFactory = _ => 0 };
        after.AtLeast(0);
        var limit = new Option<int>("--limit", "-n") { Description = "Most entries", DefaultValueFactory = _ => 100 };
        limit.AtLeast(1);
        var database = TeamCommand.DatabaseOption("the application's role (minerva_app)");
        database.Description += "; reads that tenant's trail instead of the workspace's";
        var tenant = new Option<int>("--tenant") { Description = "The tenant whose trail to read (with --database)" };
        var command = new Command("audit", "The audit trail: every search, view, export, correction and release, by whom and when, selector values hashed") { after, limit };
        foreach (var option in new Option[] { database, tenant }) command.Options.Add(option);
        // The trail asked for: the workspace's, or a tenant's on the team database.
        T WithTrail<T>(ParseResult parse, Func<IAuditTrail, string, T> use)
        {
            if (TeamCommand.Database(parse, database) is { } team)
            {
                if (parse.GetValue(tenant) < 1) throw new BadRequestException("give the tenant whose trail to read: --tenant ID ('minerva team tenant list')");
                var (trail, connection) = TeamCommand.TenantTrail(team, parse.GetValue(tenant));
                using (connection) return use(trail, $"tenant {parse.GetValue(tenant)}");
            }
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            return use(workspace.Audit, workspace.Location);
        }
        command.SetAction(parse => CliApp.Guard(terminal, () => WithTrail(parse, (trail, _) =>
        {
            Render(terminal, parse.GetValue(g.Json), new Auditing(trail).Entries(parse.GetValue(after), parse.GetValue(limit)));
            return ExitCodes.Ok;
        })));

        var verify = new Command("verify", "Replay the trail's hash chain: exits 3 naming the first entry that was edited, deleted or added behind its back");
        verify.SetAction(parse => CliApp.Guard(terminal, () => WithTrail(parse, (trail, where) =>
        {
            var check = new Auditing(trail).Verify();
            if (parse.GetValue(g.Json)) terminal.Json(new { intact = check.Intact, entries = check.Entries, head = check.Head, problem = check.Problem });
            else if (check.Intact) terminal.Out.MarkupLineInterpolated($"audit trail intact: {check.Entries:N0} entries, ending in {check.Head}");
            else terminal.Error($"the audit trail of {where} was altered: {check.Problem}");
            return check.Intact ? ExitCodes.Ok : ExitCodes.Workspace;
        })));

        var selector = new Argument<string>("selector") { Description = "A selector as kind:value (phone:+17135550142, email:lily@example.com)" };
        var region = new Option<string?>("--region") { Description = "Country for a phone number written without one (ISO code)" };
        var naming = new Command("selector", "Entries naming a selector (the trail holds its keyed hash, never the value)") { selector, region };
        naming.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            if (SelectorLists.Read(parse.GetValue(selector)!, parse.GetValue(region)?.ToUpperInvariant(), out var reason) is not { } read)
                throw new BadRequestException($"'{parse.GetValue(selector)}' is not a selector ({reason ?? "write it as kind:value"})");
            return WithTrail(parse, (trail, _) =>
            {
                var entries = new Auditing(trail).Naming(read.Kind, read.Value);
                Render(terminal, parse.GetValue(g.Json), entries);
                return entries.Count > 0 ? ExitCodes.Ok : ExitCodes.NotFound;
            });
        }));
        foreach (var sub in new[] { verify, naming })
        {
            sub.Options.Add(database);
            sub.Options.Add(tenant);
            command.Add(sub);
        }
        return command;
    }

    private static void Render(Terminal terminal, bool json, IReadOnlyList<AuditEntry> entries)
    {
        if (json)
        {
            terminal.Json(entries.Select(e => new { e.Seq, e.At, e.Action, e.Actor, e.Target, e.Detail, e.Hash }));
            return;
        }
        var table = new Table().AddColumns("#", "when (UTC)", "who", "did", "to", "detail");
        foreach (var e in entries)
            table.AddRow($"{e.Seq}", $"{e.At:yyyy-MM-dd HH:mm:ss}", Markup.Escape(e.Actor), Markup.Escape(e.Action), Markup.Escape(e.Target), Markup.Escape(e.Detail));
        terminal.Out.Write(table);
        terminal.Out.MarkupLine($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}.");
    }
}
