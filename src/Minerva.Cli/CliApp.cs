using System.CommandLine;
using Minerva.Cli.Commands;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Search;
using Minerva.Storage;

namespace Minerva.Cli;

/// <summary>The command tree. Every command maps failures to the documented exit codes with one clear message.</summary>
public static class CliApp
{
    /// <summary>Option shared by every command that works on a workspace.</summary>
    internal static readonly Option<string?> WorkspaceOption = new("--workspace", "-w")
    {
        Description = $"Workspace file (default: ${WorkspaceLocator.Variable})",
        Recursive = true,
    };

    /// <summary>Option shared by every command with machine-readable output.</summary>
    internal static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Write results as JSON for scripts",
        Recursive = true,
    };

    /// <summary>Runs the program with <paramref name="args"/> on <paramref name="terminal"/>.</summary>
    public static int Run(string[] args, Terminal terminal)
    {
        var root = new RootCommand("Minerva: link analysis and entity resolution for human-trafficking investigations.")
        {
            WorkspaceOption,
            JsonOption,
        };
        foreach (var command in new[]
                 {
                     InitCommand.Create(terminal), IngestCommand.Create(terminal), ExtractCommand.Create(terminal),
                     SearchCommand.Create(terminal), RecordCommand.Create(terminal), StatsCommand.Create(terminal),
                     QuarantineCommand.Create(terminal), ConnectorCommand.Create(terminal),
                 })
            root.Subcommands.Add(command);
        var parse = root.Parse(args);
        return parse.Invoke(new InvocationConfiguration { Output = terminal.OutWriter, Error = terminal.ErrWriter });
    }

    /// <summary>Wraps a command body: known failures become a message and an exit code, never a stack trace.</summary>
    internal static int Guard(Terminal terminal, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (WorkspaceException e) { terminal.Error(e.Message); return ExitCodes.Workspace; }
        catch (DefinitionException e) { terminal.Error(e.Message); return ExitCodes.Usage; }
        catch (QueryException e) { terminal.Error(e.Message); return ExitCodes.Usage; }
        catch (InputException e) { terminal.Error(e.Message); return ExitCodes.Input; }
        catch (OperationCanceledException) { terminal.Error("cancelled"); return ExitCodes.Cancelled; }
    }
}
