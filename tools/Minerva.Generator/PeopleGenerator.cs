using System.Globalization;
using System.Text;

namespace Minerva.Generator;

/// <summary>
/// Person lists in the Febrl layout (<c>rec_id, given_name, surname, street_number, address_1, address_2, suburb,
/// postcode, state, date_of_birth, soc_sec_id</c>): originals <c>rec-N-org</c> and duplicates <c>rec-N-dup-k</c>
/// carrying the corruptions case-management exports show — typos (insert, delete, substitute, transpose),
/// abbreviations, swapped given/surname, swapped day and month, and missing values. Synthetic: no real person.
/// </summary>
public static class PeopleGenerator
{
    private static readonly string[] Given =
    [
        "olivia", "amelia", "isla", "ava", "mia", "grace", "chloe", "emily", "zoe", "ruby", "lily", "sophie", "ella", "jessica",
        "charlotte", "hannah", "madison", "sarah", "lucy", "georgia", "jack", "william", "oliver", "noah", "thomas", "james",
        "lachlan", "ethan", "samuel", "joshua", "liam", "riley", "benjamin", "daniel", "cooper", "harrison", "mitchell", "ryan",
        "nathan", "alexander", "isabella", "matilda", "kayla", "brooke", "jasmine", "tahlia", "caitlin", "bailey", "jordan", "dylan",
    ];

    private static readonly string[] SurnameStarts =
        ["mac", "ber", "har", "wal", "sond", "kel", "mor", "fin", "lan", "thom", "rob", "ash", "bre", "cam", "dal", "ev", "gil", "hol", "lis", "pen"];

    private static readonly string[] SurnameEnds =
        ["ler", "ry", "rington", "son", "geld", "ly", "gan", "ton", "yon", "as", "ertson", "ford", "nnan", "eron", "ton", "ans", "more", "den", "ter", "well"];

    private static readonly (string Long, string Short)[] StreetTypes =
        [("street", "st"), ("road", "rd"), ("avenue", "ave"), ("crescent", "cres"), ("place", "pl"), ("circuit", "cct"), ("drive", "dr")];

    private static readonly string[] StreetNames =
        ["tullaroop", "giblin", "goldfinch", "maltby", "forbes", "milne", "sturdee", "oliver", "wallaby", "hoseason", "gundulu", "pridham",
         "banks", "carrington", "dunlop", "eyre", "florey", "gellibrand", "hawker", "jardine", "kingsford", "lawson", "mawson", "norman"];

    private static readonly string[] Suburbs =
        ["st james", "bittern", "canterbury", "coolaroo", "kellerberrin", "beaconsfield", "scarborough", "toowoomba", "cleveland",
         "marsden", "granville", "utakarra", "killarney", "willaroo", "inglewood", "wintersloe", "delmar", "milton", "tremearne", "kooltuo"];

    private static readonly string[] States = ["nsw", "vic", "qld", "wa", "sa", "tas", "act", "nt"];

    /// <summary>Writes <c>people.csv</c> and <c>people-truth.csv</c> (<c>record,cluster</c>) into <paramref name="folder"/>.</summary>
    /// <returns>Records written and true duplicate pairs among them.</returns>
    public static (int Records, long TruePairs) Write(string folder, int originals, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed ^ 0x7e0);
        var utf8 = new UTF8Encoding(false);
        using var people = new StreamWriter(Path.Combine(folder, "people.csv"), false, utf8);
        using var truth = new StreamWriter(Path.Combine(folder, "people-truth.csv"), false, utf8);
        people.WriteLine("rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id");
        truth.WriteLine("record,cluster");
        var records = 0;
        long pairs = 0;
        for (var n = 0; n < originals; n++)
        {
            var person = NewPerson(random);
            var copies = random.NextDouble() < 0.5 ? 0 : 1 + (int)Math.Min(4, -Math.Log(1 - random.NextDouble()) * 1.2);
            Row(people, truth, $"rec-{n}-org", n, person);
            for (var k = 0; k < copies; k++) Row(people, truth, $"rec-{n}-dup-{k}", n, Corrupt(person, random));
            records += 1 + copies;
            pairs += (long)(copies + 1) * copies / 2;
        }
        return (records, pairs);
    }

    private static string[] NewPerson(Random random)
    {
        var (type, _) = StreetTypes[random.Next(StreetTypes.Length)];
        var birth = new DateTime(1930, 1, 1).AddDays(random.Next(75 * 365));
        return
        [
            Given[random.Next(Given.Length)],
            SurnameStarts[random.Next(SurnameStarts.Length)] + SurnameEnds[random.Next(SurnameEnds.Length)],
            random.Next(1, 300).ToString(CultureInfo.InvariantCulture),
            $"{StreetNames[random.Next(StreetNames.Length)]} {type}",
            random.NextDouble() < 0.5 ? "" : Suburbs[random.Next(Suburbs.Length)] + " village",
            Suburbs[random.Next(Suburbs.Length)],
            random.Next(2000, 7000).ToString(CultureInfo.InvariantCulture),
            States[random.Next(States.Length)],
            birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture),
        ];
    }

    /// <summary>A copy with one to three corruptions, as Febrl makes them.</summary>
    private static string[] Corrupt(string[] person, Random random)
    {
        var copy = (string[])person.Clone();
        var count = 1 + random.Next(3);
        for (var c = 0; c < count; c++)
        {
            var field = random.Next(copy.Length);
            switch (random.Next(5))
            {
                case 0 or 1: copy[field] = Typo(copy[field], random); break;
                case 2: copy[field] = ""; break; // missing
                case 3:
                    if (random.Next(2) == 0) (copy[0], copy[1]) = (copy[1], copy[0]); // given and surname swapped
                    else if (copy[8].Length == 8) copy[8] = copy[8][..4] + copy[8][6..] + copy[8][4..6]; // day and month swapped
                    break;
                default:
                    foreach (var (full, abbreviation) in StreetTypes) copy[3] = copy[3].Replace(full, abbreviation, StringComparison.Ordinal);
                    break;
            }
        }
        return copy;
    }

    private static string Typo(string value, Random random)
    {
        if (value.Length < 2) return value;
        var chars = value.ToList();
        var at = random.Next(chars.Count - 1);
        var letter = char.IsDigit(value[at]) ? (char)('0' + random.Next(10)) : (char)('a' + random.Next(26));
        switch (random.Next(4))
        {
            case 0: chars.Insert(at, letter); break;
            case 1: chars.RemoveAt(at); break;
            case 2: chars[at] = letter; break;
            default: (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); break;
        }
        return new string([.. chars]);
    }

    private static void Row(StreamWriter people, StreamWriter truth, string id, int person, string[] fields)
    {
        people.WriteLine($"{id}, {string.Join(", ", fields)}");
        truth.WriteLine($"people:{id},p{person}");
    }
}
