namespace Minerva.Storage;

/// <summary>A workspace cannot be created or opened; the message says why and what to do.</summary>
public sealed class WorkspaceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkspaceException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public WorkspaceException(string message, Exception inner) : base(message, inner) { }
}
