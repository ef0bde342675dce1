using Minerva.Core;

namespace Minerva.Extraction.Tests;

public class EmailExtractionTests
{
    private static string[] Emails(string text) =>
        SelectorExtractor.ExtractText(text, "US").Where(s => s.Kind == SelectorKind.Email).Select(s => s.Value).ToArray();

    [Theory]
    [InlineData("mail lily@example.org now", "lily@example.org")]
    [InlineData("anna@bella.sex", "anna@bella.sex")] // any TLD of the Public Suffix List after '@'
    [InlineData("Write to Lina@Studio.Photos", "lina@studio.photos")]
    [InlineData("LILY@Example.ORG", "lily@example.org")] // upper case
    [InlineData("mia.rose22 at gmail dot com", "miarose22@gmail.com")] // spelled, and Gmail ignores dots
    [InlineData("mia.rose22+ads@gmail.com", "miarose22@gmail.com")] // Gmail ignores +tags
    [InlineData("m.i.a@googlemail.com", "mia@gmail.com")]
    [InlineData("lily(at)gmail(dot)com", "lily@gmail.com")]
    [InlineData("lily [at] protonmail [dot] com", "lily@protonmail.com")]
    [InlineData("lily {at} yahoo {dot} com", "lily@yahoo.com")]
    [InlineData("lily @ gmail . com", "lily@gmail.com")] // spaces around @ and .
    [InlineData("write lily @ gmail\t.\tcom today", "lily@gmail.com")] // other white space around the dot
    [InlineData("lily at gmail dot com", "lily@gmail.com")] // word-form at with a known provider
    [InlineData("anna+vip@outlook.com", "anna@outlook.com")]
    [InlineData("anna.k@web.de.", "anna.k@web.de")] // sentence full stop
    [InlineData("katya_ams at mydomain dot nl", "katya_ams@mydomain.nl")] // unknown domain, account-like local part
    [InlineData("write to x.y@mail.co.uk please", "x.y@mail.co.uk")]
    public void Extract_FindsTheAddress(string text, string expected) => Assert.Equal([expected], Emails(text));

    [Theory]
    [InlineData("meet me at hotel dot com")] // prose: spelled at, no provider, plain local part
    [InlineData("we are at home")]
    [InlineData("see you at 5 dot")]
    [InlineData("lily@localhost")] // no TLD
    [InlineData("photo@2x.png")] // a file name
    public void Extract_FindsNoAddress(string text) => Assert.Empty(Emails(text));

    [Fact]
    public void Extract_KeepsTheOriginalWriting()
    {
        var email = Assert.Single(SelectorExtractor.ExtractText("Back! mia.rose22 at gmail dot com", "US"), s => s.Kind == SelectorKind.Email);
        Assert.Equal("mia.rose22 at gmail dot com", email.Original);
        Assert.Equal(6, email.Start);
    }
}
