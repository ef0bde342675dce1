using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Minerva.Extraction.Phones;

/// <summary>
/// The numbering plans Minerva reads numbers by: its own for the 45 countries its ads come from most (coarse on purpose,
/// and tested), and for every other region the plan in libphonenumber's maintained metadata — calling code, trunk prefix,
/// the national significant number's pattern and the mobile one. Before, a national number from Brazil, India or Japan was
/// not read at all, and an international one of those countries was taken on its length alone.
/// </summary>
internal static class PhonePlans
{
    private static readonly FrozenSet<string> EuropeanRegions = FrozenSet.ToFrozenSet(
        "GB IE AT BE CH CY CZ DE DK ES FR HU IT LT LV NL PL PT RO SE SI UA NO FI GR SK BG HR RS MD EE LU".Split(' '));

    private static readonly PhonePlan[] Plans =
    [
        Plan("US", "1", ["1"], @"[2-9]\d{2}[2-9]\d{6}", null),
        Plan("GB", "44", ["0"], @"[1-9]\d{8,9}", @"7[1-57-9]\d{8}"),
        Plan("IE", "353", ["0"], @"[1-9]\d{6,8}", @"8[3-9]\d{7}"),
        Plan("AT", "43", ["0"], @"[1-9]\d{3,12}", @"6(?:5[0-3579]|6[013-9]|[7-9]\d)\d{4,10}"),
        Plan("BE", "32", ["0"], @"[1-9]\d{7,8}", @"4[5-9]\d{7}"),
        Plan("CH", "41", ["0"], @"[2-9]\d{8}", @"7[5-9]\d{7}"),
        Plan("CY", "357", [], @"[29]\d{7}", @"9[4-79]\d{6}"),
        Plan("CZ", "420", [], @"[2-9]\d{8}", @"(?:60[1-8]|7[2-9]\d)\d{6}"),
        Plan("DE", "49", ["0"], @"[1-9]\d{5,12}", @"1(?:5\d{9}|[67]\d{8,9})"),
        Plan("DK", "45", [], @"[2-9]\d{7}", null),
        Plan("ES", "34", [], @"[5-9]\d{8}", @"[67]\d{8}"),
        Plan("FR", "33", ["0"], @"[1-9]\d{8}", @"[67]\d{8}"),
        Plan("HU", "36", ["06"], @"[1-9]\d{7,8}", @"(?:[257]0|3[01])\d{7}"),
        Plan("IT", "39", [], @"0\d{5,10}|3\d{8,9}", @"3\d{8,9}"),
        Plan("LT", "370", ["8", "0"], @"[3-9]\d{7}", @"6\d{7}"),
        Plan("LV", "371", [], @"[2-9]\d{7}", @"2\d{7}"),
        Plan("NL", "31", ["0"], @"[1-9]\d{8}", @"6[1-58]\d{7}"),
        Plan("PL", "48", [], @"[1-9]\d{8}", @"(?:5[0137]|6[069]|7[2389]|88)\d{7}"),
        Plan("PT", "351", [], @"[2-9]\d{8}", @"9[1236]\d{7}"),
        Plan("RO", "40", ["0"], @"[2-9]\d{8}", @"7\d{8}"),
        Plan("SE", "46", ["0"], @"[1-9]\d{6,9}", @"7[02369]\d{7}"),
        Plan("SI", "386", ["0"], @"[1-7]\d{7}", @"(?:[37][01]|4[0139]|51|6[4-9])\d{6}"),
        Plan("UA", "380", ["0"], @"[3-9]\d{8}", @"(?:39|50|6[36-8]|7[1-3]|9[1-9])\d{7}"),
        Plan("RU", "7", ["8"], @"[3489]\d{9}", @"9\d{9}"),
        Plan("AU", "61", ["0"], @"[2-478]\d{8}", @"4\d{8}"),
        Plan("NO", "47", [], @"[2-9]\d{7}", @"[49]\d{7}"),
        Plan("FI", "358", ["0"], @"[1-9]\d{4,11}", @"4\d{5,10}|50\d{4,8}"),
        Plan("GR", "30", [], @"[26-9]\d{9}", @"69\d{8}"),
        Plan("SK", "421", ["0"], @"[2-9]\d{6,8}", @"9\d{8}"),
        Plan("BG", "359", ["0"], @"[2-9]\d{6,8}", @"(?:8[7-9]|9[89])\d{7}"),
        Plan("HR", "385", ["0"], @"[1-9]\d{6,8}", @"9\d{7,8}"),
        Plan("RS", "381", ["0"], @"[1-9]\d{6,9}", @"6\d{7,8}"),
        Plan("MD", "373", ["0"], @"[2-9]\d{7}", @"[67]\d{7}"),
        Plan("EE", "372", [], @"[3-9]\d{6,7}", @"5\d{6,7}"),
        Plan("LU", "352", [], @"[2-9]\d{4,10}", @"6[269]1\d{6}"),
        Plan("MX", "52", [], @"[1-9]\d{9}", null),
        Plan("NG", "234", ["0"], @"[1-9]\d{7,9}", @"[7-9][01]\d{8}"),
        Plan("TH", "66", ["0"], @"[2-9]\d{7,8}", @"[689]\d{8}"),
        Plan("PH", "63", ["0"], @"[2-9]\d{7,9}", @"9\d{9}"),
        Plan("VN", "84", ["0"], @"[235789]\d{8,9}", @"[35789]\d{8}"),
        Plan("CN", "86", ["0"], @"[1-9]\d{8,10}", @"1[3-9]\d{9}"),
    ];

    /// <summary>NANP shares one plan; these regions read national numbers as NANP.</summary>
    private static readonly string[] NanpRegions =
        ["CA", "PR", "VI", "GU", "AS", "MP", "AG", "AI", "BB", "BM", "BS", "DM", "DO", "GD", "JM", "KN", "KY", "LC", "MS", "SX", "TC", "TT", "VC", "VG"];

    /// <summary>Two-digit calling codes; codes are prefix-free, so 1 and 7 are one digit and the rest three.</summary>
    private static readonly FrozenSet<string> TwoDigitCodes = FrozenSet.ToFrozenSet(
        "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98"
            .Split(' '));

    private static readonly FrozenDictionary<string, PhonePlan> ByRegion = BuildByRegion();

    private static readonly FrozenDictionary<string, PhonePlan> ByCallingCode =
        Plans.GroupBy(p => p.CallingCode).ToFrozenDictionary(g => g.Key, g => g.First());

    /// <summary>
    /// European plans with trunk 0: where workers move across borders keeping their SIM, so a national number
    /// in one country's ad may be another's mobile. Limited to Europe to keep alternative readings rare.
    /// </summary>
    public static IReadOnlyList<PhonePlan> CrossBorderPlans { get; } =
        Plans.Where(p => p.TrunkPrefixes.Contains("0") && EuropeanRegions.Contains(p.Region)).ToArray();

    /// <summary>Whether a region takes part in cross-border mobile readings.</summary>
    public static bool IsCrossBorder(string region) => EuropeanRegions.Contains(region);



    public static PhonePlan? ForRegion(string? region)
    {
        if (region is null) return null;
        var code = region.ToUpperInvariant();
        return ByRegion.TryGetValue(code, out var plan) ? plan : Maintained.GetOrAdd(code, FromMetadata);
    }

    public static PhonePlan? ForCallingCode(string code) =>
        ByCallingCode.TryGetValue(code, out var plan) ? plan : MainRegion(code) is { } region ? ForRegion(region) : null;

    /// <summary>The main region libphonenumber gives a calling code, or null for a code it does not know.</summary>
    private static string? MainRegion(string code) =>
        int.TryParse(code, out var number) && Metadata.GetRegionCodeForCountryCode(number) is var region && region != "ZZ" ? region : null;

    /// <summary>A number type's pattern in the metadata, or null where the region has none ("NA" or empty).</summary>
    private static string? Pattern(PhoneNumberDesc? desc) => desc?.NationalNumberPattern is { Length: > 0 } p && p != "NA" ? p : null;

    /// <summary>
    /// "premium-rate line" or "VoIP line" when an E.164 number is one by its country's metadata, else null: such lines
    /// are a signal to an investigator (paid numbers, numbers with no SIM behind them), shown as the selector's note.
    /// </summary>
    public static string? LineKind(string e164)
    {
        var (code, nsn) = SplitCallingCode(e164[1..]);
        var (premium, voip) = LineKinds.GetOrAdd(code, c =>
        {
            var m = MainRegion(c) is { } region ? Metadata.GetMetadataForRegion(region) : null;
            return (Anchored(Pattern(m?.HasPremiumRate == true ? m.PremiumRate : null)), Anchored(Pattern(m?.HasVoip == true ? m.Voip : null)));
        });
        return premium?.IsMatch(nsn) == true ? "premium-rate line" : voip?.IsMatch(nsn) == true ? "VoIP line" : null;
    }

    private static readonly ConcurrentDictionary<string, (Regex? Premium, Regex? Voip)> LineKinds = new(StringComparer.Ordinal);

    /// <summary>Whether Minerva reads the region by a plan of its own (else by libphonenumber's metadata).</summary>
    internal static bool HasOwnPlan(string region) => ByRegion.ContainsKey(region);

    private static readonly PhoneNumberUtil Metadata = PhoneNumberUtil.GetInstance();

    /// <summary>Plans read from libphonenumber's metadata, built once per region on first use.</summary>
    private static readonly ConcurrentDictionary<string, PhonePlan?> Maintained = new(StringComparer.Ordinal);

    private static PhonePlan? FromMetadata(string region)
    {
        var m = Metadata.GetMetadataForRegion(region);
        if (m is null || Pattern(m.HasGeneralDesc ? m.GeneralDesc : null) is not { } general) return null;
        string[] trunk = string.IsNullOrEmpty(m.NationalPrefix) ? [] : [m.NationalPrefix];
        return Plan(region, m.CountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture), trunk, general, Pattern(m.HasMobile ? m.Mobile : null))
            with { BareNational = true };
    }

    /// <summary>Splits an international number (digits after + or 00) into calling code and NSN.</summary>
    public static (string Code, string Nsn) SplitCallingCode(string digits)
    {
        var length = digits[0] is '1' or '7' ? 1 : digits.Length >= 2 && TwoDigitCodes.Contains(digits[..2]) ? 2 : 3;
        length = Math.Min(length, digits.Length);
        return (digits[..length], digits[length..]);
    }

    private static PhonePlan Plan(string region, string code, string[] trunk, string nsn, string? mobile) =>
        new(region, code, trunk, Anchored(nsn)!, Anchored(mobile));

    private static Regex? Anchored(string? pattern) =>
        pattern is null ? null : new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static FrozenDictionary<string, PhonePlan> BuildByRegion()
    {
        var map = Plans.ToDictionary(p => p.Region, StringComparer.Ordinal);
        var nanp = map["US"];
        foreach (var region in NanpRegions) map[region] = nanp with { Region = region };
        map["UK"] = map["GB"]; // a common mistake in source data
        map["KZ"] = map["RU"] with { Region = "KZ" };
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
