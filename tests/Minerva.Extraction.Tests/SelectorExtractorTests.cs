using Minerva.Core;

namespace Minerva.Extraction.Tests;

public class SelectorExtractorTests
{
    private static SourceRecord Record(string title, string text, params ExplicitValue[] explicitValues) => new()
    {
        Key = new RecordKey("ads", "1"),
        Title = title,
        Text = text,
        Country = "US",
        ExplicitValues = explicitValues,
        RawPayload = "{}",
        Origin = "test",
    };

    [Fact]
    public void Extract_OrdersByFieldThenOffset_AndKeepsEachWriting()
    {
        var found = SelectorExtractor.Extract(Record(
            "Mia 713-555-0142",
            "write mia.rose@gmail.com or call 713 555 0142, again: seven one three 555 0142",
            new ExplicitValue(SelectorKind.Phone, "(713) 555-0142")));

        Assert.Equal(
            [
                (RecordField.Title, 4, SelectorKind.Phone),
                (RecordField.Text, 6, SelectorKind.Email),
                (RecordField.Text, 33, SelectorKind.Phone),
                (RecordField.Text, 54, SelectorKind.Phone),
                (RecordField.Explicit, 0, SelectorKind.Phone),
            ],
            found.Select(s => (s.Field, s.Start, s.Kind)));
        Assert.All(found.Where(s => s.Kind == SelectorKind.Phone), s => Assert.Equal("+17135550142", s.Value));
        // The email's domain is not also reported as a URL.
        Assert.DoesNotContain(found, s => s.Kind is SelectorKind.Url or SelectorKind.Domain);
    }

    [Fact]
    public void Extract_DropsExactRepeats_ButNotOtherValuesAtTheSameOffset()
    {
        var found = SelectorExtractor.Extract(Record(
            "",
            "",
            new ExplicitValue(SelectorKind.Email, "lily@example.org"),
            new ExplicitValue(SelectorKind.Email, "lily@example.org"), // the same column read twice
            new ExplicitValue(SelectorKind.Email, "anna@example.org")));

        Assert.Equal(["lily@example.org", "anna@example.org"], found.Select(s => s.Value));
    }
}
