namespace Minerva.Ingest;

/// <summary>An input cannot be read at all (missing, unreadable, wrong shape); the message names the file and why.</summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InputException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public InputException(string message, Exception inner) : base(message, inner) { }
}
