namespace Minerva.Resolve.Rules;

/// <summary>A rule file, or the data it is applied to, is invalid; the message names the file, line and field.</summary>
public sealed class RuleException : Exception
{
    /// <summary>Creates the exception for a place in a file (line 0: the whole file).</summary>
    public RuleException(string file, int line, string message)
        : base(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
    {
    }

    /// <summary>Creates the exception for a problem not tied to a rule file (a truth file, an argument).</summary>
    public RuleException(string message)
        : base(message)
    {
    }
}
