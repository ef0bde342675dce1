using Minerva.Storage.Sqlite;

namespace Minerva.Testing;

/// <summary>Base of a test class whose tests each get a folder and a fresh workspace, both removed afterwards.</summary>
public abstract class WorkspaceTest : IDisposable
{
    /// <summary>Creates the folder and the workspace.</summary>
    protected WorkspaceTest()
    {
        Folder = new TempFolder();
        Workspace = Folder.NewWorkspace();
    }

    /// <summary>This test's folder.</summary>
    protected TempFolder Folder { get; }

    /// <summary>This test's workspace.</summary>
    protected SqliteWorkspace Workspace { get; }

    /// <summary>Closes what the test opened on the workspace, before the workspace is closed.</summary>
    protected virtual void Closing()
    {
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Closing();
        Workspace.Dispose();
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
