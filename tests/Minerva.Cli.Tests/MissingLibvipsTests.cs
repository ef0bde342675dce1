using System.Diagnostics;
using Minerva.Testing;

namespace Minerva.Cli.Tests;

/// <summary>
/// A fresh machine without libvips, as a newcomer meets it: libvips is hidden in a private mount namespace (its file
/// replaced by /dev/null for this process only), and the commands that need it must say so and exit 5 — the demo's
/// generator died with exit 134 and no message, and `images hash` printed a 44-line AggregateException.
/// </summary>
public sealed class MissingLibvipsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Minerva.Generator.dll", "--ads", "100", "--seed", "1", "--photos", "--out", "OUT")]
    [InlineData("minerva.dll", "images", "hash", "PHOTO")]
    public void A_command_that_needs_libvips_says_how_to_install_it_and_exits_5(string program, params string[] args)
    {
        var library = Libvips();
        string[] arguments = [.. args.Select(a => a == "OUT" ? _folder.File("corpus") : a == "PHOTO" ? RepoPaths.Sample("citypulse/photos/mia-1.jpg") : a)];
        var command = $"mount --bind /dev/null {library} && exec dotnet {Path.Combine(AppContext.BaseDirectory, program)} {string.Join(' ', arguments.Select(a => $"'{a}'"))}";
        using var process = Process.Start(new ProcessStartInfo("unshare", ["--mount", "sh", "-c", command])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == ExitCodes.MissingDependency, $"exit {process.ExitCode}: {error}");
        Assert.Contains("apt-get install libvips42", error);
        Assert.DoesNotContain("   at ", error);
    }

    /// <summary>Where the loader finds libvips (ldconfig's cache): the file to hide.</summary>
    private static string Libvips()
    {
        using var ldconfig = Process.Start(new ProcessStartInfo("ldconfig", ["-p"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var line = ldconfig.StandardOutput.ReadToEnd().Split('\n').FirstOrDefault(l => l.Contains("libvips.so.42", StringComparison.Ordinal));
        ldconfig.WaitForExit();
        Assert.True(line is not null, "libvips is not installed (tools/setup.sh installs it)");
        return line![(line.LastIndexOf("=> ", StringComparison.Ordinal) + 3)..].Trim();
    }
}
