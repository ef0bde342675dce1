namespace Minerva.Core;

/// <summary>One small guard for invariants, so every check reads and fails the same way.</summary>
public static class Ensure
{
    /// <summary>Throws <see cref="ArgumentException"/> with <paramref name="message"/> when the condition is false.</summary>
    /// <exception cref="ArgumentException">The condition is false.</exception>
    public static void That(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
