using System.Security.Cryptography;
using System.Text;

namespace Minerva.Ingest.Tests;

public sealed class ContentHashTests
{
    // Workspaces store these hashes: a re-ingest is a duplicate only if the hash is computed exactly as before.
    [Theory]
    [InlineData("gen", """{"id":"ad-1","body":"call me"}""")]
    [InlineData("citypulse", """{"title":"Zoë, neu in Wien 💋","body":"ⓞ①⑤① ２３４ 🔥 5678"}""")]
    [InlineData("cases", "")]
    public void Is_sha256_of_source_newline_payload_in_utf8_as_lower_hex(string source, string payload)
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + payload)));
        Assert.Equal(expected, ContentHash.Of(source, payload));
    }

    [Fact]
    public void Tells_payloads_and_sources_apart()
    {
        Assert.NotEqual(ContentHash.Of("a", "x"), ContentHash.Of("a", "y"));
        Assert.NotEqual(ContentHash.Of("a", "x"), ContentHash.Of("b", "x"));
        Assert.Equal(64, ContentHash.Of("a", new string('é', 100_000)).Length);
    }
}
