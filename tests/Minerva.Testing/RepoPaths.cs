namespace Minerva.Testing;

/// <summary>Where the repository, its connectors and the read-only shared samples are.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Minerva.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>connectors/NAME.</summary>
    public static string Connector(string name) => Path.Combine(Root, "connectors", name);

    /// <summary>../shared/samples/RELATIVE: read only, never copied into the project.</summary>
    public static string Sample(string relative) => Path.Combine(Root, "..", "shared", "samples", relative);

    /// <summary>rules/NAME.</summary>
    public static string Rules(string name) => Path.Combine(Root, "rules", name);

    /// <summary>../shared/febrl/NAME: Febrl person records with truth in their ids (read only).</summary>
    public static string Febrl(string name) => Path.Combine(Root, "..", "shared", "febrl", name);

    /// <summary>../shared/pdq/RELATIVE: PDQ test vectors (read only).</summary>
    public static string Pdq(string relative) => Path.Combine(Root, "..", "shared", "pdq", relative);

    /// <summary>../shared/formats/RELATIVE: FtM schema files and the GEXF XSD (read only).</summary>
    public static string Format(string relative) => Path.Combine(Root, "..", "shared", "formats", relative);

    /// <summary>../shared/benchmarks/RELATIVE: public entity-resolution sets with their truth (read only).</summary>
    public static string Benchmark(string relative) => Path.Combine(Root, "..", "shared", "benchmarks", relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Minerva.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Minerva.sln not found above {AppContext.BaseDirectory}");
    }
}
