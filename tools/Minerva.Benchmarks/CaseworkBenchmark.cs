using System.Diagnostics;
using Minerva.App;
using Minerva.Storage;
using Minerva.Storage.Sqlite;

namespace Minerva.Benchmarks;

/// <summary>
/// Case work at the scale one investigation team writes: <c>notes</c> notes (with accents and Cyrillic, as in a multi-agency
/// case), a tag on every tenth subject, and a case of 1,000 selectors. Figures: writing, <c>note find</c> (which reads every
/// note and matches them folded), a case shown whole, one subject's notes.
/// </summary>
internal static class CaseworkBenchmark
{
    public static void Run(int notes, string work)
    {
        var path = Path.Combine(work, "casework.minerva");
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        if (Directory.Exists(path + ".index")) Directory.Delete(path + ".index", recursive: true);
        using var workspace = SqliteWorkspace.Create(path);
        using var workbench = new Workbench(workspace);
        var cases = workbench.Cases;
        string[] words = ["booker", "called", "voicemail", "Łódź", "Київ", "hotel", "driver", "passports", "bus", "Berlin", "cash", "apartment"];
        Subject Phone(int i) => new(SubjectKind.Selector, $"phone:+1713555{i % 10_000:D4}");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < notes; i++)
            cases.AddNote(Phone(i), $"note {i}: {words[i % words.Length]} {words[i * 7 % words.Length]} seen at {i % 97} Main St; ref {i:x}", "analyst" + i % 85);
        var write = watch.Elapsed;
        for (var i = 0; i < notes; i += 10) cases.AddTag(Phone(i), i % 20 == 0 ? "booker" : "watch", "analyst1");
        cases.Open("Benchmark", "1,000 selectors", "analyst1");
        for (var i = 0; i < 1_000; i++) cases.Add("Benchmark", Phone(i), "analyst1");
        Console.WriteLine($"case work: {notes:N0} notes written in {write.TotalSeconds:N1} s ({write.TotalMicroseconds / notes:N0} µs each, one transaction each)");
        Report("find a rare word ('ref 3e8')", () => cases.Find("ref 3e8"));
        Report("find a common word, folded ('LODZ')", () => cases.Find("LODZ"));
        Report("find Cyrillic ('київ hotel')", () => cases.Find("київ hotel"));
        Report("show a case of 1,000 items", () => cases.Show("Benchmark"));
        Report("one subject's notes, tags, cases", () => cases.About(Phone(42)));
    }

    private static void Report(string what, Func<object?> work)
    {
        work(); // warm
        var times = new List<double>();
        var watch = Stopwatch.StartNew();
        while (times.Count < 200 && (times.Count < 5 || watch.Elapsed.TotalSeconds < 10))
        {
            var one = Stopwatch.StartNew();
            work();
            times.Add(one.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {what}: p50 {times[times.Count / 2]:N1} ms, p95 {times[(int)(times.Count * 0.95)]:N1} ms ({times.Count} runs)");
    }
}
