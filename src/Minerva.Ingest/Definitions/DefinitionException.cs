namespace Minerva.Ingest.Definitions;

/// <summary>A connector definition is invalid; the message names the file, the line and what is wrong.</summary>
public sealed class DefinitionException : Exception
{
    /// <summary>Creates the exception for a place in a file.</summary>
    public DefinitionException(string file, int line, string message)
        : base(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
    {
        File = file;
        Line = line;
    }

    /// <summary>The definition file.</summary>
    public string File { get; }

    /// <summary>1-based line, or 0 when the whole file is at fault.</summary>
    public int Line { get; }
}
