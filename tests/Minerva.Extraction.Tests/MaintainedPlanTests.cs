using Minerva.Extraction.Phones;
using PhoneNumbers;

namespace Minerva.Extraction.Tests;

/// <summary>
/// Regions without a plan of Minerva's own are read by libphonenumber's maintained metadata: of national numbers from
/// BR, IN, CO, AE, TR, KE, MY, JP, ZA, AL and AR, Minerva once read none. Every region libphonenumber knows is tried here
/// with its example numbers, written as people write them.
/// </summary>
public sealed class MaintainedPlanTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [Theory]
    // The issue's countries, in the shapes their ads use (national format, spaced, obfuscated).
    [InlineData("whats (11) 96123-4567 chama", "BR", "+5511961234567")]
    [InlineData("call 098765 43210 anytime", "IN", "+919876543210")]
    [InlineData("cel 321 1234567", "CO", "+573211234567")]
    [InlineData("050 123 4567 whatsapp", "AE", "+971501234567")]
    [InlineData("0532 123 45 67 ara", "TR", "+905321234567")]
    [InlineData("0712 345 678 sms", "KE", "+254712345678")]
    [InlineData("012-345 6789", "MY", "+60123456789")]
    [InlineData("090-1234-5678 LINE", "JP", "+819012345678")]
    [InlineData("071 234 5678", "ZA", "+27712345678")]
    [InlineData("067 212 3456", "AL", "+355672123456")]
    [InlineData("+54 9 11 2345-6789", "AR", "+5491123456789")] // national "011 15-…" (the mobile 15 after the area code) is not read yet
    [InlineData("zero nine zero - 1234 - 5678", "JP", "+819012345678")]
    public void National_numbers_of_countries_without_a_plan_of_our_own_are_read(string text, string region, string expected) =>
        Assert.Contains(expected, PhoneExtractionTests.Phones(text, region));

    /// <summary>A premium-rate or VoIP line is a signal, shown as the phone's note; an ordinary mobile has none.</summary>
    [Theory]
    [InlineData("call 09012 345678 now", "GB", "premium-rate line")]
    [InlineData("1-900-234-5678", "US", "premium-rate line")]
    [InlineData("056 1234 5678", "GB", "VoIP line")]
    [InlineData("07400 123456", "GB", null)]
    public void Premium_rate_and_voip_lines_say_so(string text, string region, string? note)
    {
        var phone = Assert.Single(SelectorExtractor.ExtractText(text, region), s => s.Kind == Minerva.Core.SelectorKind.Phone);
        if (note is null) Assert.DoesNotContain("line", phone.Note ?? "", StringComparison.Ordinal);
        else Assert.Contains(note, phone.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_region_libphonenumber_knows_reads_its_example_numbers_nationally_and_internationally()
    {
        var failures = new List<string>();
        var tried = 0;
        foreach (var region in Util.GetSupportedRegions().Where(r => !PhonePlans.HasOwnPlan(r)).Order(StringComparer.Ordinal))
        {
            foreach (var type in new[] { PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE })
            {
                var example = Util.GetExampleNumberForType(region, type);
                // Numbers under 7 digits (Tokelau, the Falklands) are not read: in ads such runs are prices and room numbers.
                if (example is null || Util.GetNationalSignificantNumber(example).Length < 7) continue;
                tried++;
                var e164 = Util.Format(example, PhoneNumberFormat.E164);
                var international = Util.Format(example, PhoneNumberFormat.INTERNATIONAL);
                var national = Util.Format(example, PhoneNumberFormat.NATIONAL);
                if (!PhoneExtractionTests.Phones($"call {international} now", null).Contains(e164)) failures.Add($"{region} {type} international '{international}'");
                if (!PhoneExtractionTests.Phones($"call {national} now", region).Contains(e164)) failures.Add($"{region} {type} national '{national}'");
            }
        }
        Assert.True(tried > 300, $"{tried} examples");
        // Known, counted: Argentina's national mobile "011 15-…" and Belarus's "8 0…" trunk are not read nationally.
        Assert.True(failures.Count <= 3, $"{failures.Count} of {tried * 2} readings failed: {string.Join("; ", failures.Take(40))}");
    }
}
