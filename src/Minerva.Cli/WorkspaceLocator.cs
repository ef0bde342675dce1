using Spectre.Console;
using Minerva.Search;
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

    /// <summary>Opens the workspace's search index, bringing it up to date (a rebuild says so, with progress, on the
    /// error stream); its warnings are shown on <paramref name="terminal"/>.</summary>
    public static RecordIndex OpenIndex(IWorkspace workspace, Terminal terminal, CancellationToken cancellation = default)
    {
        var told = false;
        var index = RecordIndex.Open(workspace, new SynchronousProgress<IndexProgress>(p =>
        {
            // Catching up a few records is quick and not worth a line; a rebuild of many is.
            if (told || p.Total < 50_000) return;
            told = true;
            terminal.Err.MarkupLine($"[grey]indexing {p.Total:N0} records for search (once: the index is kept beside the workspace)…[/]");
        }), cancellation);
        foreach (var warning in index.Warnings) terminal.Warning(warning);
        return index;
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (<see cref="Progress{T}"/> posts to the pool,
    /// so its lines could come after the command's output).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
