namespace Minerva.Vips.Tests;

/// <summary>How libvips is started: once, with nothing loaded that Minerva does not use.</summary>
public sealed class VipsLibraryTests
{
    [Fact]
    public void Starts_once_and_reports_its_version() =>
        Assert.Matches(@"^8\.\d+\.\d+$", VipsLibrary.Ensure());

    [Fact]
    public void Loads_no_plug_in_modules_and_no_second_sqlite()
    {
        VipsLibrary.Ensure();
        var mapped = File.ReadAllText("/proc/self/maps");
        Assert.DoesNotContain("vips-modules", mapped, StringComparison.Ordinal);
        Assert.DoesNotContain("libsqlite3.so", mapped, StringComparison.Ordinal);
    }
}
