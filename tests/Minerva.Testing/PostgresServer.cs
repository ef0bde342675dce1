using System.Diagnostics;

namespace Minerva.Testing;

/// <summary>
/// The PostgreSQL server the team server's tests use: the one <c>tools/test</c> started (<c>MINERVA_TEST_POSTGRES</c>, a
/// superuser's connection string) or, when tests run on their own, the private one <c>tools/postgres start</c> starts
/// (or finds running). Tests that cannot have one fail with its message: none is skipped.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> Server = new(Find);

    /// <summary>A superuser's connection string to the server's <c>postgres</c> database.</summary>
    public static string Superuser => Server.Value;

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("MINERVA_TEST_POSTGRES") is { Length: > 0 } given) return given;
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "tools", "postgres"), "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the team server's tests need PostgreSQL: tools/postgres start failed (exit {process.ExitCode}): {error.Result.Trim()}");
        return output.Trim();
    }
}
