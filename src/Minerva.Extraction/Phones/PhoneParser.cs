namespace Minerva.Extraction.Phones;

/// <summary>A reading of a digit string as a phone number.</summary>
/// <param name="E164">The number in E.164.</param>
/// <param name="Note">Why this reading is an alternative, or null for the primary reading.</param>
public sealed record PhoneReading(string E164, string? Note)
{
    /// <summary>Whether the digits were read in the region's national format (no +, 00 or 011 before them).</summary>
    public bool National { get; init; }
}

/// <summary>Reads a string of decoded digits as a phone number in international or national format.</summary>
public static class PhoneParser
{
    private const int MaxE164Digits = 15;

    /// <summary>
    /// Every plausible reading of <paramref name="digits"/>: none, the one reading, or the record region's
    /// reading plus a neighbour's mobile reading (a German "0151…" number in an Austrian ad).
    /// </summary>
    /// <param name="digits">ASCII digits only.</param>
    /// <param name="plus">Whether a '+' was written before the digits.</param>
    /// <param name="region">ISO alpha-2 region for national numbers, or null to accept only international ones.</param>
    public static IReadOnlyList<PhoneReading> Parse(string digits, bool plus, string? region)
    {
        if (digits.Length is < 7 or > MaxE164Digits + 3) return [];
        var plan = PhonePlans.ForRegion(region);
        if (plus) return Single(International(digits));
        // 011 is North America's exit code; with no region only international forms are read: +CC, 00CC and 011CC.
        if ((plan is null || plan.CallingCode == "1") && digits.StartsWith("011", StringComparison.Ordinal)) return Single(International(digits[3..]));
        if (plan?.CallingCode == "1") return Single(National(digits, plan), national: true);
        if (digits.StartsWith("00", StringComparison.Ordinal)) return Single(International(digits[2..]));
        return plan is null ? [] : NationalWithForeignMobiles(digits, plan);
    }

    private static IReadOnlyList<PhoneReading> Single(string? e164, bool national = false) =>
        e164 is null ? [] : [new PhoneReading(e164, null) { National = national }];

    private static string? International(string digits)
    {
        if (digits.Length < 7) return null;
        var (code, nsn) = PhonePlans.SplitCallingCode(digits);
        var plan = PhonePlans.ForCallingCode(code);
        if (plan is null)
            return nsn.Length is >= 6 and <= 12 && code.Length + nsn.Length <= MaxE164Digits ? $"+{code}{nsn}" : null;
        // "+44 (0)20 …": the national trunk 0 is often written after the calling code.
        if (nsn.StartsWith('0') && plan.TrunkPrefixes.Contains("0") && !plan.IsValid(nsn)) nsn = nsn[1..];
        return plan.IsValid(nsn) ? $"+{code}{nsn}" : null;
    }

    private static string? National(string digits, PhonePlan plan)
    {
        foreach (var trunk in plan.TrunkPrefixes)
        {
            if (digits.StartsWith(trunk, StringComparison.Ordinal) && plan.IsValid(digits[trunk.Length..]))
                return $"+{plan.CallingCode}{digits[trunk.Length..]}";
        }
        // NANP's trunk 1 is optional; plans without a trunk prefix dial the NSN as it is.
        var bareAllowed = plan.TrunkPrefixes.Length == 0 || plan.CallingCode == "1" || plan.BareNational;
        return bareAllowed && plan.IsValid(digits) ? $"+{plan.CallingCode}{digits}" : null;
    }

    private static IReadOnlyList<PhoneReading> NationalWithForeignMobiles(string digits, PhonePlan plan)
    {
        var home = National(digits, plan);
        if (home is not null && plan.IsMobile(home[(plan.CallingCode.Length + 1)..]))
            return [new PhoneReading(home, null) { National = true }];
        var readings = new List<PhoneReading>(2);
        if (home is not null) readings.Add(new PhoneReading(home, null) { National = true });
        if (!digits.StartsWith('0') || !PhonePlans.IsCrossBorder(plan.Region)) return readings;
        // Migrant workers keep their home SIM: a national "0151…" in an Austrian ad is a German mobile.
        foreach (var foreign in PhonePlans.CrossBorderPlans)
        {
            if (foreign.Region == plan.Region || !foreign.IsMobile(digits[1..])) continue;
            var note = home is null
                ? $"not a valid {plan.Region} number; reads as a {foreign.Region} mobile"
                : $"also reads as a {foreign.Region} mobile";
            readings.Add(new PhoneReading($"+{foreign.CallingCode}{digits[1..]}", note));
        }
        return readings;
    }
}
