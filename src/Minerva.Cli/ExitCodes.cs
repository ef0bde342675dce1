namespace Minerva.Cli;

/// <summary>What the exit code of every command means (documented in README).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;
    /// <summary>Ran, but found nothing (search, record).</summary>
    public const int NotFound = 1;
    /// <summary>The command line, a query or a connector definition is wrong.</summary>
    public const int Usage = 2;
    /// <summary>The workspace is missing, unreadable or from a newer Minerva.</summary>
    public const int Workspace = 3;
    /// <summary>An input file is missing or unreadable.</summary>
    public const int Input = 4;
    /// <summary>A native library the command needs (libvips) is not installed.</summary>
    public const int MissingDependency = 5;
    /// <summary>Interrupted by the user.</summary>
    public const int Cancelled = 130;
}
