using System.CommandLine;
using Minerva.App;
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
        var command = new Command("audit", "The audit trail: every search, view, export, correction and release, by whom and when, selector values hashed") { after, limit };
        command.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var entries = new Auditing(workspace.Audit).Entries(parse.GetValue(after), parse.GetValue(limit));
            Render(terminal, parse.GetValue(g.Json), entries);
            return ExitCodes.Ok;
        }));

        var verify = new Command("verify", "Replay the trail's hash chain: exits 3 naming the first entry that was edited, deleted or added behind its back");
        verify.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            var check = new Auditing(workspace.Audit).Verify();
            if (parse.GetValue(g.Json)) terminal.Json(new { intact = check.Intact, entries = check.Entries, head = check.Head, problem = check.Problem });
            else if (check.Intact) terminal.Out.MarkupLineInterpolated($"audit trail intact: {check.Entries:N0} entries, ending in {check.Head}");
            else terminal.Error($"the audit trail of {workspace.Location} was altered: {check.Problem}");
            return check.Intact ? ExitCodes.Ok : ExitCodes.Workspace;
        }));

        var selector = new Argument<string>("selector") { Description = "A selector as kind:value (phone:+17135550142, email:lily@example.com)" };
        var region = new Option<string?>("--region") { Description = "Country for a phone number written without one (ISO code)" };
        var naming = new Command("selector", "Entries naming a selector (the trail holds its keyed hash, never the value)") { selector, region };
        naming.SetAction(parse => CliApp.Guard(terminal, () =>
        {
            using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
            if (SelectorLists.Read(parse.GetValue(selector)!, parse.GetValue(region)?.ToUpperInvariant(), out var reason) is not { } read)
                throw new BadRequestException($"'{parse.GetValue(selector)}' is not a selector ({reason ?? "write it as kind:value"})");
            var entries = new Auditing(workspace.Audit).Naming(read.Kind, read.Value);
            Render(terminal, parse.GetValue(g.Json), entries);
            return entries.Count > 0 ? ExitCodes.Ok : ExitCodes.NotFound;
        }));
        command.Add(verify);
        command.Add(naming);
        return command;
    }

    private static void Render(Terminal terminal, bool json, IReadOnlyList<Storage.AuditEntry> entries)
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
