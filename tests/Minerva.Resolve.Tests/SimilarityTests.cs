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
}
