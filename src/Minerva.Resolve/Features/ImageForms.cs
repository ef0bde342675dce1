using Minerva.Images;
using Minerva.Storage;

namespace Minerva.Resolve.Features;

/// <summary>
/// The eight dihedral hashes of each stored photo, by its PDQ hex value, so comparisons and blocking also catch
/// rotated and mirrored re-posts. A hash with no stored image (a selector from elsewhere) has only its own form.
/// </summary>
internal sealed class ImageForms
{
    private readonly Dictionary<string, Hash256[]> _forms;

    private ImageForms(Dictionary<string, Hash256[]> forms) => _forms = forms;

    /// <summary>No stored variants.</summary>
    public static ImageForms None { get; } = new([]);

    /// <summary>
    /// The stored forms when the rules compare or block on photo similarity, else <see cref="None"/> (no need to read
    /// the images table).
    /// </summary>
    public static ImageForms For(Rules.RuleSet rules, IWorkspace workspace)
    {
        var used = rules.Blocking.Images is not null || rules.Comparisons.Any(c => c is Rules.SelectorComparison { Hamming: not null });
        if (!used) return None;
        var forms = new Dictionary<string, Hash256[]>(StringComparer.Ordinal);
        foreach (var image in workspace.ScanImages())
            forms.TryAdd(image.Image.Pdq, Hash256.ParseForms(image.Image.Pdq, image.Image.Variants));
        return new ImageForms(forms);
    }

    /// <summary>The original hash first, then its variants.</summary>
    public Hash256[] Of(string hex) => _forms.TryGetValue(hex, out var forms) ? forms : [Hash256.Parse(hex)];

    /// <summary>Smallest distance between <paramref name="a"/> in any form and <paramref name="b"/> as stored, or the reverse.</summary>
    public int Distance(string a, string b)
    {
        var (fa, fb) = (Of(a), Of(b));
        var best = 256;
        foreach (var f in fa) best = Math.Min(best, f.Distance(fb[0]));
        foreach (var f in fb) best = Math.Min(best, f.Distance(fa[0]));
        return best;
    }
}
