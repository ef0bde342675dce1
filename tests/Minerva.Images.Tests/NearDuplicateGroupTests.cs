namespace Minerva.Images.Tests;

public sealed class NearDuplicateGroupTests
{
    [Fact]
    public void Re_posts_chained_beyond_the_radius_form_one_group_and_excluded_photos_none()
    {
        // Photo k differs from photo k-1 in one random bit: neighbours match, while the chain's ends drift far beyond
        // the radius — one photo re-posted and re-compressed over and over.
        const int chain = 5000;
        var rng = new Random(11);
        var bits = Enumerable.Range(0, chain).Select(_ => rng.Next(256)).ToArray();
        var current = new Hash256(0x0123456789abcdef, 0xfedcba9876543210, 0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0);
        var forms = new List<Hash256[]>();
        for (var k = 0; k < chain; k++)
        {
            current = Flip(current, bits[k]);
            forms.Add([current]);
        }
        var unrelated = new Hash256(~current.W0, ~current.W1, ~current.W2, ~current.W3);
        forms.Add([unrelated]);
        forms.Add([Flip(unrelated, 3)]); // a re-post of the unrelated photo, excluded below

        var groups = NearDuplicates.Groups(forms, i => i != chain + 1);

        Assert.Equal(2, groups.Count);
        Assert.Equal(Enumerable.Range(0, chain), groups[0]);
        Assert.Equal([chain], groups[1]);
    }

    private static Hash256 Flip(Hash256 h, int bit) => (bit >> 6) switch
    {
        0 => h with { W0 = h.W0 ^ (1UL << (bit & 63)) },
        1 => h with { W1 = h.W1 ^ (1UL << (bit & 63)) },
        2 => h with { W2 = h.W2 ^ (1UL << (bit & 63)) },
        _ => h with { W3 = h.W3 ^ (1UL << (bit & 63)) },
    };
}
