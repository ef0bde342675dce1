using Minerva.Generator;

namespace Minerva.Benchmarks;

/// <summary>A generated corpus on disk, made once per size and seed and reused across runs.</summary>
internal static class Corpus
{
    public static string Ensure(string work, int ads)
    {
        var folder = Path.Combine(work, $"corpus-{ads}");
        var file = Path.Combine(folder, "ads.jsonl");
        var complete = Path.Combine(folder, "complete");
        if (!File.Exists(complete))
        {
            Console.Write($"generating {ads:N0} ads… ");
            var (_, clusters, bytes, _) = CorpusGenerator.Write(folder, new CorpusOptions(Ads: ads, Seed: 42));
            File.WriteAllText(complete, ""); // an interrupted run leaves no marker and is generated again
            Console.WriteLine($"{clusters:N0} networks, {bytes / 1e6:N0} MB");
        }
        return file;
    }
}
