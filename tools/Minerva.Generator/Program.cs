using System.Globalization;
using Minerva.Generator;

// Usage: Minerva.Generator [--ads N] [--seed S] [--cases N] [--people N] [--photos] --out FOLDER
const string usage = "usage: Minerva.Generator [--ads N] [--seed S] [--cases N] [--people N] [--photos] --out FOLDER";
var options = new CorpusOptions();
var people = 0;
string? folder = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--ads": options = options with { Ads = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--seed": options = options with { Seed = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--cases": options = options with { Cases = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--photos": options = options with { Photos = true }; break;
        case "--people": people = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out": folder = args[++i]; break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; {usage}");
            return 2;
    }
}
if (folder is null || options.Ads < 1)
{
    Console.Error.WriteLine(usage);
    return 2;
}
CorpusSummary written;
try
{
    written = CorpusGenerator.Write(folder, options, n => Console.Error.Write($"\r{n:N0} ads    "), n => Console.Error.Write($"\r{n:N0} photos    "));
}
catch (Exception e) when (e is Minerva.Vips.VipsUnavailableException || e is AggregateException a && a.Flatten().InnerExceptions.Any(x => x is Minerva.Vips.VipsUnavailableException or DllNotFoundException))
{
    // --photos encodes JPEGs through libvips; without it the parallel writer died with exit 134 and no message.
    Console.Error.WriteLine();
    Console.Error.WriteLine($"error: --photos needs libvips: {Minerva.Vips.VipsLibrary.InstallHint}");
    return 5;
}
Console.Error.WriteLine();
var photos = options.Photos ? $", {written.Photos:N0} photos in img/" : "";
Console.WriteLine($"wrote {written.Ads:N0} ads from {written.Clusters:N0} planted networks ({written.Bytes / 1e6:N1} MB){photos}, profiles.csv, cases.csv, truth.csv and selectors.csv to {Path.GetFullPath(folder)} (seed {options.Seed})");
if (people > 0)
{
    var (records, pairs) = PeopleGenerator.Write(folder, people, options.Seed);
    Console.WriteLine($"wrote people.csv: {records:N0} person records of {people:N0} people ({pairs:N0} true duplicate pairs), people-truth.csv");
}
return 0;
