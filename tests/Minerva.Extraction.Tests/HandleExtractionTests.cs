using Minerva.Core;

namespace Minerva.Extraction.Tests;

public class HandleExtractionTests
{
    private static string[] Handles(string text) =>
        SelectorExtractor.ExtractText(text, "US").Where(s => s.Kind == SelectorKind.Handle).Select(s => s.Value).ToArray();

    [Theory]
    [InlineData("Outcalls only. IG: mia.rose22", "instagram/mia.rose22")]
    [InlineData("kik me lara_x", "kik/lara_x")] // a filler word between the cue and the name was taken for the name
    [InlineData("snap at mia.r22 for pics", "snapchat/mia.r22")]
    [InlineData("IG: Mia.Rose22.", "instagram/mia.rose22")] // case and a sentence full stop
    [InlineData("insta @lily_x", "instagram/lily_x")]
    [InlineData("instagram.com/lily_x", "instagram/lily_x")]
    [InlineData("https://www.instagram.com/lily_x/", "instagram/lily_x")]
    [InlineData("snapchat @miaandlexi", "snapchat/miaandlexi")]
    [InlineData("snap lexi2024", "snapchat/lexi2024")]
    [InlineData("SC: lexi2024", "snapchat/lexi2024")]
    [InlineData("telegram @katya_ams", "telegram/katya_ams")]
    [InlineData("t.me/olena_bln", "telegram/olena_bln")]
    [InlineData("kik: sweetkate", "kik/sweetkate")]
    [InlineData("twitter @kate_x", "x/kate_x")]
    [InlineData("x.com/kate_x", "x/kate_x")]
    [InlineData("tiktok.com/@kate.dance", "tiktok/kate.dance")]
    [InlineData("OF: katevip", "onlyfans/katevip")]
    [InlineData("onlyfans.com/katevip", "onlyfans/katevip")]
    [InlineData("follow @katevip", "unknown/katevip")] // no cue: platform unknown
    public void Extract_FindsTheHandle(string text, string expected) => Assert.Equal([expected], Handles(text));

    [Theory]
    [InlineData("one of the best")] // "of" is a cue only before ':' or '@'
    [InlineData("snap me now")] // stop word after a cue
    [InlineData("WhatsApp 06 1234 5678")] // a number, not a name
    [InlineData("instagram.com/p/Cx12ab")] // a post, not a profile
    [InlineData("mail mia@gmail.com")] // an email is not a handle
    [InlineData("x 2 girls")] // "x" without a mark
    public void Extract_FindsNoHandle(string text) => Assert.Empty(Handles(text));
}
