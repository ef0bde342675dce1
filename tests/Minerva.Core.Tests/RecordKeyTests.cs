
namespace Minerva.Core.Tests;

public class RecordKeyTests
{
    [Theory]
    [InlineData("citypulse:cp-88123", "citypulse", "cp-88123")]
    [InlineData("profiles:instagram/mia.rose22", "profiles", "instagram/mia.rose22")]
    [InlineData("src:a:b", "src", "a:b")] // native ids may hold colons; the first colon splits
    public void Parse_SplitsAtTheFirstColon(string text, string source, string id)
    {
        var key = RecordKey.Parse(text);
        Assert.Equal(source, key.Source);
        Assert.Equal(id, key.NativeId);
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData("nocolon")]
    [InlineData(":id")]
    [InlineData("source:")]
    [InlineData("")]
    public void TryParse_RejectsMalformedKeys(string text) => Assert.False(RecordKey.TryParse(text, out _));

    [Fact]
    public void Constructor_RejectsAColonInTheSource() =>
        Assert.Throws<ArgumentException>(() => new RecordKey("a:b", "1"));

    [Fact]
    public void Keys_AreEqualByValue() => Assert.Equal(new RecordKey("s", "1"), RecordKey.Parse("s:1"));
}
