using System.CommandLine;
using System.CommandLine.Parsing;
using Minerva.Cli.Commands;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Resolve.Rules;
using Minerva.Search;
using Minerva.Storage;

namespace Minerva.Cli;

/// <summary>The command tree. Every command maps failures to the documented exit codes with one clear message.</summary>
public static class CliApp
{
    /// <summary>Runs the program with <paramref name="args"/> on <paramref name="terminal"/>.</summary>
    public static int Run(string[] args, Terminal terminal)
    {
        var root = Tree(terminal);
        var parse = root.Parse(OldSpellings.Rewrite(root, args, terminal));
        if (Refusal(parse) is { } refusal)
        {
            terminal.Error(refusal);
            terminal.ErrWriter.WriteLine($"See '{string.Join(' ', CommandPath(parse))} --help'.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(new InvocationConfiguration { Output = terminal.OutWriter, Error = terminal.ErrWriter });
    }

    /// <summary>The command tree, writing to <paramref name="terminal"/>.</summary>
    internal static RootCommand Tree(Terminal terminal)
    {
        // Options are made per run: a System.CommandLine symbol belongs to one command tree.
        var g = new GlobalOptions(
            new Option<string?>("--workspace", "-w") { Description = $"Workspace file (default: ${WorkspaceLocator.Variable})", Recursive = true },
            new Option<bool>("--json") { Description = "Write results as JSON for scripts", Recursive = true });
        var root = new RootCommand("Minerva: link analysis and entity resolution for human-trafficking investigations.") { g.Workspace, g.Json };
        foreach (var command in new[]
                 {
                     InitCommand.Create(terminal, g), IngestCommand.Create(terminal, g), ExtractCommand.Create(terminal, g),
                     SearchCommand.Create(terminal, g), RecordCommand.Create(terminal, g), StatsCommand.Create(terminal, g),
                     QuarantineCommand.Create(terminal, g), AuditCommand.Create(terminal, g), TeamCommand.Create(terminal, g), ConnectorCommand.Create(terminal, g), ResolveCommand.Create(terminal, g),
                     EvalCommand.Create(terminal, g), EntityCommand.Create(terminal, g), EntitiesCommand.Create(terminal, g),
                     WhyCommand.Create(terminal, g), Commands.Graph.GraphCommand.Create(terminal, g), BudgetCommand.Create(terminal, g),
                     Commands.Release.ReleaseCommand.Create(terminal, g), Commands.Images.ImagesCommand.Create(terminal, g),
                     CheckCommand.Create(terminal, g), ServeCommand.Create(terminal, g), MarkCommand.Create(terminal, g),
                     CaseCommands.Case(terminal, g), CaseCommands.Note(terminal, g), CaseCommands.Tag(terminal, g),
                 })
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>
    /// What is wrong with the command line, worded for people: System.CommandLine's own errors exit 1 (the README and
    /// scripts expect 2) and name .NET types ("System.Nullable`1[System.DateTimeOffset]"), and a token such as
    /// <c>--bogus</c> that matches no option would be taken as a search word. Null when it is fine.
    /// </summary>
    private static string? Refusal(ParseResult parse)
    {
        if (parse.Errors.Count > 0 && parse.Tokens.All(t => t.Value is not ("--help" or "-h" or "-?" or "--version")))
            return string.Join("; ", parse.Errors.Select(e => Friendly(e.Message)).Distinct());
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) break;
            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && (token.Value[1] == '-' || char.IsAsciiLetter(token.Value[1])))
                return $"unknown option '{token.Value}' (to use it as a value, write it after '--': minerva search -- {token.Value})";
        }
        return null;
    }

    /// <summary>The words of the command <paramref name="parse"/> runs, from "minerva" down.</summary>
    internal static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var path = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            path.Insert(0, result.Command is RootCommand ? "minerva" : result.Command.Name);
        return path;
    }

    /// <summary>A parser message with .NET type names replaced by what the value should look like.</summary>
    private static string Friendly(string message) => System.Text.RegularExpressions.Regex.Replace(message,
        @"as expected type '([^']+)'", m => "as " + (m.Groups[1].Value switch
        {
            var t when t.Contains("DateTimeOffset", StringComparison.Ordinal) || t.Contains("DateTime", StringComparison.Ordinal) => "a date such as 2024-05-01",
            var t when t.Contains("Int32", StringComparison.Ordinal) || t.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("Single", StringComparison.Ordinal) => "a number",
            var t when t.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => "the expected kind of value",
        }));

    /// <summary>Wraps a command body: known failures become a message and an exit code, never a stack trace.</summary>
    internal static int Guard(Terminal terminal, Func<int> body)
    {
        try
        {
            return Unwrapped(body);
        }
        catch (WorkspaceException e) { terminal.Error(e.Message); return ExitCodes.Workspace; }
        catch (Microsoft.Data.Sqlite.SqliteException e) { terminal.Error(StorageMessage(e)); return ExitCodes.Workspace; }
        catch (System.Data.Common.DbException e) { terminal.Error($"workspace error: {e.Message}"); return ExitCodes.Workspace; }
        catch (DefinitionException e) { terminal.Error(e.Message); return ExitCodes.Usage; }
        catch (QueryException e) { terminal.Error(e.Message); return ExitCodes.Usage; }
        catch (Minerva.App.BadRequestException e) { terminal.Error(e.Message); return ExitCodes.Usage; }
        catch (InputException e) { terminal.Error(e.Message); return ExitCodes.Input; }
        catch (RuleException e) { terminal.Error(e.Message); return ExitCodes.Usage; }
        catch (UsageException e) { terminal.Error(e.Message); return ExitCodes.Usage; }
        catch (Minerva.Vips.VipsUnavailableException e) { terminal.Error(e.Message); return ExitCodes.MissingDependency; }
        catch (IngestCancelledException e) { terminal.Error(e.Message); return ExitCodes.Cancelled; }
        catch (OperationCanceledException) { terminal.Error("cancelled"); return ExitCodes.Cancelled; }
    }

    /// <summary>What a storage failure means for the user, and what to do.</summary>
    private static string StorageMessage(Microsoft.Data.Sqlite.SqliteException e) => Minerva.Storage.Sqlite.StorageFaults.Of(e) switch
    {
        Minerva.Storage.Sqlite.StorageFault.DiskFull =>
            "the disk holding the workspace is full. What was committed before is kept; free space and run the command again " +
            "(an interrupted ingest resumes where its stored records end: re-running it counts those as duplicates)",
        Minerva.Storage.Sqlite.StorageFault.ReadOnly => "the workspace (or its folder) is read-only: this command writes to it",
        Minerva.Storage.Sqlite.StorageFault.Busy => "another process is writing to the workspace and did not finish within 5 s; try again when it is done",
        Minerva.Storage.Sqlite.StorageFault.Damaged => "the workspace is damaged: restore it from a copy ('minerva check' lists what is wrong)",
        _ => $"workspace error: {e.Message}",
    };

    /// <summary>Parallel loops wrap what a body threw: one kind of failure is reported as itself, not as a list of traces.</summary>
    private static int Unwrapped(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(x => x.GetType() == inner[0].GetType()))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner[0]).Throw();
            throw;
        }
    }
}

/// <summary>Options every command accepts.</summary>
/// <param name="Workspace">--workspace FILE.</param>
/// <param name="Json">--json.</param>
internal sealed record GlobalOptions(Option<string?> Workspace, Option<bool> Json);
