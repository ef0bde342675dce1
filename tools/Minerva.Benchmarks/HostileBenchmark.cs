using System.Diagnostics;
using System.Text;
using Minerva.Extraction;
using Minerva.Generator;
using Minerva.Images;
using Minerva.Ingest;
using Minerva.Ingest.Definitions;
using Minerva.Storage.Sqlite;
using Minerva.Vips;

namespace Minerva.Benchmarks;

/// <summary>
/// Hostile input for a fixed time per stage: generated texts for extraction, files for the connectors, mutated images for
/// the decoder. Prints inputs tried, crashes (an exception other than the documented refusal), the cost per KB (worst
/// case and how it grows with the input: a linear stage costs the same per KB at 4 KB and at 256 KB) and peak memory.
/// Seeded: a crash prints the seed and input that made it.
/// </summary>
internal static class HostileBenchmark
{
    // Pieces ads and attackers write: digits in every disguise, separators, money and percent signs, emoji, selector cues,
    // and characters that break naive code (lone surrogates, U+FFFF, bidi controls, combining marks, NUL).
    private static readonly string[] Pieces =
    [
        "713 555 0142 ", "7135550142 ", "(713) 555-0142", "+44 20 7946 0958 ", "0049 151 2345 6789 ", "06 12 34 56 78 ", "seven ", "one ", "O",
        "l", "5\uFE0F\u20E3", "\U0001F618", "-", ".", "(", ")", "%", "$", "€", "+", "00", "011", "@", " at ", " dot ", "gmail", ".com", "http://",
        "www.", "instagram.com/", "@mia.rose22 ", "kik me ", "telegram ", "wa.me/4915123456789 ", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ",
        "0x52908400098527886E0F7030069857D2E4169EE7 ", "\uD800", "\uDC00", "\uFFFF", "\u202E", "\u200B", "\u0301", "\0", "\t", "\n", "ü",
        "mia", "new in town ", "100% real ", "50% off ", "id 12345678 ", "12.05.2024 ", "#", "\\", "\"", "<", ">", "&amp;", "=",
    ];

    public static void Run(int secondsPerStage, string work, int seed = 1)
    {
        Console.WriteLine($"hostile input: {secondsPerStage} s per stage, seed {seed}");
        Extraction(secondsPerStage, new Random(seed));
        Connectors(secondsPerStage, new Random(seed), Path.Combine(work, "hostile"));
        Images(secondsPerStage, new Random(seed), Path.Combine(work, "hostile-images"));
        Console.WriteLine($"hostile input: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");
    }

    private static string Text(Random random, int bytes, string? repeated)
    {
        var text = new StringBuilder(bytes + 64);
        while (text.Length < bytes) text.Append(repeated ?? Pieces[random.Next(Pieces.Length)]);
        return text.ToString();
    }

    /// <summary>Random mixes, and each piece repeated (the shape that made phone extraction cubic): cost per KB at 4 and 256 KB.</summary>
    private static void Extraction(int seconds, Random random)
    {
        long tried = 0, crashes = 0, kilobytes = 0;
        double worst = 0;
        var worstInput = "";
        var clock = Stopwatch.StartNew();
        var total = Stopwatch.StartNew();
        var growth = new List<(string Piece, double Small, double Large)>();
        foreach (var piece in Pieces)
        {
            var small = PerKb(Text(random, 4 << 10, piece), ref crashes);
            var large = PerKb(Text(random, 256 << 10, piece), ref crashes);
            tried += 2;
            kilobytes += 260;
            growth.Add((piece, small, large));
        }
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var size = random.Next(3) == 0 ? random.Next(16 << 10, 256 << 10) : random.Next(64, 4 << 10);
            var text = Text(random, size, null);
            var perKb = PerKb(text, ref crashes);
            tried++;
            kilobytes += Math.Max(1, size >> 10);
            if (perKb > worst) (worst, worstInput) = (perKb, Printable(text[..Math.Min(60, text.Length)]));
        }
        var steepest = growth.OrderByDescending(g => g.Large / Math.Max(g.Small, 0.01)).Take(3).ToList();
        Console.WriteLine($"  extraction: {tried:N0} texts ({kilobytes / 1024.0:N1} MB) in {total.Elapsed.TotalSeconds:N1} s, {crashes} crashes; " +
                          $"{total.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, kilobytes):N1} µs/KB on average, worst mixed text {worst:N0} µs/KB (\"{worstInput}…\")");
        Console.WriteLine($"  extraction, one piece repeated: µs/KB at 4 KB → 256 KB; steepest growth " +
                          string.Join(", ", steepest.Select(g => $"\"{Printable(g.Piece)}\" {g.Small:N1} → {g.Large:N1} (×{g.Large / Math.Max(g.Small, 0.01):N1})")) + "; costliest " +
                          string.Join(", ", growth.OrderByDescending(g => g.Large).Take(3).Select(g => $"\"{Printable(g.Piece)}\" {g.Large:N0}")));
    }

    private static double PerKb(string text, ref long crashes)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            SelectorExtractor.ExtractText(text, "US");
        }
        catch (Exception e)
        {
            crashes++;
            Console.WriteLine($"  CRASH extraction: {e.GetType().Name}: {e.Message} on \"{Printable(text[..Math.Min(80, text.Length)])}\"");
        }
        return watch.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, text.Length / 1024.0);
    }

    /// <summary>Generated hostile files through the shipped readers: every run must finish, and its counts add up.</summary>
    private static void Connectors(int seconds, Random random, string folder)
    {
        Directory.CreateDirectory(folder);
        var definitions = new Dictionary<string, ConnectorDefinition>
        {
            ["jsonl"] = DefinitionLoader.Parse("source: j\nformat: jsonl\nid: id\nphone_region: US\nfields:\n  text: body\n  images: img\n", "j.yaml"),
            ["csv"] = DefinitionLoader.Parse("source: c\nformat: csv\nid: id\nencoding: auto\nfields:\n  text: body\n", "c.yaml"),
            ["html"] = DefinitionLoader.Parse("source: h\nformat: html\nrecord: div.ad\nid: { css: \"a\", attribute: href }\nfields:\n  text: p\n", "h.yaml"),
        };
        long files = 0, crashes = 0, items = 0, quarantined = 0, bytes = 0, unbalanced = 0;
        double worst = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var format = definitions.Keys.ElementAt(random.Next(definitions.Count));
            var file = Path.Combine(folder, $"input.{format}");
            File.WriteAllBytes(file, HostileFile(format, random));
            var size = new FileInfo(file).Length;
            var path = Path.Combine(folder, $"w{files}.minerva");
            var watch = Stopwatch.StartNew();
            try
            {
                using var workspace = SqliteWorkspace.Create(path);
                var r = new Ingestor(workspace).Run(definitions[format], [file]);
                items += r.Read;
                quarantined += r.Quarantined;
                if (r.Read != r.Ingested + r.Updated + r.Duplicate + r.Quarantined) unbalanced++;
            }
            catch (InputException)
            {
                // a refusal with a reason (an empty CSV header, a UTF-16 file) is the documented outcome
            }
            catch (Exception e)
            {
                crashes++;
                Console.WriteLine($"  CRASH {format} connector: {e.GetType().Name}: {e.Message}");
            }
            worst = Math.Max(worst, watch.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, size / 1024.0));
            files++;
            bytes += size;
            foreach (var f in Directory.EnumerateFiles(folder, "w*.minerva*")) File.Delete(f);
        }
        Console.WriteLine($"  connectors: {files:N0} files ({bytes / 1e6:N1} MB, {items:N0} items, {quarantined:N0} quarantined) in {clock.Elapsed.TotalSeconds:N1} s, " +
                          $"{crashes} crashes, {unbalanced} runs whose counts did not add up; worst {worst:N0} µs/KB (workspace creation included)");
    }

    private static byte[] HostileFile(string format, Random random)
    {
        var lines = random.Next(1, 200);
        var output = new MemoryStream();
        void Write(string s) => output.Write(Encoding.UTF8.GetBytes(s));
        if (format == "csv") Write("id,body\n");
        if (format == "html") Write("<html><body>");
        for (var i = 0; i < lines; i++)
        {
            var body = Text(random, random.Next(0, 2000), null).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
            switch (format, random.Next(8))
            {
                case ("jsonl", 0): Write(new string('[', random.Next(1, 5000)) + "\n"); break; // nesting
                case ("jsonl", 1): output.Write([0xC3, 0x28, 0xFF, 0x0A]); break; // invalid UTF-8
                case ("jsonl", 2): Write($"{{\"id\":\"{i}\",\"body\":\"\\ud800{i}\",\"img\":[\"../../../../etc/passwd\",\"/dev/zero\"]}}\n"); break;
                case ("jsonl", 3): Write($"{{\"id\":{i},\"body\":{{\"nested\":[1,2,{{}}]}}}}\n"); break;
                case ("jsonl", _): Write($"{{\"id\":\"{i}\",\"body\":\"{Escape(body)}\"}}\n"); break;
                case ("csv", 0): Write($"{i},\"unterminated {Escape(body)}\n"); break;
                case ("csv", 1): Write($"{i},\"a\"b\",c\n"); break;
                case ("csv", 2): output.Write([.. Encoding.UTF8.GetBytes($"{i},"), 0xE9, 0xFC, (byte)'\r', (byte)'\n']); break;
                case ("csv", _): Write($"{i},\"{body.Replace("\n", " ", StringComparison.Ordinal)}\"\n"); break;
                case ("html", 0): Write(string.Concat(Enumerable.Repeat("<div>", random.Next(1, 6000)))); break;
                case ("html", 1): Write("<script>" + string.Concat(Enumerable.Repeat("<div class=ad>", 200)) + "</script>"); break;
                case ("html", 2): Write($"<div class=ad><a href=\"x{i}\">{System.Net.WebUtility.HtmlEncode(body)}<p>"); break;
                case ("html", _): Write($"<div class=ad><a href=\"x{i}\"></a><p>{System.Net.WebUtility.HtmlEncode(body)}</p></div>"); break;
                default: Write(body + "\n"); break;
            }
        }
        return output.ToArray();
    }

    private static string Escape(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var c in s) b.Append(c < 0x20 || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return b.ToString();
    }

    /// <summary>Real photos with bytes flipped, cut, or a header claiming a huge size; decoding must refuse them, not crash or hang.</summary>
    private static void Images(int seconds, Random random, string folder)
    {
        Directory.CreateDirectory(folder);
        try
        {
            VipsLibrary.Ensure();
        }
        catch (VipsUnavailableException e)
        {
            Console.WriteLine($"  images: skipped ({e.Message})");
            return;
        }
        var originals = new List<byte[]>();
        foreach (var (w, h) in new[] { (320, 240), (640, 480) })
        {
            var jpeg = Path.Combine(folder, $"o{w}.jpg");
            var png = Path.Combine(folder, $"o{w}.png");
            ImageEncoder.Save(SyntheticPhoto.Render(w, w, h), w, h, jpeg);
            ImageEncoder.Save(SyntheticPhoto.Render(w, w, h), w, h, png);
            originals.Add(File.ReadAllBytes(jpeg));
            originals.Add(File.ReadAllBytes(png));
        }
        long tried = 0, refused = 0, crashes = 0;
        double worstMs = 0;
        var peakBefore = Process.GetCurrentProcess().PeakWorkingSet64;
        var clock = Stopwatch.StartNew();
        var file = Path.Combine(folder, "mutant");
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var bytes = (byte[])originals[random.Next(originals.Count)].Clone();
            switch (random.Next(4))
            {
                case 0:
                    for (var k = random.Next(1, 50); k > 0; k--) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes = bytes[..random.Next(1, bytes.Length)];
                    break;
                case 2: // header fields (JPEG SOF, PNG IHDR) overwritten with large values
                    for (var k = 0; k < 8; k++) bytes[random.Next(2, Math.Min(200, bytes.Length))] = 0xFF;
                    break;
                default:
                    for (var k = random.Next(1, 5); k > 0; k--)
                    {
                        var at = random.Next(bytes.Length);
                        Array.Fill(bytes, (byte)random.Next(256), at, Math.Min(random.Next(1, 4096), bytes.Length - at));
                    }
                    break;
            }
            File.WriteAllBytes(file, bytes);
            var watch = Stopwatch.StartNew();
            try
            {
                ImageHasher.Hash(file);
                ExifReader.Read(file);
            }
            catch (ImageRejectedException)
            {
                refused++;
            }
            catch (Exception e)
            {
                crashes++;
                Console.WriteLine($"  CRASH image: {e.GetType().Name}: {e.Message}");
            }
            worstMs = Math.Max(worstMs, watch.Elapsed.TotalMilliseconds);
            tried++;
        }
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"  images: {tried:N0} mutated JPEG/PNG files in {clock.Elapsed.TotalSeconds:N1} s, {refused:N0} refused with a reason, {crashes} crashes; " +
                          $"slowest {worstMs:N0} ms; peak working set {peak / 1e6:N0} MB ({Math.Max(0, peak - peakBefore) / 1e6:N0} MB above the stage's start)");
    }

    private static string Printable(string s) =>
        new(s.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFF' or '\u202E' or '\u200B' ? '·' : c).ToArray());
}
