using Minerva.Core;

namespace Minerva.Extraction.Tests;

public class UrlAndWalletExtractionTests
{
    private static string[] Values(string text, SelectorKind kind) =>
        SelectorExtractor.ExtractText(text, "US").Where(s => s.Kind == kind).Select(s => s.Value).ToArray();

    [Theory]
    [InlineData("Book online at https://example-spa.test/anna or call", "example-spa.test/anna", "example-spa.test")]
    [InlineData("see www.Example.com/Path/?utm_source=x&id=3#top.", "example.com/Path?id=3", "example.com")]
    [InlineData("visit example.com today", "example.com", "example.com")]
    [InlineData("(https://example.org/a_(b))", "example.org/a_(b)", "example.org")]
    [InlineData("http://example.org:8080/x", "example.org:8080/x", "example.org")]
    public void Extract_FindsAndNormalisesUrls(string text, string url, string domain)
    {
        Assert.Equal([url], Values(text, SelectorKind.Url));
        Assert.Equal([domain], Values(text, SelectorKind.Domain));
    }

    /// <summary>TLDs from the Public Suffix List (a closed list of our own missed these), and sites by their registrable name.</summary>
    [Theory]
    [InlineData("new site anna.xxx", "anna.xxx")]
    [InlineData("see bella.sex for pics", "bella.sex")]
    [InlineData("portfolio anna.photos", "anna.photos")]
    [InlineData("lina.rocks - book now", "lina.rocks")]
    [InlineData("LINA.ROCKS", "lina.rocks")]
    [InlineData("m.example.co.uk/anna", "example.co.uk")] // a mobile host is the same site
    [InlineData("https://anna.blogspot.com/p/1", "anna.blogspot.com")] // a hosting suffix: each blog is its own
    [InlineData("http://shop.kobe.jp", "shop.kobe.jp")] // the list's wildcard and exception rules
    public void Domains_are_read_by_the_public_suffix_list(string text, string domain) =>
        Assert.Equal([domain], Values(text, SelectorKind.Domain));

    [Theory]
    [InlineData("Hi.Call me")] // a sentence's next word: .call is a TLD, but not written so
    [InlineData("new in town.call me")] // an everyday-word TLD after a missing space
    [InlineData("see video.mov")] // a file
    [InlineData("Available.Now")]
    [InlineData("photo.jpg and mia.rose22")] // file name and a handle
    [InlineData("mia@example.com")] // an email's domain is the email's
    public void Extract_FindsNoUrl(string text) => Assert.Empty(Values(text, SelectorKind.Url));

    [Theory]
    [InlineData("BTC accepted bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")] // bech32
    [InlineData("BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ", "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")] // upper case is valid bech32
    [InlineData("bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", "btc:bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297")] // bech32m taproot
    [InlineData("send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")] // P2PKH
    [InlineData("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")] // P2SH
    [InlineData("eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")] // EIP-55
    [InlineData("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "eth:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359")] // single case: no checksum
    [InlineData("usdt TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")] // Tron
    public void Extract_FindsValidWallets(string text, string expected) => Assert.Equal([expected], Values(text, SelectorKind.Wallet));

    [Theory]
    [InlineData("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp")] // one char changed: checksum fails
    [InlineData("bc1qAr0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")] // mixed case is invalid bech32
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")] // base58 checksum fails
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // EIP-55 checksum fails
    public void Extract_RejectsBadChecksums(string text) => Assert.Empty(Values(text, SelectorKind.Wallet));
}
