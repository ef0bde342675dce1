using System.Globalization;

namespace Minerva.Generator;

/// <summary>
/// Case rows shaped like CTDC's global data rather than like a tree: every victim follows one of several trafficking
/// patterns (a "loverboy" into Western Europe, debt-bonded sexual exploitation from West Africa, domestic servitude in the
/// Gulf, forced labour at sea and on building sites in South-East Asia and the Gulf, seasonal labour in Europe, children
/// exploited at home, forced begging, the Americas), and the pattern — which is not a column — sets gender, age, the
/// corridor from citizenship to country of exploitation, the kind of exploitation and labour, the means of control and
/// who recruited. So every column depends on every other through the pattern, three columns at once (a man from Myanmar
/// in Thailand is at sea, a woman from Myanmar in Thailand is not), which a tree of pairs cannot hold. Citizenship has a
/// long tail: a few victims come from countries that appear a handful of times or once in the file. Reporting moves over
/// the years (domestic servitude reported more after 2015, Ukrainians after 2022). Blanks for unknowns, one row per
/// victim–perpetrator relationship. Synthetic: no real person.
/// </summary>
public static class PatternCaseGenerator
{
    /// <summary>The attribute columns, after <c>victimId</c>.</summary>
    public static readonly string[] Columns =
        ["gender", "ageBroad", "citizenship", "CountryOfExploitation", "year", "isSexualExploit", "isForcedLabour", "typeOfLabour",
         "meansDebtBondage", "meansWithholdsDocs", "meansRestrictsMovement", "meansThreats", "recruiterRelation", "IP_Gender"];

    /// <summary>CTDC's broad age bands.</summary>
    public static readonly string[] AgeBands = ["0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+"];

    private static readonly string[] Labour = ["Domestic work", "Construction", "Agriculture", "Fishing", "Manufacturing", "Begging", "Hospitality"];
    private static readonly string[] Relations = ["Intimate partner", "Family member", "Friend", "Employer", "Other"];

    /// <summary>Countries of the long tail: each victim from the tail picks one with Zipf-like weights, so the last ones appear about once.</summary>
    private static readonly string[] Tail =
        ["CN", "IN", "PK", "AF", "SY", "IQ", "ER", "SO", "SD", "GH", "CM", "CI", "SN", "ML", "BF", "KE", "UG", "TZ", "CD", "AO",
         "ZW", "MZ", "MG", "BR", "PE", "BO", "PY", "EC", "DO", "HT", "CU", "JM", "KG", "UZ", "TJ", "KZ", "AZ", "GE", "AM", "BY",
         "RS", "BA", "MK", "XK", "ME", "LT", "LV", "EE", "SK", "CZ", "MN", "BT", "MV", "PG", "FJ", "WS", "TL", "BN", "KM", "SC"];

    private sealed record Pattern(string Name, double Weight, double Women, int[] Ages, (string Country, double Weight)[] From, string[] To,
        double Sexual, double[] Labour, double[] Means, double[] Relations, double PerpetratorWomen, int Since = 2002);

    // Means of control, in column order: debt bondage, withholds documents, restricts movement, threats.
    private static readonly Pattern[] Patterns =
    [
        new("loverboy", 0.20, 0.96, [2, 3, 4, 5], [("RO", 5), ("BG", 3), ("HU", 2), ("MD", 2), ("AL", 2), ("UA", 1)], ["DE", "NL", "BE", "GB", "FR"],
            0.97, [0, 0, 0, 0, 0, 0, 1], [0.15, 0.25, 0.55, 0.75], [0.7, 0.02, 0.2, 0, 0.08], 0.12),
        new("debt bondage", 0.10, 0.92, [2, 3, 4, 5, 6], [("NG", 8), ("GH", 1), ("CM", 1)], ["IT", "ES", "FR", "DE"],
            0.9, [0, 0, 0, 0, 0, 0, 1], [0.9, 0.7, 0.5, 0.8], [0.02, 0.1, 0.2, 0, 0.68], 0.65),
        new("domestic servitude", 0.15, 0.93, [4, 5, 6, 7], [("PH", 5), ("ID", 4), ("LK", 2), ("ET", 3), ("NP", 2)], ["SA", "AE", "KW", "QA", "LB"],
            0.05, [1, 0, 0, 0, 0, 0, 0], [0.3, 0.92, 0.8, 0.4], [0, 0.05, 0.05, 0.8, 0.1], 0.45, 2008),
        new("labour at sea and on sites", 0.17, 0.04, [2, 3, 4, 5, 6, 7], [("MM", 4), ("KH", 3), ("LA", 1), ("BD", 3), ("NP", 2)], ["TH", "MY", "AE", "QA"],
            0.01, [0, 4, 0, 5, 1, 0, 0], [0.85, 0.6, 0.55, 0.5], [0, 0.05, 0.15, 0.5, 0.3], 0.05),
        new("seasonal labour in Europe", 0.12, 0.35, [3, 4, 5, 6, 7, 8], [("RO", 3), ("BG", 2), ("UA", 2), ("MD", 1), ("PL", 2)], ["GB", "IT", "ES", "DE", "PL"],
            0.03, [0, 2, 5, 0, 3, 0, 2], [0.55, 0.4, 0.2, 0.35], [0, 0.1, 0.35, 0.3, 0.25], 0.2),
        new("children at home", 0.14, 0.8, [1, 1, 1, 2], [("US", 5), ("MX", 2), ("UA", 2), ("PH", 2), ("GB", 2)], [],
            0.85, [1, 0, 0, 0, 0, 0, 1], [0.05, 0.1, 0.6, 0.5], [0.3, 0.45, 0.2, 0, 0.05], 0.3),
        new("forced begging", 0.05, 0.5, [0, 1, 1], [("RO", 2), ("AL", 2), ("BG", 1), ("SN", 2)], ["IT", "FR", "GR", "ES"],
            0.02, [0, 0, 0, 0, 0, 1, 0], [0.1, 0.2, 0.7, 0.6], [0, 0.85, 0.05, 0, 0.1], 0.45),
        new("the Americas", 0.07, 0.75, [2, 3, 4, 5, 6], [("MX", 3), ("GT", 2), ("HN", 2), ("SV", 1), ("VE", 2), ("CO", 2)], ["US", "MX"],
            0.6, [1, 1, 4, 0, 1, 0, 1], [0.5, 0.45, 0.45, 0.6], [0.2, 0.1, 0.3, 0.25, 0.15], 0.3),
    ];

    /// <summary>Every value the generator can write per column (blanks apart): the code lists an owner would declare.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Domains { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["gender"] = ["Woman", "Man"],
        ["ageBroad"] = AgeBands,
        ["citizenship"] = [.. Patterns.SelectMany(p => p.From.Select(f => f.Country)).Concat(Tail).Distinct().Order()],
        ["CountryOfExploitation"] = [.. Patterns.SelectMany(p => p.To.Concat(p.From.Select(f => f.Country))).Concat(Tail).Distinct().Order()],
        ["year"] = [.. Enumerable.Range(2002, 23).Select(y => y.ToString(CultureInfo.InvariantCulture))],
        ["isSexualExploit"] = ["0", "1"],
        ["isForcedLabour"] = ["0", "1"],
        ["typeOfLabour"] = Labour,
        ["meansDebtBondage"] = ["0", "1"],
        ["meansWithholdsDocs"] = ["0", "1"],
        ["meansRestrictsMovement"] = ["0", "1"],
        ["meansThreats"] = ["0", "1"],
        ["recruiterRelation"] = Relations,
        ["IP_Gender"] = ["Woman", "Man"],
    };

    /// <summary>Writes <paramref name="rows"/> rows to <paramref name="file"/>.</summary>
    public static void Write(string file, int rows, int seed)
    {
        var random = new Random(seed ^ 0x7a11);
        using var writer = new StreamWriter(file, false, new System.Text.UTF8Encoding(false));
        writer.WriteLine("victimId," + string.Join(',', Columns));
        var written = 0;
        for (var victim = 1; written < rows; victim++)
        {
            var year = 2002 + Math.Min(22, (int)(22 * Math.Sqrt(random.NextDouble()))); // more reports in later years
            var pattern = PickPattern(random, year);
            var woman = random.NextDouble() < pattern.Women;
            var age = pattern.Ages[random.Next(pattern.Ages.Length)];
            var citizenship = random.NextDouble() < 0.04
                ? Tail[Math.Min(Tail.Length - 1, (int)(Tail.Length * Math.Pow(random.NextDouble(), 2.5)))]
                : pattern.From[Weighted(random, [.. pattern.From.Select(f => f.Weight)])].Country;
            if (year >= 2022 && pattern.From.Any(f => f.Country == "UA") && random.NextDouble() < 0.5) citizenship = "UA";
            var exploitation = pattern.To.Length == 0 ? citizenship : pattern.To[random.Next(pattern.To.Length)];
            // Three-way structure within a pattern: who is at sea and who on a site depends on gender as well as the corridor.
            var labourWeights = (double[])pattern.Labour.Clone();
            if (pattern.Name == "labour at sea and on sites")
            {
                if (exploitation is "AE" or "QA") labourWeights = [woman ? 6 : 0, woman ? 0 : 8, 0, 0, 1, 0, woman ? 2 : 0];
                else if (!woman) labourWeights = [0, 1, 0, 7, 2, 0, 0];
                else labourWeights = [2, 0, 0, 0, 5, 0, 1];
            }
            var sexual = random.NextDouble() < (woman ? pattern.Sexual : pattern.Sexual * 0.3);
            var labour = !sexual || random.NextDouble() < 0.08;
            var labourType = labour && labourWeights.Sum() > 0 ? Labour[Weighted(random, labourWeights)] : "";
            // Means of control go together: a victim whose documents are held is more often also confined.
            var held = random.NextDouble() < pattern.Means[1];
            var means = new[]
            {
                random.NextDouble() < pattern.Means[0], held,
                random.NextDouble() < Math.Min(1, pattern.Means[2] * (held ? 1.3 : 0.6)), random.NextDouble() < pattern.Means[3],
            };
            var meansKnown = random.NextDouble() < 0.75;
            var perpetrators = 1 + (random.NextDouble() < 0.3 ? 1 : 0) + (random.NextDouble() < 0.08 ? 1 + random.Next(4) : 0);
            var victimColumns = string.Join(',', Blank(random, 0.02) ? "" : woman ? "Woman" : "Man", Blank(random, 0.06) ? "" : AgeBands[age],
                Blank(random, 0.05) ? "" : citizenship, exploitation, year.ToString(CultureInfo.InvariantCulture), Bit(sexual), Bit(labour), labourType,
                string.Join(',', means.Select(m => meansKnown ? Bit(m) : "")));
            for (var p = 0; p < perpetrators && written < rows; p++, written++)
            {
                var relation = Blank(random, 0.2) ? "" : Relations[Weighted(random, pattern.Relations)];
                var perpetratorWoman = random.NextDouble() < pattern.PerpetratorWomen;
                writer.WriteLine(string.Join(',', $"v{victim:D6}", victimColumns, relation, Blank(random, 0.12) ? "" : perpetratorWoman ? "Woman" : "Man"));
            }
        }
    }

    private static Pattern PickPattern(Random random, int year)
    {
        var weights = Patterns.Select(p => year < p.Since ? 0 : p.Weight * (p.Name == "domestic servitude" && year >= 2015 ? 1.8 : 1)).ToArray();
        return Patterns[Weighted(random, weights)];
    }

    private static int Weighted(Random random, double[] weights)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
            if ((u -= weights[i]) < 0) return i;
        return Array.FindLastIndex(weights, w => w > 0);
    }

    private static bool Blank(Random random, double share) => random.NextDouble() < share;

    private static string Bit(bool value) => value ? "1" : "0";
}
