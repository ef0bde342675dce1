using System.Text.Json;
using Minerva.Core;
using Minerva.Resolve.Features;
using Minerva.Resolve.Rules;
using Minerva.Resolve.Scoring;
using Minerva.Storage;

namespace Minerva.Resolve.Tests;

/// <summary>
/// Shared text is worth what it says: out of sample EM gave near-identical text +19 bits, so a stock bio on dozens of
/// strangers' profiles linked them. Whatever EM learns, agreeing on a text held by n of N records weighs at most
/// log2((N − 1)/(n − 1)) bits.
/// </summary>
public sealed class TextFrequencyTests
{
    private const string Stock = "serious inquiries only please message me for booking info and rates";

    private static readonly string[] Words = ["sweet", "lovely", "girl", "from", "kyiv", "riga", "new", "here", "travel", "coffee", "music",
        "dance", "yoga", "books", "sea", "mountains", "sun", "smile", "kind", "honest", "fun", "party", "art", "paint", "cats", "dogs", "wine",
        "cook", "study", "nurse", "model", "photo", "summer", "winter", "city", "lights", "beach", "night", "friends", "family", "dream", "big"];

    private static readonly RuleSet Rules = RuleLoader.Parse("""
        name: texts
        sources: ["*"]
        link_threshold: 10
        blocking:
          minhash: { field: text, bands: 8, rows: 12 }
        comparisons:
          - { name: text, minhash: text, levels: [0.8, 0.6, 0.4], min_tokens: 5 }
        """, "texts.yaml");

    /// <summary>300 profiles: 40 persons with their own bio of 30 words, as written and twice with a word changed, 60 strangers with one stock
    /// bio, 80 with bios of their own; the list is in that order.</summary>
    private static List<string> Bios()
    {
        var random = new Random(20261202);
        // Bios draw on a vocabulary of some 1,800 words (two-word compounds), so unrelated bios share a word pair by chance only rarely.
        string Word() => Words[random.Next(Words.Length)] + Words[random.Next(Words.Length)];
        string Bio() => string.Join(' ', Enumerable.Range(0, 30).Select(_ => Word()));
        var bios = new List<string>();
        for (var person = 0; person < 40; person++)
        {
            var words = Bio().Split(' ');
            for (var copy = 0; copy < 3; copy++)
            {
                var copied = words.ToArray();
                if (copy > 0) copied[random.Next(copied.Length)] = Word();
                bios.Add(string.Join(' ', copied));
            }
        }
        bios.AddRange(Enumerable.Repeat(Stock, 60));
        for (var other = 0; other < 80; other++) bios.Add(Bio());
        return bios;
    }

    private static (List<RecordFeatures> Records, Comparator Comparator, TermFrequency Frequency) Build()
    {
        var space = FeatureSpace.For(Rules);
        var table = new SelectorTable();
        var builder = new FeatureBuilder(space, table);
        var records = Bios().Select((bio, i) => builder.BuildOne(new ScannedRecord(i + 1,
            new SourceRecord { Key = new RecordKey("profiles", $"p{i}"), Text = bio, RawPayload = "{}", Origin = "test" }, []))).ToList();
        var frequency = new TermFrequency(new Dictionary<SelectorKind, double>(), records.Count)
        {
            Texts = new Dictionary<string, TextFrequency> { ["text"] = TextFrequency.Measure(records.Select(r => r.Signatures[0])) },
        };
        return (records, new Comparator(Rules, space, table, frequency), frequency);
    }

    /// <summary>The model EM fitted out of sample: near-identical text at +19 bits, λ = ½ so the prior is 0.</summary>
    private static MatchModel Misfitted(TermFrequency frequency)
    {
        double[] m = [0.6, 0.2, 0.1, 0.1];
        return new MatchModel
        {
            Lambda = 0.5,
            Comparisons = [new ComparisonModel("text", [">=0.8", ">=0.6", ">=0.4", "different"], m, [0.6 / (1 << 19), 0.2 / 64, 0.1 / 2, 0.9], [0.25, 0.25, 0.25, 0.25])],
            Frequency = frequency,
        };
    }

    [Fact]
    public void The_records_holding_a_shared_text_are_counted_from_the_signatures()
    {
        var (records, comparator, _) = Build();
        Assert.InRange(comparator.TextHolders(records[120], records[179], 0), 55, 65); // the stock bio, on 60
        var persons = Enumerable.Range(0, 40).Select(p => comparator.TextHolders(records[3 * p], records[3 * p + 1], 0)).Order().ToList();
        Assert.InRange(persons[20], 2, 3.5); // a person's own bio: their three copies
        Assert.Equal(0, comparator.TextHolders(records[0], records[120], 0)); // nothing shared
    }

    [Fact]
    public void A_stock_bio_on_sixty_profiles_is_worth_a_couple_of_bits_whatever_EM_learned()
    {
        var (records, comparator, frequency) = Build();
        var weigher = new PairWeigher(Misfitted(frequency), comparator, Rules.LinkThreshold);
        var stock = weigher.Weight(records[120], records[179]);
        Assert.InRange(stock, 0, Math.Log2(299.0 / 54)); // at most log2(299/59) ≈ 2.3 bits, against the +19 learned
        Assert.True(stock < Rules.LinkThreshold);

        // A person's own bio, on three profiles, keeps what three of 300 can say: about log2(299/2) ≈ 7.2 bits.
        var own = Enumerable.Range(0, 40).Select(p => weigher.Weight(records[3 * p], records[3 * p + 1])).Where(w => w > 0).Order().ToList();
        Assert.True(own.Count >= 30, $"{own.Count} of 40 copies reached a text level");
        Assert.InRange(own[own.Count / 2], 6.5, 8);
    }

    [Fact]
    public void A_level_weighing_less_than_its_text_can_say_is_left_as_learned()
    {
        var (records, comparator, frequency) = Build();
        var modest = Misfitted(frequency) with
        {
            Comparisons = [new ComparisonModel("text", [">=0.8", ">=0.6", ">=0.4", "different"], [0.6, 0.2, 0.1, 0.1], [0.3, 0.1, 0.05, 0.55], [0.25, 0.25, 0.25, 0.25])],
        };
        var weigher = new PairWeigher(modest, comparator, Rules.LinkThreshold);
        Assert.Equal(1.0, weigher.Weight(records[120], records[179]), 9); // log2(0.6/0.3): under the stock bio's 2.3-bit cap
    }

    [Fact]
    public void The_saved_model_weighs_shared_text_as_the_run_did()
    {
        var (records, comparator, frequency) = Build();
        var model = Misfitted(frequency);
        var saved = JsonSerializer.Deserialize<MatchModel>(JsonSerializer.Serialize(model, ModelJson.Options), ModelJson.Options)!;
        var space = FeatureSpace.For(Rules);
        var reloaded = new Comparator(Rules, space, new SelectorTable(), saved.Frequency);
        var (before, after) = (new PairWeigher(model, comparator, 10), new PairWeigher(saved, reloaded, 10));
        foreach (var (a, b) in new[] { (120, 179), (0, 1), (3, 5), (0, 200) })
            Assert.Equal(before.Weight(records[a], records[b]), after.Weight(records[a], records[b]), 5);
    }
}
