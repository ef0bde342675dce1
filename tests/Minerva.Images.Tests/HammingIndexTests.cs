namespace Minerva.Images.Tests;

/// <summary>The index against brute force on seeded random hashes with planted near-duplicates.</summary>
public sealed class HammingIndexTests
{
    private const int Seed = 31;

    private static Hash256 RandomHash(Random random) =>
        new((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());

    private static Hash256 Flip(Hash256 hash, int bits, Random random)
    {
        var words = new[] { hash.W0, hash.W1, hash.W2, hash.W3 };
        foreach (var bit in Enumerable.Range(0, 256).OrderBy(_ => random.Next()).Take(bits)) words[bit / 64] ^= 1UL << (bit % 64);
        return new Hash256(words[0], words[1], words[2], words[3]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(31)]
    [InlineData(47)]
    public void Finds_exactly_what_brute_force_finds(int radius)
    {
        var random = new Random(Seed);
        var hashes = Enumerable.Range(0, 20_000).Select(_ => RandomHash(random)).ToList();
        var queries = hashes.Take(50).ToList();
        foreach (var q in queries) // re-posts: the same image hashed after crops and re-compression
            for (var copies = 0; copies < 4; copies++) hashes.Add(Flip(q, random.Next(0, 60), random));
        var index = new HammingIndex(hashes);
        foreach (var query in queries.Append(RandomHash(random)))
        {
            var expected = hashes.Select((h, i) => (i, d: h.Distance(query))).Where(x => x.d <= radius).OrderBy(x => x.d).ThenBy(x => x.i).ToList();
            var actual = index.Within(query, radius);
            Assert.True(expected.SequenceEqual(actual), $"seed {Seed}, radius {radius}: expected {expected.Count} matches, found {actual.Count}");
        }
    }

    [Fact]
    public void Hashes_print_and_parse_as_the_reference_does()
    {
        const string hex = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22"; // ../shared/pdq: bridge-1-original.jpg
        var hash = Hash256.Parse(hex);
        Assert.Equal(hex, hash.ToString());
        Assert.Equal(0, hash.Distance(Hash256.Parse(hex)));
        Assert.Equal(256, hash.Distance(new Hash256(~hash.W0, ~hash.W1, ~hash.W2, ~hash.W3)));
        Assert.Throws<FormatException>(() => Hash256.Parse("abc"));
    }
}
