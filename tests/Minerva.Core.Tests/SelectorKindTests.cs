
namespace Minerva.Core.Tests;

public class SelectorKindTests
{
    [Fact]
    public void EveryKind_RoundTripsThroughItsName()
    {
        foreach (var kind in Enum.GetValues<SelectorKind>())
        {
            Assert.True(SelectorKinds.TryParse(kind.Name(), out var parsed));
            Assert.Equal(kind, parsed);
        }
    }

    [Theory]
    [InlineData("PHONE", SelectorKind.Phone)]
    [InlineData("image", SelectorKind.ImageHash)]
    [InlineData("camera", SelectorKind.CameraSerial)]
    public void TryParse_IgnoresCase_AndUsesQueryNames(string name, SelectorKind expected)
    {
        Assert.True(SelectorKinds.TryParse(name, out var kind));
        Assert.Equal(expected, kind);
    }

    [Fact]
    public void Qualified_IsKindColonValue() =>
        Assert.Equal("phone:+15551234567", new Selector(SelectorKind.Phone, "+15551234567", "555 123 4567", RecordField.Text, 0, 12).Qualified);
}
