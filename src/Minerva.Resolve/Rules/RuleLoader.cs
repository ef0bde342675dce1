using System.Globalization;
using Minerva.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Minerva.Resolve.Rules;

/// <summary>
/// Reads and validates rule files. Works on YAML nodes so every error names its line; unknown keys, kinds,
/// methods and out-of-range thresholds are refused.
/// </summary>
public static class RuleLoader
{
    /// <summary>Names of the rule sets built into Minerva (copies of <c>rules/*.yaml</c>).</summary>
    public static IReadOnlyList<string> BuiltIn { get; } =
        typeof(RuleLoader).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("rules/", StringComparison.Ordinal))
            .Select(n => Path.GetFileNameWithoutExtension(n)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Loads a rule file, or a built-in rule set by name (<c>ads</c>, <c>people</c>) when no such file exists.</summary>
    /// <exception cref="RuleException">Missing or invalid.</exception>
    public static RuleSet Load(string pathOrName)
    {
        if (File.Exists(pathOrName)) return Parse(File.ReadAllText(pathOrName), pathOrName);
        using var stream = typeof(RuleLoader).Assembly.GetManifestResourceStream($"rules/{pathOrName}.yaml");
        if (stream is null)
            throw new RuleException(pathOrName, 0, $"no such rule file, and not a built-in rule set ({string.Join(", ", BuiltIn)})");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), $"rules/{pathOrName}.yaml");
    }

    /// <summary>Parses rule text; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="RuleException">Not valid YAML or not a valid rule set.</exception>
    public static RuleSet Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new RuleException(file, (int)e.Start.Line, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new RuleException(file, 0, "expected a mapping with 'name', 'sources', 'blocking' and 'comparisons'");
        return new Reader(file).Read(root) with { Text = yaml };
    }

    private sealed class Reader(string file)
    {
        public RuleSet Read(YamlMappingNode root)
        {
            CheckKeys(root, ["name", "description", "sources", "link_threshold", "link_probability", "link", "bridge", "cannot_link", "hubs", "blocking", "comparisons", "em"]);
            var comparisons = Sequence(root, "comparisons", required: true).Select(ReadComparison).ToList();
            if (comparisons.Count == 0) throw Error(root, "'comparisons' is empty");
            if (comparisons.Count > 16) throw Error(root, "at most 16 comparisons are supported");
            // Levels are packed four bits each, with code 15 meaning absent.
            if (comparisons.FirstOrDefault(c => c.Levels.Count > Scoring.Comparator.Absent) is { } wide)
                throw new RuleException(file, wide.Line, $"comparison '{wide.Name}' has {wide.Levels.Count} levels; at most {Scoring.Comparator.Absent} are supported");
            var duplicate = comparisons.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new RuleException(file, duplicate.Last().Line, $"comparison name '{duplicate.Key}' is used twice");
            var hubs = Child(root, "hubs") as YamlMappingNode;
            if (hubs is not null) CheckKeys(hubs, ["max_records", "max_companions"]);
            var em = Child(root, "em") as YamlMappingNode;
            if (em is not null) CheckKeys(em, ["max_iterations", "tolerance", "random_pairs", "seed", "prior_pairs"]);
            var sources = Sequence(root, "sources", required: true).Select(n => ScalarValue(n, "sources")).ToList();
            var threshold = LinkThreshold(root);
            var cannotLink = Number(root, "cannot_link", -20, -1000, 0);
            if (cannotLink >= threshold) throw Error(Child(root, "cannot_link") ?? root, $"'cannot_link' ({cannotLink}) must be below the link threshold ({threshold:0.##} bits)");
            return new RuleSet
            {
                Name = Scalar(root, "name", required: true)!,
                File = file,
                Text = "",
                Sources = sources,
                LinkThreshold = threshold,
                Link = Child(root, "link") is { } link ? ReadLink(link, sources) : null,
                Bridge = Number(root, "bridge", 4, 0, 60),
                CannotLink = cannotLink,
                Hubs = hubs is null ? new HubLimits()
                    : new HubLimits((int)Number(hubs, "max_records", 500, 2, 1e9), (int)Number(hubs, "max_companions", 8, 1, 1e9)),
                Blocking = ReadBlocking(Child(root, "blocking") as YamlMappingNode ?? throw Error(root, "'blocking' is required")),
                Comparisons = comparisons,
                Em = em is null ? new EmSettings()
                    : new EmSettings((int)Number(em, "max_iterations", 1000, 1, 10_000), Number(em, "tolerance", 1e-9, 1e-15, 0.1),
                        (int)Number(em, "random_pairs", 200_000, 1000, 1e8), (int)Number(em, "seed", 1, int.MinValue, int.MaxValue),
                        Number(em, "prior_pairs", 20, 0, 1e9)),
            };
        }

        /// <summary>The threshold in bits: <c>link_threshold</c> itself, or <c>link_probability</c> p as log2(p / (1 − p)).</summary>
        private double LinkThreshold(YamlMappingNode root)
        {
            if (Child(root, "link_probability") is not { } node) return Number(root, "link_threshold", 4, -20, 60);
            if (Child(root, "link_threshold") is not null) throw Error(node, "give 'link_threshold' (bits) or 'link_probability', not both");
            var p = ParseNumber(node, "link_probability", 1e-6, 0.999999999);
            return Math.Log2(p / (1 - p));
        }

        private LinkMode ReadLink(YamlNode node, List<string> sources)
        {
            if (node is not YamlMappingNode map) throw Error(node, "'link' is a mapping: { across: [source_a, source_b], one_to_one: true }");
            CheckKeys(map, ["across", "one_to_one"]);
            var across = Sequence(map, "across", required: true).Select(n => ScalarValue(n, "across")).ToList();
            if (across.Count != 2 || across[0] == across[1]) throw Error(map, "'across' names two different sources, e.g. [dblp, acm]");
            foreach (var source in across)
                if (!sources.Contains(source)) throw Error(map, $"'across' names '{source}', which is not in 'sources' ({string.Join(", ", sources)})");
            return new LinkMode(across, Flag(map, "one_to_one"));
        }

        private Blocking ReadBlocking(YamlMappingNode node)
        {
            CheckKeys(node, ["selectors", "minhash", "handles", "images", "tokens", "keys", "max_block"]);
            var kinds = Sequence(node, "selectors", required: false).Select(ReadKind).ToList();
            MinHashBlocking? minHash = null;
            if (Child(node, "minhash") is YamlMappingNode m)
            {
                CheckKeys(m, ["field", "bands", "rows"]);
                minHash = new MinHashBlocking(FieldName(m, "field"), (int)Number(m, "bands", 12, 1, 64), (int)Number(m, "rows", 6, 1, 32), Line(m));
                if (minHash.Bands * minHash.Rows > Features.FeatureSpace.SignatureLength)
                    throw Error(m, $"bands × rows must be at most {Features.FeatureSpace.SignatureLength} hashes");
            }
            HandleBlocking? handles = null;
            if (Child(node, "handles") is YamlMappingNode h)
            {
                CheckKeys(h, ["gram", "min_shared"]);
                handles = new HandleBlocking((int)Number(h, "gram", 3, 2, 8), Number(h, "min_shared", 0.6, 0.05, 1));
            }
            ImageBlocking? images = null;
            if (Child(node, "images") is YamlMappingNode im)
            {
                CheckKeys(im, ["radius"]);
                images = new ImageBlocking((int)Number(im, "radius", 31, 0, 128));
            }
            TokenBlocking? tokens = null;
            if (Child(node, "tokens") is YamlMappingNode t)
            {
                CheckKeys(t, ["field", "max_records"]);
                tokens = new TokenBlocking(FieldName(t, "field"), (int)Number(t, "max_records", 50, 2, 1e6), Line(t));
            }
            var keys = Sequence(node, "keys", required: false).Select(ReadKey).ToList();
            if (kinds.Count == 0 && minHash is null && handles is null && images is null && tokens is null && keys.Count == 0)
                throw Error(node, "blocking needs at least one of 'selectors', 'minhash', 'handles', 'images', 'tokens' or 'keys'");
            return new Blocking(kinds, minHash, handles, keys, (int)Number(node, "max_block", 300, 2, 1e6)) { Images = images, Tokens = tokens };
        }

        private BlockingKey ReadKey(YamlNode node)
        {
            if (node is not YamlSequenceNode parts || parts.Children.Count == 0)
                throw Error(node, "a blocking key is a list of fields, e.g. [surname:3, date_of_birth:4]");
            return new BlockingKey(parts.Select(p =>
            {
                var text = ScalarValue(p, "keys");
                var colon = text.LastIndexOf(':');
                if (colon < 0) return new KeyPart(text, 0, Line(p));
                if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix < 1)
                    throw Error(p, $"'{text}': after ':' comes the number of leading characters kept, at least 1");
                return new KeyPart(text[..colon], prefix, Line(p));
            }).ToList());
        }

        /// <summary>Increasing Hamming radii, 0–128 bits (beyond 128 two unrelated photos agree by chance).</summary>
        private List<int> Radii(YamlMappingNode map)
        {
            var radii = Sequence(map, "hamming", required: true).Select(n => (int)ParseNumber(n, "hamming", 0, 128)).ToList();
            if (radii.Count == 0 || radii.Zip(radii.Skip(1)).Any(p => p.First >= p.Second))
                throw Error(map, "'hamming' lists increasing radii in bits, e.g. [31, 63]");
            return radii;
        }

        private ComparisonRule ReadComparison(YamlNode node)
        {
            if (node is not YamlMappingNode map) throw Error(node, "a comparison is a mapping with 'name' and one of selector, minhash, field, within_days");
            CheckKeys(map, ["name", "selector", "similar", "hamming", "decisive", "minhash", "min_tokens", "field", "method", "levels", "within_days"]);
            var name = Scalar(map, "name", required: true)!;
            var line = Line(map);
            var kinds = new[] { "selector", "minhash", "field", "within_days" }.Where(k => Child(map, k) is not null).ToList();
            if (kinds.Count != 1) throw Error(map, $"comparison '{name}' needs exactly one of selector, minhash, field, within_days");
            switch (kinds[0])
            {
                case "selector":
                    var kind = ReadKind(Child(map, "selector")!);
                    double? similar = Child(map, "similar") is null ? null : Number(map, "similar", 0.9, 0.5, 0.999);
                    if (similar is not null && kind != SelectorKind.Handle) throw Error(map, "'similar' applies to handle comparisons only");
                    var hamming = Child(map, "hamming") is null ? null : Radii(map);
                    if (hamming is not null && kind != SelectorKind.ImageHash) throw Error(map, "'hamming' applies to image comparisons only");
                    return new SelectorComparison(name, line, kind, similar, Flag(map, "decisive"), hamming);
                case "minhash" or "field" when Child(map, "decisive") is not null:
                    throw Error(map, "'decisive' applies to selector comparisons only");
                case not "minhash" when Child(map, "min_tokens") is not null:
                    throw Error(map, "'min_tokens' applies to minhash comparisons only");
                case "minhash":
                    return new TextComparison(name, line, FieldName(map, "minhash"), Thresholds(map, required: true), (int)Number(map, "min_tokens", 0, 0, 1000));
                case "field":
                    var methodText = Scalar(map, "method", required: false) ?? "exact";
                    FieldMethod method = methodText switch
                    {
                        "exact" => FieldMethod.Exact,
                        "jaro_winkler" => FieldMethod.JaroWinkler,
                        "levenshtein" => FieldMethod.Levenshtein,
                        "token_set" => FieldMethod.TokenSet,
                        "tfidf" => FieldMethod.Tfidf,
                        "absolute" => FieldMethod.Absolute,
                        "relative" => FieldMethod.Relative,
                        _ => throw Error(Child(map, "method")!,
                            $"unknown method '{methodText}'; expected exact, jaro_winkler, levenshtein, token_set, tfidf, absolute or relative"),
                    };
                    var levels = method is FieldMethod.Absolute or FieldMethod.Relative ? Differences(map) : Thresholds(map, required: method != FieldMethod.Exact);
                    if (method == FieldMethod.Exact && levels.Count > 0) throw Error(map, "'levels' needs a similarity method, not exact");
                    return new FieldComparison(name, line, FieldName(map, "field"), method, levels);
                default:
                    if (Child(map, "decisive") is not null) throw Error(map, "'decisive' applies to selector comparisons only");
                    var days = Sequence(map, "within_days", required: true).Select(n => ParseNumber(n, "within_days", 0.001, 36_500)).ToList();
                    if (days.Count == 0 || days.Zip(days.Skip(1)).Any(p => p.Second <= p.First))
                        throw Error(map, "'within_days' is a non-empty list of increasing numbers of days");
                    return new TimeComparison(name, line, days);
            }
        }

        /// <summary>Increasing differences for numeric methods, e.g. [1, 5] years or [0.05, 0.2] relative.</summary>
        private List<double> Differences(YamlMappingNode map)
        {
            var levels = Sequence(map, "levels", required: true).Select(n => ParseNumber(n, "levels", 0, 1e12)).ToList();
            if (levels.Count == 0 || levels.Zip(levels.Skip(1)).Any(p => p.Second <= p.First))
                throw Error(map, "'levels' of a numeric method are increasing differences, e.g. [1, 5] or [0.05, 0.2]");
            return levels;
        }

        private List<double> Thresholds(YamlMappingNode map, bool required)
        {
            var levels = Sequence(map, "levels", required).Select(n => ParseNumber(n, "levels", 0.01, 0.999)).ToList();
            if (required && levels.Count == 0) throw Error(map, "'levels' needs at least one threshold between 0 and 1");
            if (levels.Zip(levels.Skip(1)).Any(p => p.Second >= p.First)) throw Error(map, "'levels' must be decreasing thresholds, e.g. [0.9, 0.8]");
            return levels;
        }

        private SelectorKind ReadKind(YamlNode node)
        {
            var text = ScalarValue(node, "selector");
            return SelectorKinds.TryParse(text, out var kind)
                ? kind
                : throw Error(node, $"unknown selector kind '{text}'; expected one of {string.Join(", ", Enum.GetValues<SelectorKind>().Select(k => k.Name()))}");
        }

        private string FieldName(YamlMappingNode map, string key)
        {
            var text = Scalar(map, key, required: true)!;
            return text.Length > 0 ? text : throw Error(map, $"'{key}' names a field");
        }

        private bool Flag(YamlMappingNode map, string key) => Scalar(map, key, required: false) switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw Error(Child(map, key)!, $"'{key}' must be true or false, not '{other}'"),
        };

        private double Number(YamlMappingNode map, string key, double fallback, double min, double max) =>
            Child(map, key) is { } node ? ParseNumber(node, key, min, max) : fallback;

        private double ParseNumber(YamlNode node, string key, double min, double max)
        {
            var text = ScalarValue(node, key);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw Error(node, $"'{key}' must be a number, not '{text}'");
            if (value < min || value > max) throw Error(node, $"'{key}' is {text}; it must be between {min} and {max}");
            return value;
        }

        private string? Scalar(YamlMappingNode map, string key, bool required)
        {
            var node = Child(map, key);
            if (node is null) return required ? throw Error(map, $"'{key}' is required") : null;
            return ScalarValue(node, key);
        }

        private string ScalarValue(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { } v } ? v : throw Error(node, $"'{key}' must be a plain value");

        private IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key, bool required)
        {
            var node = Child(map, key);
            if (node is null) return required ? throw Error(map, $"'{key}' is required") : [];
            return node as YamlSequenceNode ?? throw Error(node, $"'{key}' must be a list");
        }

        private void CheckKeys(YamlMappingNode map, string[] allowed)
        {
            foreach (var key in map.Children.Keys)
                if (key is not YamlScalarNode { Value: { } k } || !allowed.Contains(k))
                    throw Error(key, $"unknown key '{key}'; expected one of {string.Join(", ", allowed)}");
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        private static int Line(YamlNode node) => (int)node.Start.Line;

        private RuleException Error(YamlNode node, string message) => new(file, Line(node), message);
    }
}
