using System.CommandLine;
using System.Globalization;
using Minerva.App;
using Minerva.Storage;
using Spectre.Console;

namespace Minerva.Cli.Commands;

/// <summary>What a note, tag or case item is about, as options: <c>--record</c>, <c>--entity</c>, <c>--selector</c> (and <c>--case</c> for notes and tags),
/// each repeated for more (one value per option, so that a note's text after <c>--entity E1</c> is not taken for a second entity).</summary>
internal sealed class SubjectOptions
{
    private readonly Option<string[]> _record = new("--record") { Description = "A record key (source:id)" };
    private readonly Option<string[]> _entity = new("--entity") { Description = "An entity id (E123)" };
    private readonly Option<string[]> _selector = new("--selector") { Description = "A selector (phone:+15551234567, email:…, handle:platform/name)" };
    private readonly Option<string[]>? _case;

    public SubjectOptions(bool cases)
    {
        if (cases) _case = new Option<string[]>("--case") { Description = "A case, by name" };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_record);
        command.Options.Add(_entity);
        command.Options.Add(_selector);
        if (_case is not null) command.Options.Add(_case);
    }

    /// <summary>Every subject named, in the order given on the command line.</summary>
    public List<Subject> Read(ParseResult parse)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal) { [_record.Name] = "record", [_entity.Name] = "entity", [_selector.Name] = "selector" };
        if (_case is not null) kinds[_case.Name] = "case";
        var subjects = new List<Subject>();
        // The tokens, not each option's values: those come grouped by option, and a case lists its items in the order added.
        var tokens = parse.Tokens;
        for (var i = 0; i + 1 < tokens.Count; i++)
            if (tokens[i].Type == System.CommandLine.Parsing.TokenType.Option && kinds.TryGetValue(tokens[i].Value, out var kind))
                subjects.Add(Casework.Parse(kind, tokens[++i].Value));
        return subjects;
    }

    /// <summary>The one subject named.</summary>
    public Subject One(ParseResult parse) => Read(parse) switch
    {
        [var one] => one,
        [] => throw new UsageException("say what it is about: --record KEY, --entity E123, --selector kind:value" + (_case is null ? "" : " or --case NAME")),
        var many => throw new UsageException($"name one thing, not {many.Count}"),
    };
}

/// <summary><c>minerva case</c>, <c>minerva note</c> and <c>minerva tag</c>: case work on the command line, through the application layer.</summary>
internal static class CaseCommands
{
    private static Option<string> By() => new("--by") { Description = "Who (default: your user name)", DefaultValueFactory = _ => Environment.UserName };

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static int Run(Terminal terminal, GlobalOptions g, ParseResult parse, Func<Workbench, int> work) => CliApp.Guard(terminal, () =>
    {
        using var workspace = WorkspaceLocator.Open(parse.GetValue(g.Workspace), terminal);
        using var workbench = new Workbench(workspace);
        return work(workbench);
    });

    public static Command Case(Terminal terminal, GlobalOptions g)
    {
        var name = new Argument<string>("name") { Description = "The case's name" };

        var description = new Option<string?>("--description") { Description = "What the case is about" };
        var by = By();
        var open = new Command("open", "Open a case: a named set of records, entities and selectors to follow together") { name, description, by };
        open.SetAction(parse => Run(terminal, g, parse, w =>
        {
            var c = w.Cases.Open(parse.GetValue(name)!, parse.GetValue(description), parse.GetValue(by)!);
            if (parse.GetValue(g.Json)) terminal.Json(c);
            else terminal.Out.MarkupLineInterpolated($"opened case '{c.Name}'; add to it with 'minerva case add \"{c.Name}\" --entity E123'");
            return ExitCodes.Ok;
        }));

        var list = new Command("list", "Every case");
        list.SetAction(parse => Run(terminal, g, parse, w =>
        {
            var cases = w.Cases.List();
            if (parse.GetValue(g.Json)) terminal.Json(cases);
            else if (cases.Count == 0) terminal.Out.MarkupLine("No cases; open one with 'minerva case open NAME'.");
            else
            {
                var table = new Table().AddColumns("case", "items", "opened by", "when", "about");
                foreach (var c in cases) table.AddRow(Markup.Escape(c.Name), $"{c.Items:N0}", Markup.Escape(c.By), Day(c.At), Markup.Escape(c.Description));
                terminal.Out.Write(table);
            }
            return ExitCodes.Ok;
        }));

        var show = new Command("show", "A case: what it holds as it stands now, with its notes and tags") { name };
        show.SetAction(parse => Run(terminal, g, parse, w =>
        {
            if (w.Cases.Show(parse.GetValue(name)!) is not { } c)
            {
                terminal.Error($"no case '{parse.GetValue(name)}'");
                return ExitCodes.NotFound;
            }
            if (parse.GetValue(g.Json))
            {
                terminal.Json(c);
                return ExitCodes.Ok;
            }
            terminal.Out.MarkupLineInterpolated($"[bold]{c.Case.Name}[/] — opened by {c.Case.By} {Day(c.Case.At)}{(c.Tags.Count > 0 ? " · #" + string.Join(" #", c.Tags) : "")}");
            if (c.Case.Description.Length > 0) terminal.Out.WriteLine(c.Case.Description, Style.Plain);
            var table = new Table().AddColumns("kind", "item", "now", "records", "tags", "notes");
            foreach (var i in c.Items)
                table.AddRow(i.Subject.Kind.ToString().ToLowerInvariant(), Markup.Escape(i.Subject.Ref), (i.Found ? "" : "[yellow]") + Markup.Escape(i.Label) + (i.Found ? "" : "[/]"),
                    $"{i.Records:N0}", Markup.Escape(string.Join(" ", i.Tags.Select(t => "#" + t))), $"{i.Notes.Count}");
            terminal.Out.Write(table);
            Notes(terminal, c.Notes);
            return ExitCodes.Ok;
        }));

        var what = new SubjectOptions(cases: false);
        var addBy = By();
        var add = new Command("add", "Add records, entities or selectors to a case") { name, addBy };
        what.AddTo(add);
        add.SetAction(parse => Run(terminal, g, parse, w =>
        {
            var subjects = what.Read(parse);
            if (subjects.Count == 0) throw new UsageException("name what to add: --record KEY, --entity E123, --selector kind:value (each may repeat)");
            var added = subjects.Select(s => (s, w.Cases.Add(parse.GetValue(name)!, s, parse.GetValue(addBy)!))).ToList();
            if (parse.GetValue(g.Json)) terminal.Json(added.Select(a => new { subject = a.s, added = a.Item2 }));
            else foreach (var (s, wasAdded) in added) terminal.Out.MarkupLineInterpolated($"{s}: {(wasAdded ? "added" : "already in the case")}");
            return ExitCodes.Ok;
        }));

        var which = new SubjectOptions(cases: false);
        var remove = new Command("remove", "Take records, entities or selectors out of a case") { name };
        which.AddTo(remove);
        remove.SetAction(parse => Run(terminal, g, parse, w =>
        {
            var subjects = which.Read(parse);
            if (subjects.Count == 0) throw new UsageException("name what to take out: --record KEY, --entity E123, --selector kind:value");
            var removed = subjects.Select(s => (s, w.Cases.Remove(parse.GetValue(name)!, s))).ToList();
            if (parse.GetValue(g.Json)) terminal.Json(removed.Select(a => new { subject = a.s, removed = a.Item2 }));
            else foreach (var (s, was) in removed) terminal.Out.MarkupLineInterpolated($"{s}: {(was ? "taken out" : "was not in the case")}");
            return ExitCodes.Ok;
        }));

        var output = new Option<string>("--out", "-o") { Description = "The case as JSON (minerva-case/1): items, their records' texts, notes, tags", Required = true };
        var gexf = new Option<string?>("--gexf") { Description = "Also the case's network as GEXF 1.3 (its items, its entities' records, the edges between them)" };
        var server = IngestCommand.ServerOption();
        var token = IngestCommand.TokenOption();
        var export = new Command("export", "Write a case out whole, for another investigator or a report") { name, output, gexf, server, token };
        export.SetAction(parse => parse.GetValue(server) is { } address ? CliApp.Guard(terminal, () =>
        {
            using var client = IngestCommand.Client(parse, address, token);
            var query = "name=" + Uri.EscapeDataString(parse.GetValue(name)!);
            var files = new List<(string Path, byte[] Bytes)> { (parse.GetValue(output)!, client.GetBytes("api/case/export?" + query)) };
            if (parse.GetValue(gexf) is { } gexfPath) files.Add((gexfPath, client.GetBytes("api/case/gexf?" + query)));
            OutputFile.WriteAll([.. files.Select(f => f.Path)], streams =>
            {
                for (var i = 0; i < files.Count; i++) streams[i].Write(files[i].Bytes);
            });
            terminal.Err.MarkupLineInterpolated($"wrote case '{parse.GetValue(name)}' from {client.Address} to {string.Join(" and ", files.Select(f => f.Path))}");
            return ExitCodes.Ok;
        }) : Run(terminal, g, parse, w =>
        {
            if (w.Cases.Export(parse.GetValue(name)!) is not { } whole)
            {
                terminal.Error($"no case '{parse.GetValue(name)}'");
                return ExitCodes.NotFound;
            }
            var network = parse.GetValue(gexf) is { } gexfPath ? (Path: gexfPath, Bytes: w.Cases.Gexf(whole.Case.Case.Name)!) : default;
            var paths = network.Path is null ? [parse.GetValue(output)!] : new[] { parse.GetValue(output)!, network.Path };
            OutputFile.WriteAll(paths, streams =>
            {
                Terminal.JsonTo(streams[0], whole);
                if (network.Path is not null) streams[1].Write(network.Bytes);
            });
            var left = whole.Left > 0 ? $" ({whole.Left:N0} more left out: at most {Casework.ExportRecordsPerItem} per item)" : "";
            terminal.Err.MarkupLineInterpolated($"wrote case '{whole.Case.Case.Name}': {whole.Case.Items.Count} items, {whole.Records.Count:N0} records{left} to {string.Join(" and ", paths)}");
            return ExitCodes.Ok;
        }));

        return new Command("case", "Cases: named sets of records, entities and selectors, with notes and tags") { open, list, show, add, remove, export };
    }

    private static void Notes(Terminal terminal, IReadOnlyList<Note> notes)
    {
        foreach (var n in notes)
        {
            terminal.Out.MarkupLineInterpolated($"[grey]#{n.Id} {n.Subject} — {n.By}, {Day(n.At)}[/]");
            terminal.Out.WriteLine(n.Text, Style.Plain); // as written: a note may hold anything, markup included
        }
    }

    public static Command Note(Terminal terminal, GlobalOptions g)
    {
        var text = new Argument<string>("text") { Description = "The note" };
        var on = new SubjectOptions(cases: true);
        var by = By();
        var add = new Command("add", "Write a note on a record, entity, selector or case (notes are kept; a correction is a new note)") { text, by };
        on.AddTo(add);
        add.SetAction(parse => Run(terminal, g, parse, w =>
        {
            var note = w.Cases.AddNote(on.One(parse), parse.GetValue(text)!, parse.GetValue(by)!);
            if (parse.GetValue(g.Json)) terminal.Json(note);
            else terminal.Out.MarkupLineInterpolated($"note {note.Id} on {note.Subject}");
            return ExitCodes.Ok;
        }));

        var about = new SubjectOptions(cases: true);
        var list = new Command("list", "The notes, tags and cases of a record, entity, selector or case");
        about.AddTo(list);
        list.SetAction(parse => Run(terminal, g, parse, w =>
        {
            var view = w.Cases.About(about.One(parse));
            if (parse.GetValue(g.Json))
            {
                terminal.Json(view);
                return ExitCodes.Ok;
            }
            var tags = view.Tags.Count == 0 ? "none" : string.Join(" ", view.Tags.Select(t => "#" + t.Name));
            var cases = view.Cases.Count == 0 ? "no case" : string.Join(", ", view.Cases.Select(c => $"'{c}'"));
            terminal.Out.MarkupLineInterpolated($"{view.Subject}: {view.Notes.Count} note(s); tags {tags}; in {cases}");
            Notes(terminal, view.Notes);
            return ExitCodes.Ok;
        }));

        var query = new Argument<string>("words") { Description = "Words that must all be in a note, tag or case (case and accents aside)" };
        var limit = new Option<int>("--limit", "-n") { Description = "Most hits", DefaultValueFactory = _ => 100 };
        var find = new Command("find", "Search notes, tags and cases, newest first") { query, limit };
        find.SetAction(parse => Run(terminal, g, parse, w =>
        {
            var hits = w.Cases.Find(parse.GetValue(query)!, parse.GetValue(limit));
            if (parse.GetValue(g.Json))
            {
                terminal.Json(hits);
                return ExitCodes.Ok;
            }
            if (hits.Count == 0)
            {
                terminal.Error($"no note, tag or case has '{parse.GetValue(query)}'");
                return ExitCodes.NotFound;
            }
            var table = new Table().AddColumns("found", "on", "text", "by", "when");
            foreach (var h in hits) table.AddRow(h.Kind, Markup.Escape(h.Subject.ToString()), Markup.Escape(h.Text.Length > 200 ? h.Text[..200] + "…" : h.Text), Markup.Escape(h.By), Day(h.At));
            terminal.Out.Write(table);
            return ExitCodes.Ok;
        }));

        return new Command("note", "Notes on records, entities, selectors and cases; a search over notes, tags and cases") { add, list, find };
    }

    public static Command Tag(Terminal terminal, GlobalOptions g)
    {
        Command Change(string name, string description, bool adding)
        {
            var tag = new Argument<string>("tag") { Description = "One word: letters, digits, '-', '_', '.' (e.g. minor-suspected)" };
            var on = new SubjectOptions(cases: true);
            var by = By();
            var command = new Command(name, description) { tag };
            if (adding) command.Options.Add(by);
            on.AddTo(command);
            command.SetAction(parse => Run(terminal, g, parse, w =>
            {
                var subjects = on.Read(parse);
                if (subjects.Count == 0) throw new UsageException("say what to tag: --record KEY, --entity E123, --selector kind:value or --case NAME (each may repeat)");
                var changed = subjects.Select(s => (s, adding ? w.Cases.AddTag(s, parse.GetValue(tag)!, parse.GetValue(by)!) : w.Cases.RemoveTag(s, parse.GetValue(tag)!))).ToList();
                if (parse.GetValue(g.Json)) terminal.Json(changed.Select(c => new { subject = c.s, changed = c.Item2 }));
                else foreach (var (s, did) in changed)
                        terminal.Out.MarkupLineInterpolated($"{s}: {(adding ? did ? "tagged" : "already tagged" : did ? "untagged" : "did not have the tag")}");
                return ExitCodes.Ok;
            }));
            return command;
        }

        var which = new Argument<string?>("tag") { Description = "List what carries this tag (every tag with its count when left out)", Arity = ArgumentArity.ZeroOrOne };
        var list = new Command("list", "Tags in use, or what carries one") { which };
        list.SetAction(parse => Run(terminal, g, parse, w =>
        {
            if (parse.GetValue(which) is { } tag)
            {
                var tagged = w.Cases.Tagged(tag);
                if (parse.GetValue(g.Json)) terminal.Json(tagged);
                else foreach (var t in tagged) terminal.Out.MarkupLineInterpolated($"{t.Subject} [grey]({t.By}, {Day(t.At)})[/]");
                return tagged.Count == 0 && !parse.GetValue(g.Json) ? ExitCodes.NotFound : ExitCodes.Ok;
            }
            var tags = w.Cases.Tags();
            if (parse.GetValue(g.Json)) terminal.Json(tags.Select(t => new { tag = t.Tag, subjects = t.Subjects }));
            else foreach (var (t, n) in tags) terminal.Out.MarkupLineInterpolated($"#{t}: {n}");
            return ExitCodes.Ok;
        }));

        return new Command("tag", "Tags on records, entities, selectors and cases")
        {
            Change("add", "Tag records, entities, selectors or cases", adding: true),
            Change("remove", "Take a tag off", adding: false),
            list,
        };
    }
}
