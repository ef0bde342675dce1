using System.Text.RegularExpressions;

namespace Minerva.Extraction.Phones;

/// <summary>
/// How one country writes phone numbers: calling code, trunk prefixes used in national format, the shape of a
/// valid national significant number (NSN) and of a mobile one. Patterns follow the national numbering plans
/// (as summarised by libphonenumber's metadata) but are deliberately coarse: they must reject prices, dates and
/// ids, not decide whether a line is assigned.
/// </summary>
/// <param name="Region">ISO 3166-1 alpha-2.</param>
/// <param name="CallingCode">Country calling code without '+'.</param>
/// <param name="TrunkPrefixes">Prefixes dialled before the NSN nationally ("0"; "06" in Hungary); empty if none.</param>
/// <param name="Nsn">A valid NSN, anchored.</param>
/// <param name="Mobile">A mobile NSN, anchored; null where mobiles are not distinct.</param>
internal sealed record PhonePlan(string Region, string CallingCode, string[] TrunkPrefixes, Regex Nsn, Regex? Mobile)
{
    /// <summary>
    /// Whether a national number is also read without its trunk prefix. Minerva's own coarse patterns would take too much
    /// for a number that way (a German NSN is any 6 to 13 digits); the maintained plans list the assigned ranges, and
    /// people in Brazil, Colombia or Peru write numbers without the trunk prefix.
    /// </summary>
    public bool BareNational { get; init; }

    public bool IsValid(string nsn) => Nsn.IsMatch(nsn);

    public bool IsMobile(string nsn) => Mobile?.IsMatch(nsn) ?? false;
}
