using Minerva.Storage;
using Minerva.Storage.Sqlite;

namespace Minerva.Cli;

/// <summary>Finds the workspace a command works on: --workspace, else MINERVA_WORKSPACE.</summary>
internal static class WorkspaceLocator
{
    public const string Variable = "MINERVA_WORKSPACE";

    /// <summary>Opens the workspace; what opening could not finish (see <see cref="SqliteWorkspace.Warnings"/>) is shown on
    /// <paramref name="terminal"/>.</summary>
    /// <exception cref="WorkspaceException">Neither is set, or the file cannot be opened.</exception>
    public static IWorkspace Open(string? option, Terminal terminal)
    {
        var path = option ?? Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(path))
            throw new WorkspaceException($"no workspace: pass --workspace FILE or set {Variable} (create one with 'minerva init FILE')");
        // A relative MINERVA_WORKSPACE is relative to the folder a command runs in: after a 'cd' it names another file.
        if (option is null && !Path.IsPathRooted(path) && !File.Exists(path))
            throw new WorkspaceException($"{Variable}={path} is a relative path, and there is no {Path.GetFullPath(path)} in this folder; " +
                                         $"set it to the absolute path (export {Variable}=\"$PWD/{path}\" where the workspace is) or pass --workspace");
        var workspace = SqliteWorkspace.Open(path);
        foreach (var warning in workspace.Warnings) terminal.Warning(warning);
        return workspace;
    }
}
