using System.Text.RegularExpressions;
using Minerva.Extraction.Emails;
using Minerva.Extraction.Handles;
using Minerva.Extraction.Urls;
using Minerva.Generator;

namespace Minerva.Extraction.Tests;

/// <summary>The extractors try their patterns only where a match can start; they must find what a full scan finds.</summary>
public class AnchoredMatchesTests
{
    // Texts made to stress where matches start: runs the look-behinds exclude, spelled and spaced forms, several
    // signs in one run, characters beyond ASCII that \w, \b or case-insensitive matching read in their own way.
    private static readonly string[] Tricky =
    [
        "mail lily@example.org now", "x.lily@example.org", "é.lily@example.org", "lily.@example.org", "a@b@c.com",
        "mia.rose22 at gmail dot com", "mia.rose22  at  gmail  dot  com", "lily (at) gmail (dot) com", "lily(at)gmail(dot)com",
        "lily [at] protonmail [dot] com", "meet me at hotel dot com at 5", "lily @ gmail . com", "at at at @ @", "@at",
        "lily at gmail dot at dot com", "name_at gmail dot com", "-lily at gmail.com", "+x@y.de", "%a@b.cc", "ĸ@x.com",
        "ǅemal at gmail dot com", "li\u200Dly at gmail dot com", "ＡＴ ａｔ lily at gmail dot com",
        "see site.com.", "www.site.com/path?q=1.", "https://t.me/lily_x:", "http://x.y/a.b c.d", "a.b.c.d.e", "x@site.com",
        "call me... now.Ok", "visit m.site.co.uk, or ftp://x.y", "e.g. this", "::.:.", "ünï.com", "café.com", "k8s.io",
        "IG: lily_x snap lily2 tele @lily3", "insta lily", "instagrammer lily", "of @mia", "line snap bob", "x: lily",
        "\u212Aik lily", "kiK: lily", "ſnap lily", "TikTok-@mia", "fb(mia)", "sc>mia", "wechat=mia22", "x_x lily", "of of of",
        "", "a", "@", ".", ":", "at", "x",
    ];

    public static TheoryData<string> Texts() => new(Tricky);

    private static readonly Regex EmailScan = new(EmailExtractor.Pattern, EmailExtractor.Options);
    private static readonly Regex UrlScan = new(UrlExtractor.Pattern, UrlExtractor.Options);
    private static readonly Regex CueScan = new(HandleExtractor.CuedNamePattern, HandleExtractor.Options);

    [Theory]
    [MemberData(nameof(Texts))]
    public void Patterns_FindWhatAScanFinds_OnTrickyText(string text) => AssertSameAsScan(text);

    [Fact]
    public void Patterns_FindWhatAScanFinds_OnGeneratedAds()
    {
        var ads = CorpusGenerator.Ads(new CorpusOptions(Ads: 5000, Seed: 5)).Take(5000).ToList();
        var found = 0;
        foreach (var ad in ads)
        {
            found += AssertSameAsScan(ad.Title) + AssertSameAsScan(ad.Body);
        }
        Assert.True(found > 2000, $"only {found} matches: the corpus no longer exercises the patterns");
    }

    [Fact]
    public void WordCharacters_AreTheRegexEngines()
    {
        var word = new Regex(@"^\w$");
        var boundary = new Regex(@"^a\B");
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var s = ((char)c).ToString();
            Assert.True(word.IsMatch(s) == AnchoredMatches.IsWordChar((char)c), $"\\w and U+{c:X4} disagree");
            Assert.True(boundary.IsMatch("a" + s) == AnchoredMatches.IsBoundaryWordChar((char)c), $"\\b and U+{c:X4} disagree");
        }
    }

    private static int AssertSameAsScan(string text)
    {
        Assert.Equal(Spans(EmailScan.Matches(text)), Spans(EmailExtractor.Matches(text)));
        Assert.Equal(Spans(UrlScan.Matches(text)), Spans(UrlExtractor.Matches(text)));
        Assert.Equal(Spans(CueScan.Matches(text)), Spans(HandleExtractor.CuedNames(text)));
        return EmailScan.Count(text) + UrlScan.Count(text) + CueScan.Count(text);
    }

    private static List<(int, int, string)> Spans(IEnumerable<Match> matches) => [.. matches.Select(m => (m.Index, m.Length, m.Value))];
}
