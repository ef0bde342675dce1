using Minerva.Resolve.Features;
using Minerva.Resolve.Scoring;

namespace Minerva.Resolve.Tests;

public sealed class SimilarityTests
{
    [Theory]
    [InlineData("martha", "marhta", 0.9611)] // the textbook transposition case (Winkler 1990)
    [InlineData("dwayne", "duane", 0.84)]
    [InlineData("dixon", "dicksonx", 0.8133)]
    [InlineData("abc", "abc", 1.0)]
    [InlineData("abc", "xyz", 0.0)]
    [InlineData("", "abc", 0.0)]
    public void Jaro_winkler_matches_published_values(string a, string b, double expected) =>
        Assert.Equal(expected, Similarity.JaroWinkler(a, b), 3);

    [Fact]
    public void Jaro_winkler_is_symmetric_on_random_strings()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var a = new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)('a' + random.Next(5))).ToArray());
            var b = new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)('a' + random.Next(5))).ToArray());
            Assert.Equal(Similarity.JaroWinkler(a, b), Similarity.JaroWinkler(b, a), 9);
        }
    }

    [Fact]
    public void Minhash_estimates_jaccard_similarity_of_word_pairs()
    {
        var random = new Random(11);
        var vocabulary = Enumerable.Range(0, 5000).Select(i => $"w{i}").ToArray();
        for (var trial = 0; trial < 40; trial++)
        {
            var shared = Enumerable.Range(0, random.Next(10, 80)).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToList();
            var a = shared.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => vocabulary[random.Next(vocabulary.Length)])).ToList();
            var b = shared.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => vocabulary[random.Next(vocabulary.Length)])).ToList();
            var exact = Jaccard(Bigrams(a), Bigrams(b));
            var estimate = MinHasher.Similarity(MinHasher.Signature(string.Join(' ', a))!, MinHasher.Signature(string.Join(' ', b))!);
            // 96 hashes: standard error sqrt(J(1-J)/96) <= 0.051; 0.2 is about four standard errors.
            Assert.True(Math.Abs(exact - estimate) < 0.2, $"trial {trial}: exact {exact:0.00}, estimate {estimate:0.00}");
        }
    }

    [Fact]
    public void Minhash_ignores_case_and_punctuation_and_has_no_signature_for_empty_text()
    {
        Assert.Equal(1.0, MinHasher.Similarity(MinHasher.Signature("Sweet Mia, in TOWN!")!, MinHasher.Signature("sweet mia in town")!));
        Assert.Null(MinHasher.Signature(" ... "));
    }

    private static HashSet<string> Bigrams(List<string> words) => words.Zip(words.Skip(1), (x, y) => $"{x} {y}").ToHashSet();

    private static double Jaccard(HashSet<string> a, HashSet<string> b) => a.Intersect(b).Count() / (double)a.Union(b).Count();

    [Fact]
    public void Tfidf_cosine_counts_a_shared_rare_word_for_more_than_a_shared_common_one()
    {
        var titles = new[] { "microsoft office 2007 basic", "microsoft office 2007 standard", "adobe photoshop elements", "microsoft windows vista",
            "microsoft money plus", "quickbooks pro 2007", "microsoft visio standard" };
        var cosine = new TfidfCosine(FieldVocabulary.Measure(titles));
        var rare = cosine.Similarity("quickbooks premier", "quickbooks pro 2007");
        var common = cosine.Similarity("microsoft premier", "microsoft money plus");
        Assert.True(rare > common, $"rare word {rare:0.000}, common word {common:0.000}");
        Assert.Equal(1, cosine.Similarity("office 2007 microsoft", "microsoft office 2007"), 1e-9); // word order does not matter
        Assert.Equal(0, cosine.Similarity("adobe", "quickbooks"));
    }

    [Theory]
    [InlineData(0, "2001", "2001", "exact")]
    [InlineData(0, "2001", "2002", "<=1")]
    [InlineData(0, "1999", "2003", "<=5")]
    [InlineData(0, "1990", "2003", "different")]
    [InlineData(0, "2001", "n/a", "absent")]
    [InlineData(1, "38.99", "36", "<=0.1 rel")]
    [InlineData(1, "38.99", "20", "different")]
    public void Numeric_comparisons_band_the_difference_and_leave_what_is_not_a_number_absent(int c, string a, string b, string level)
    {
        var rules = Rules.RuleLoader.Parse("""
            name: t
            sources: ["*"]
            blocking: { keys: [[year]] }
            comparisons:
              - { name: year, field: year, method: absolute, levels: [1, 5] }
              - { name: price, field: price, method: relative, levels: [0.1] }
            """, "t.yaml");
        var space = FeatureSpace.For(rules);
        var comparator = new Comparator(rules, space, new SelectorTable(), new TermFrequency(new Dictionary<Core.SelectorKind, double>(), 2));
        RecordFeatures Record(string value) => new()
        {
            Id = 1, Source = "s", Selectors = [], Signatures = [],
            Fields = c == 0 ? [value, null] : [null, value],
        };
        var pattern = comparator.Compare(Record(a), Record(b), out _);
        var found = Comparator.LevelOf(pattern, c);
        Assert.Equal(level, found == Comparator.Absent ? "absent" : rules.Comparisons[c].Levels[found]);
    }
}
