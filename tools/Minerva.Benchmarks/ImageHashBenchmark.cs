using System.Diagnostics;
using Minerva.Generator;
using Minerva.Images;
using Minerva.Vips;

namespace Minerva.Benchmarks;

/// <summary>
/// Decode + PDQ throughput on generated 1024×768 JPEG photos (quality 85): one core, then all cores. Files are
/// written once into the work folder and re-used; the first pass warms the page cache and is not counted.
/// </summary>
internal static class ImageHashBenchmark
{
    public static void Run(int count, string work)
    {
        var folder = Path.Combine(work, "photos-1024x768");
        Directory.CreateDirectory(folder);
        var files = Enumerable.Range(0, count).Select(i => Path.Combine(folder, $"p{i:D5}.jpg")).ToArray();
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            var made = Stopwatch.StartNew();
            Parallel.ForEach(missing, file =>
                ImageEncoder.Save(SyntheticPhoto.Render(Path.GetFileName(file).GetHashCode(StringComparison.Ordinal), 1024, 768), 1024, 768, file, quality: 85));
            Console.WriteLine($"wrote {missing.Count:N0} photos in {made.Elapsed.TotalSeconds:N1} s");
        }
        foreach (var f in files) ImageHasher.Hash(f); // warm-up: page cache, JIT, libvips start
        var single = Stopwatch.StartNew();
        foreach (var f in files) ImageHasher.Hash(f);
        var perCore = count / single.Elapsed.TotalSeconds;
        var all = Stopwatch.StartNew();
        Parallel.ForEach(files, f => ImageHasher.Hash(f));
        var allCores = count / all.Elapsed.TotalSeconds;
        var decoded = files.Take(50).Select(f => ImageDecoder.DecodeLuma(f)).ToList();
        var pdq = Stopwatch.StartNew();
        foreach (var image in decoded) Pdq.Dihedral(image.Luma, image.Width, image.Height);
        var pdqMs = pdq.Elapsed.TotalMilliseconds / decoded.Count;
        Console.WriteLine($"pdq hashing, 1024×768 JPEG: {perCore:N0} images/s on one core ({1000 / perCore:N1} ms each: PDQ with its 8 forms " +
                          $"{pdqMs:N1} ms on {decoded[0].Width}×{decoded[0].Height}, the rest decoding), " +
                          $"{allCores:N0} images/s on {Environment.ProcessorCount} cores (libvips {VipsLibrary.Version})");
    }
}
