using Minerva.Storage;
using Minerva.Storage.Sqlite;

namespace Minerva.Cli;

/// <summary>Finds the workspace a command works on: --workspace, else MINERVA_WORKSPACE.</summary>
internal static class WorkspaceLocator
{
    public const string Variable = "MINERVA_WORKSPACE";

    /// <exception cref="WorkspaceException">Neither is set, or the file cannot be opened.</exception>
    public static IWorkspace Open(string? option)
    {
        var path = option ?? Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(path))
            throw new WorkspaceException($"no workspace: pass --workspace FILE or set {Variable} (create one with 'minerva init FILE')");
        return SqliteWorkspace.Open(path);
    }
}
