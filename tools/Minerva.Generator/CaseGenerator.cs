using System.Globalization;

namespace Minerva.Generator;

/// <summary>
/// Victim–perpetrator case rows shaped like CTDC's: one row per relationship, categorical attributes with
/// realistic dependencies (exploitation type on gender, exploitation region on origin, recruiter roles on
/// relation), blanks for unknowns. Some victims carry the phone of a generated network, linking case data
/// to ads. Synthetic: no real person.
/// </summary>
public static class CaseGenerator
{
    /// <summary>The attribute columns, after <c>victimId</c>.</summary>
    public static readonly string[] Columns =
        ["gender", "ageBroad", "age", "year", "UN_COO_Region", "UN_COE_Region", "isSexualExploit", "isForcedLabour",
         "IP_Relation", "IP_Gender", "IP_RecruiterBroker", "IP_Exploiter", "phone"];

    /// <summary>The binning scheme the generated numeric ages are released under (minerva release --bin).</summary>
    public const string AgeBins = "age=0,12,18,25,35,50";

    private static readonly string[] Regions = ["Africa", "Americas", "Asia", "Europe", "Oceania"];
    private static readonly string[] Relations = ["Intimate partner", "Family member", "Friend", "Employer", "Other"];

    /// <summary>Writes <paramref name="rows"/> rows to <paramref name="file"/>; <paramref name="phones"/> are network phones to link some victims to.</summary>
    public static void Write(string file, int rows, int seed, IReadOnlyList<string> phones)
    {
        var random = new Random(seed ^ 0x5eed);
        var ages = new Random(seed ^ 0xa9e); // its own source: the other columns are as they were before ages existed
        using var writer = new StreamWriter(file, false, new System.Text.UTF8Encoding(false));
        writer.WriteLine("victimId," + string.Join(',', Columns));
        var written = 0;
        for (var victim = 1; written < rows; victim++)
        {
            var woman = random.NextDouble() < 0.7;
            var gender = Blank(random, 0.02) ? "" : woman ? "Woman" : "Man";
            var age = Blank(random, 0.05) ? "" : random.NextDouble() < 0.22 ? "Child" : "Adult";
            var origin = Regions[Skewed(random, Regions.Length)];
            var exploitation = random.NextDouble() < 0.7 ? origin : Regions[random.Next(Regions.Length)];
            var sexual = woman ? random.NextDouble() < 0.75 : random.NextDouble() < 0.15;
            var labour = !sexual || random.NextDouble() < 0.1;
            var year = (2002 + Skewed(random, 22)).ToString(CultureInfo.InvariantCulture);
            // A numeric age where the case file recorded one (mostly when the broad group is known), consistent with it.
            var exactAge = ages.NextDouble() < (age == "" ? 0.2 : 0.8)
                ? (age == "Child" ? ages.Next(6, 18) : age == "Adult" ? 18 + Skewed(ages, 45) : ages.Next(6, 60)).ToString(CultureInfo.InvariantCulture)
                : "";
            var phone = phones.Count > 0 && random.NextDouble() < 0.1 ? phones[random.Next(phones.Count)] : "";
            var perpetrators = 1 + (random.NextDouble() < 0.3 ? 1 : 0) + (random.NextDouble() < 0.1 ? 1 + random.Next(4) : 0);
            for (var p = 0; p < perpetrators && written < rows; p++, written++)
            {
                var relation = Blank(random, 0.15) ? "" : Relations[Skewed(random, Relations.Length)];
                var perpetratorWoman = random.NextDouble() < (sexual ? 0.35 : 0.25);
                var recruiter = relation is "Intimate partner" or "Friend" || random.NextDouble() < 0.4;
                var exploiter = !recruiter || random.NextDouble() < 0.5;
                writer.WriteLine(string.Join(',', $"v{victim:D6}", gender, age, exactAge, year, origin, exploitation, Bit(sexual), Bit(labour),
                    relation, Blank(random, 0.1) ? "" : perpetratorWoman ? "Woman" : "Man", Bit(recruiter), Bit(exploiter), phone));
            }
        }
    }

    private static bool Blank(Random random, double share) => random.NextDouble() < share;

    private static string Bit(bool value) => value ? "1" : "0";

    /// <summary>A category index with a falling frequency, as real category counts have.</summary>
    private static int Skewed(Random random, int count) => Math.Min(count - 1, (int)(-Math.Log(1 - random.NextDouble()) * count / 3));
}
