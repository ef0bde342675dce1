using System.Text;

namespace Minerva.Generator;

/// <summary>The ways ads write a phone number to dodge filters; each generated ad picks one.</summary>
public enum PhoneStyle
{
    Plain, Grouped, Dotted, International, DoubleZero, Words, MixedWords, LookAlikeLetters,
    Fullwidth, Circled, MathBold, Keycap, EmojiSeparated, SpacedDigits,
}

/// <summary>Writes phone numbers and emails the way real ads obfuscate them. Deterministic for a given Random.</summary>
public static class Obfuscator
{
    private static readonly string[] Words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    private static readonly string[] Emoji = ["🍒", "💋", "🔥", "🌸", "✨", "💎"];

    /// <summary>The national form of a number: trunk prefix plus NSN (NANP: the 10 digits).</summary>
    public static string National(PhonePlanInfo plan, string nsn) => plan.Trunk + nsn;

    /// <summary>The number written in <paramref name="style"/>.</summary>
    public static string Phone(PhonePlanInfo plan, string nsn, PhoneStyle style, Random random)
    {
        var national = National(plan, nsn);
        var groups = Group(national, plan.Code == "1");
        return style switch
        {
            PhoneStyle.Plain => national,
            PhoneStyle.Grouped => plan.Code == "1" ? $"({groups[0]}) {groups[1]}-{groups[2]}" : string.Join(' ', groups),
            PhoneStyle.Dotted => string.Join('.', groups),
            PhoneStyle.International => $"+{plan.Code} {string.Join(' ', Group(nsn, plan.Code == "1"))}",
            PhoneStyle.DoubleZero => plan.Code == "1" ? $"1-{string.Join('-', groups)}" : $"00{plan.Code}{nsn}",
            PhoneStyle.Words => string.Join(' ', national.Select(d => Words[d - '0'])),
            PhoneStyle.MixedWords => string.Join('-', groups.Select(g => string.Concat(g.Select(d => random.Next(2) == 0 ? Words[d - '0'] : d.ToString())))),
            PhoneStyle.LookAlikeLetters => string.Join(' ', groups.Select(g => LookAlike(g, random))),
            PhoneStyle.Fullwidth => string.Join(' ', groups.Select(g => Map(g, d => ((char)(0xFF10 + d)).ToString()))),
            PhoneStyle.Circled => string.Join(' ', groups.Select(g => Map(g, d => d == 0 ? "⓪" : ((char)(0x2460 + d - 1)).ToString()))),
            PhoneStyle.MathBold => string.Join(' ', groups.Select(g => Map(g, d => char.ConvertFromUtf32(0x1D7CE + d)))),
            PhoneStyle.Keycap => string.Join(' ', groups.Select(g => Map(g, d => $"{d}\uFE0F\u20E3"))),
            PhoneStyle.EmojiSeparated => string.Join(Emoji[random.Next(Emoji.Length)], groups),
            PhoneStyle.SpacedDigits => string.Join(" - ", groups.Select(g => string.Join(' ', g.ToCharArray()))),
            _ => national,
        };
    }

    /// <summary>An email written plainly or spelled out.</summary>
    public static string Email(string local, string domain, Random random)
    {
        var dot = domain.Replace(".", random.Next(3) switch { 0 => " dot ", 1 => "(dot)", _ => " [dot] " }, StringComparison.Ordinal);
        return random.Next(5) switch
        {
            0 => $"{local}@{domain}",
            1 => $"{local} at {dot}",
            2 => $"{local}(at){dot}",
            3 => $"{local} [at] {dot}",
            _ => $"{local.ToUpperInvariant()}@{domain.ToUpperInvariant()}",
        };
    }

    private static string LookAlike(string group, Random random)
    {
        var sb = new StringBuilder();
        var hasDigit = false;
        for (var i = 0; i < group.Length; i++)
        {
            var d = group[i];
            // Keep at least one real digit per group, as ads do, so the group still reads as digits.
            var swap = (i > 0 || group.Length == 1 ? hasDigit : false) && random.Next(2) == 0;
            if (swap && d == '0') { sb.Append('O'); continue; }
            if (swap && d == '1') { sb.Append('l'); continue; }
            sb.Append(d);
            hasDigit = true;
        }
        return sb.ToString();
    }

    private static string Map(string digits, Func<int, string> map) => string.Concat(digits.Select(d => map(d - '0')));

    private static string[] Group(string digits, bool nanp)
    {
        if (nanp && digits.Length == 10) return [digits[..3], digits[3..6], digits[6..]];
        var groups = new List<string>();
        var i = 0;
        var first = digits.Length > 9 ? 4 : 3;
        groups.Add(digits[..first]);
        for (i = first; i < digits.Length; i += 4) groups.Add(digits[i..Math.Min(digits.Length, i + 4)]);
        if (groups[^1].Length == 1) { groups[^2] += groups[^1]; groups.RemoveAt(groups.Count - 1); }
        return groups.ToArray();
    }
}
