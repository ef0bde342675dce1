using System.Collections.Frozen;

namespace Minerva.Extraction.Handles;

/// <summary>Platform names: the cue words ads use for them, and their canonical names.</summary>
public static class Platforms
{
    /// <summary>Canonical name of a handle whose platform is not stated.</summary>
    public const string Unknown = "unknown";

    private static readonly FrozenDictionary<string, string> Cues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["instagram"] = "instagram", ["insta"] = "instagram", ["ig"] = "instagram",
        ["snapchat"] = "snapchat", ["snap"] = "snapchat", ["sc"] = "snapchat",
        ["telegram"] = "telegram", ["tg"] = "telegram", ["tele"] = "telegram",
        ["kik"] = "kik",
        ["whatsapp"] = "whatsapp", ["wa"] = "whatsapp",
        ["twitter"] = "x", ["x"] = "x",
        ["tiktok"] = "tiktok", ["tt"] = "tiktok",
        ["onlyfans"] = "onlyfans", ["of"] = "onlyfans",
        ["fansly"] = "fansly", ["skype"] = "skype", ["discord"] = "discord", ["wechat"] = "wechat", ["line"] = "line",
        ["facebook"] = "facebook", ["fb"] = "facebook", ["signal"] = "signal", ["viber"] = "viber",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Cues that are ordinary words or letters ("of", "x", "line") and count only before ':' or '@'.</summary>
    private static readonly FrozenSet<string> WeakCues =
        FrozenSet.ToFrozenSet(["of", "x", "sc", "tt", "tg", "ig", "wa", "fb", "line", "signal", "tele"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical platform for a cue word or platform name, or null.</summary>
    public static string? FromCue(string cue) => Cues.GetValueOrDefault(cue.Trim());

    /// <summary>Canonical platform name for a connector's platform field: known names map, others are kept lower case.</summary>
    public static string Canonical(string? platform) =>
        string.IsNullOrWhiteSpace(platform) ? Unknown : FromCue(platform) ?? platform.Trim().ToLowerInvariant();

    internal static bool IsWeakCue(string cue) => WeakCues.Contains(cue);
}
