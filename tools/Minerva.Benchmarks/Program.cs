using System.Diagnostics;
using System.Globalization;
using Minerva.Benchmarks;

// Usage: Minerva.Benchmarks [extract|store|ingest|query|rebuild|resolve|graph|release|images|hashing|hostile|chart|api|casework|team-ingest|team-load|all] [--ads N] [--seconds S] [--work FOLDER] [--shape cases|patterns]
var ads = 100_000;
var seconds = 20;
var work = Path.Combine(Path.GetTempPath(), "minerva-bench");
var which = "all";
string? shape = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--ads": ads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--work": work = args[++i]; break;
        case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--shape": shape = args[++i]; break;
        case "extract" or "ingest" or "query" or "rebuild" or "store" or "resolve" or "graph" or "release" or "images" or "hashing" or "hostile" or "chart" or "api" or "casework" or "team-ingest" or "team-load" or "all": which = args[i]; break;
        default:
            Console.Error.WriteLine("usage: Minerva.Benchmarks [extract|store|ingest|query|rebuild|resolve|graph|release|images|hashing|hostile|chart|api|casework|team-ingest|team-load|all] [--ads N] [--seconds S] [--work FOLDER] [--shape cases|patterns]");
            return 2;
    }
}
Directory.CreateDirectory(work);
Console.WriteLine($"Minerva benchmarks: {ads:N0} {which switch { "graph" => "graph nodes", "release" => "case rows", "images" => "image hashes", "hashing" => "photos", "casework" => "notes", _ => "generated ads" }}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (which == "hostile")
{
    HostileBenchmark.Run(seconds, work);
    return 0;
}
if (which == "graph")
{
    GraphBenchmark.Run(ads);
    return 0;
}
if (which == "images")
{
    ImageIndexBenchmark.Run(ads);
    return 0;
}
if (which == "hashing")
{
    ImageHashBenchmark.Run(ads, work);
    return 0;
}
if (which == "casework")
{
    CaseworkBenchmark.Run(ads, work);
    return 0;
}
if (which == "team-load")
{
    await TeamLoadBenchmark.Run(ads, seconds, work);
    return 0;
}
if (which == "release")
{
    ReleaseBenchmark.Run(ads, work, shape);
    return 0;
}
var corpus = Corpus.Ensure(work, ads);
if (which is "extract" or "all") ExtractionBenchmark.Run(corpus);
if (which is "store" or "all") StoreBenchmark.Run(corpus, work, Math.Min(ads, 100_000));
if (which is "ingest" or "all") IngestBenchmark.Run(corpus, work);
if (which is "team-ingest") TeamIngestBenchmark.Run(corpus, work);
if (which is "query") IngestBenchmark.Query(corpus, work);
if (which is "rebuild") IngestBenchmark.Rebuild(corpus, work);
if (which is "chart") await ChartBenchmark.Run(corpus, work, 2_000);
if (which is "api") await ApiBenchmark.Run(corpus, work);
if (which is "resolve" or "all") ResolveBenchmark.Run(corpus, work, ads);
Console.WriteLine($"peak working set of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");
return 0;
