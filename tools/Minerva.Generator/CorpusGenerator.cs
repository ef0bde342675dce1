using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Minerva.Generator;

/// <summary>Size and shape of a generated corpus.</summary>
/// <param name="Ads">Number of ads.</param>
/// <param name="Seed">Random seed: the same seed gives the same corpus.</param>
/// <param name="SingletonShare">Share of networks that post one ad only.</param>
/// <param name="HubShare">Share of ads carrying a site-wide support number (a hub that must not link them).</param>
/// <param name="Cases">Victim–perpetrator case rows to write; -1 means one for every five ads.</param>
/// <param name="Photos">Write the photo files the ads reference (re-posts of each network's originals, some with the
/// camera's EXIF); without it the references point at files that do not exist.</param>
public sealed record CorpusOptions(int Ads = 1000, int Seed = 42, double SingletonShare = 0.35, double HubShare = 0.02, int Cases = -1, bool Photos = false);

/// <summary>What <see cref="CorpusGenerator.Write"/> wrote.</summary>
/// <param name="Ads">Ads written.</param>
/// <param name="Clusters">Planted networks.</param>
/// <param name="Bytes">Size of ads.jsonl.</param>
/// <param name="Photos">Photo files written (0 without <see cref="CorpusOptions.Photos"/>).</param>
public sealed record CorpusSummary(int Ads, int Clusters, long Bytes, int Photos);

/// <summary>
/// Generates ads from planted networks: each network is one advertised person with 1–3 rotating phones, maybe
/// an email, a handle (sometimes a look-alike of another network's) and a wallet, posting template-based,
/// near-duplicate ads across a few cities over weeks. Every obfuscation class of <see cref="PhoneStyle"/> is used.
/// </summary>
public static class CorpusGenerator
{
    private static readonly long Epoch = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private const string HubNumber = "8005550199";

    /// <summary>The ads, in generation order. Streams: memory does not grow with the count.</summary>
    public static IEnumerable<GeneratedAd> Ads(CorpusOptions options)
    {
        var random = new Random(options.Seed);
        var usedPhones = new HashSet<string>(StringComparer.Ordinal);
        var handles = new List<string>();
        var usedHandles = new HashSet<string>(StringComparer.Ordinal);
        var usedEmails = new HashSet<string>(StringComparer.Ordinal);
        var written = 0;
        var cluster = 0;
        while (written < options.Ads)
        {
            cluster++;
            var size = random.NextDouble() < options.SingletonShare ? 1 : 2 + (int)Math.Min(60, -Math.Log(1 - random.NextDouble()) * 7);
            size = Math.Min(size, options.Ads - written);
            var network = Network.Create(options.Seed, cluster, random, usedPhones, handles, usedHandles, usedEmails);
            for (var k = 0; k < size; k++)
            {
                written++;
                yield return network.Ad($"ad-{written:D7}", k, size, random, options);
            }
        }
    }

    /// <summary>
    /// Writes <c>ads.jsonl</c>, <c>profiles.csv</c> (a social profile for most networks with a handle),
    /// <c>cases.csv</c> (victim–perpetrator rows), <c>truth.csv</c> (<c>record,cluster</c> for ads and profiles)
    /// and <c>selectors.csv</c> (every planted selector) into <paramref name="folder"/>, and with
    /// <see cref="CorpusOptions.Photos"/> the photos under <c>img/</c>. <paramref name="progress"/> gets ads written,
    /// then <paramref name="photoProgress"/> photos written.
    /// </summary>
    public static CorpusSummary Write(string folder, CorpusOptions options, Action<int>? progress = null, Action<int>? photoProgress = null)
    {
        Directory.CreateDirectory(folder);
        var utf8 = new UTF8Encoding(false);
        using var ads = new StreamWriter(Path.Combine(folder, "ads.jsonl"), false, utf8, 1 << 20);
        using var truth = new StreamWriter(Path.Combine(folder, "truth.csv"), false, utf8);
        using var planted = new StreamWriter(Path.Combine(folder, "selectors.csv"), false, utf8);
        truth.WriteLine("record,cluster");
        planted.WriteLine("record,kind,value,hub");
        int count = 0, clusters = 0;
        var profiles = new Dictionary<int, (string Handle, string Phone, string Name)>();
        var photos = new List<AdPhoto>();
        foreach (var ad in Ads(options))
        {
            if (options.Photos) photos.AddRange(ad.Photos);
            var handle = ad.Planted.FirstOrDefault(p => p.Kind == "handle");
            if (handle is not null && !profiles.ContainsKey(ad.Cluster))
                profiles[ad.Cluster] = (handle.Value, ad.Planted[0].Value, ad.Title.Split(' ')[0]);
            ads.WriteLine(Line(ad));
            truth.WriteLine($"{ad.RecordKey},c{ad.Cluster}");
            foreach (var p in ad.Planted) planted.WriteLine($"{ad.RecordKey},{p.Kind},{p.Value},{(p.Hub ? 1 : 0)}");
            count++;
            clusters = Math.Max(clusters, ad.Cluster);
            if (count % 10_000 == 0) progress?.Invoke(count);
        }
        ads.Flush();
        WriteProfiles(Path.Combine(folder, "profiles.csv"), profiles, truth, planted, options.Seed);
        var cases = options.Cases >= 0 ? options.Cases : options.Ads / 5;
        CaseGenerator.Write(Path.Combine(folder, "cases.csv"), cases, options.Seed, profiles.Values.Select(p => p.Phone).ToList());
        PhotoWriter.Write(folder, photos, photoProgress);
        return new CorpusSummary(count, clusters, ads.BaseStream.Length, photos.Count);
    }

    /// <summary>Profiles of networks with a handle (four in five); half show the network's phone in the bio, the others a
    /// stock phrase. One profile in ten belongs to nobody in the ads (its own truth cluster) and has a stock bio too:
    /// strangers with word-for-word identical short bios, which must not link.</summary>
    private static void WriteProfiles(string file, Dictionary<int, (string Handle, string Phone, string Name)> networks,
        StreamWriter truth, StreamWriter planted, int seed)
    {
        var random = new Random(seed ^ 0x9f0f);
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false));
        writer.WriteLine("platform,username,display name,bio,followers");
        foreach (var (cluster, (handle, phone, name)) in networks.OrderBy(n => n.Key))
        {
            if (random.NextDouble() >= 0.8) continue;
            var (platform, user) = (handle[..handle.IndexOf('/', StringComparison.Ordinal)], handle[(handle.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            var showPhone = random.NextDouble() < 0.5;
            var bio = showPhone ? $"bookings {phone}" : StockBio(random);
            var key = $"genprofiles:{platform}/{user}";
            writer.WriteLine($"{platform},{user},{name},{Csv(bio)},{random.Next(20, 9000)}");
            truth.WriteLine($"{key},c{cluster}");
            planted.WriteLine($"{key},handle,{handle},0");
            if (showPhone) planted.WriteLine($"{key},phone,{phone},0");
            if (random.NextDouble() >= 0.1) continue;
            var stranger = $"{Phrases.Names[random.Next(Phrases.Names.Length)].ToLowerInvariant()}.p{cluster}";
            writer.WriteLine($"{platform},{stranger},{Phrases.Names[random.Next(Phrases.Names.Length)]},{Csv(StockBio(random))},{random.Next(20, 9000)}");
            truth.WriteLine($"genprofiles:{platform}/{stranger},p{cluster}");
            planted.WriteLine($"genprofiles:{platform}/{stranger},handle,{platform}/{stranger},0");
        }
    }

    private static string StockBio(Random random) => random.Next(2) == 0
        ? Phrases.Generic[random.Next(Phrases.Generic.Length)].ToLowerInvariant()
        : Phrases.StockBios[random.Next(Phrases.StockBios.Length)];

    /// <summary>The ads as the JSON lines <see cref="Write"/> puts in <c>ads.jsonl</c>.</summary>
    public static IEnumerable<string> Lines(CorpusOptions options) => Ads(options).Select(Line);

    private static string Line(GeneratedAd ad) => JsonSerializer.Serialize(new
    {
        id = ad.Id, ts = ad.Timestamp, city = ad.City, country = ad.Country, site = ad.Site, title = ad.Title, body = ad.Body,
        images = ad.Images, contact = ad.ContactEmail is null ? null : new { email = ad.ContactEmail },
    }, JsonOptions);

    /// <summary>A CSV field, quoted when it holds a comma, quote or line break.</summary>
    internal static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed class Network
    {
        private int _cluster;
        private PhonePlanInfo _plan = null!;
        private string _name = "";
        private string[] _phones = [];
        private (string Local, string Domain)? _email;
        private (string Platform, string Name)? _handle;
        private string? _wallet;
        private string[] _cities = [];
        private PhonePlanInfo? _abroad;
        private int _opener;
        private int[] _middles = [];
        private string _site = "";
        private NetworkPhotos _photos = null!;
        private long _start;
        private long _span;

        public static Network Create(int seed, int cluster, Random random, HashSet<string> usedPhones, List<string> handles, HashSet<string> usedHandles,
            HashSet<string> usedEmails)
        {
            var plan = Pick(random);
            var n = new Network
            {
                _cluster = cluster,
                _plan = plan,
                _name = Phrases.Names[random.Next(Phrases.Names.Length)],
                _opener = random.Next(Phrases.Openers.Length),
                _middles = Enumerable.Range(0, 2 + random.Next(3)).Select(_ => random.Next(Phrases.Middles.Length)).Distinct().ToArray(),
                _site = Phrases.Sites[random.Next(Phrases.Sites.Length)],
                _start = Epoch + random.Next(300 * 86400),
                _span = (7 + random.Next(60)) * 86400L,
                _photos = new NetworkPhotos(seed, cluster),
            };
            var phoneCount = 1 + (random.NextDouble() < 0.3 ? 1 : 0) + (random.NextDouble() < 0.1 ? 1 : 0);
            n._phones = Enumerable.Range(0, phoneCount).Select(_ => UniqueNsn(plan, random, usedPhones)).ToArray();
            n._cities = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => plan.Cities[random.Next(plan.Cities.Length)]).Distinct().ToArray();
            // One European network in eight also works a city across a border, posting its own national number there.
            if (plan.Code != "1" && random.NextDouble() < 0.125)
            {
                var abroad = PhonePlanInfo.All.Select(p => p.Plan).Where(p => p.Code != "1" && p.Country != plan.Country).ToArray();
                n._abroad = abroad[random.Next(abroad.Length)];
            }
            var tag = $"{n._name.ToLowerInvariant()}{(random.Next(2) == 0 ? "." : "_")}{Phrases.Names[random.Next(Phrases.Names.Length)].ToLowerInvariant()}{cluster % 97}";
            if (random.NextDouble() < 0.45)
            {
                // Emails are unique per network for the same reason as handles: a shared one is a real link.
                var domain = Phrases.MailDomains[random.Next(Phrases.MailDomains.Length)];
                var local = tag;
                for (var suffix = 2; !usedEmails.Add(CanonicalEmail(local, domain)); suffix++) local = $"{tag}.{suffix}";
                n._email = (local, domain);
            }
            if (random.NextDouble() < 0.5)
            {
                // Look-alikes: a name one edit away from another network's handle, belonging to somebody else.
                // Half end in digits ("nadialuv2"), which a number written right after must not absorb.
                var name = handles.Count > 10 && random.NextDouble() < 0.1 ? handles[random.Next(handles.Count)] + "_x"
                    : random.Next(2) == 0 ? tag : tag + "x";
                // Handles are unique per network: a shared handle would be a real link, and the truth says there is none.
                for (var suffix = 2; usedHandles.Contains(name); suffix++) name = $"{tag}x{suffix}";
                usedHandles.Add(name);
                n._handle = (Phrases.HandlePlatforms[random.Next(Phrases.HandlePlatforms.Length)], name);
                handles.Add(name);
            }
            if (random.NextDouble() < 0.08) n._wallet = Wallets.NewP2pkh(random);
            return n;
        }

        public GeneratedAd Ad(string id, int index, int size, Random random, CorpusOptions options)
        {
            // Some later ads of a network carry no contact at all: only a re-post of one of its photos ties them to it.
            if (index > 0 && random.NextDouble() < PhotoOnlyShare) return PhotoOnlyAd(id, random, options);
            var planted = new List<PlantedSelector>();
            var phone = _phones[Math.Min(_phones.Length - 1, index * _phones.Length / size)];
            planted.Add(new PlantedSelector("phone", $"+{_plan.Code}{phone}"));
            var (city, country) = _abroad is { } abroad && random.NextDouble() < 0.3
                ? (abroad.Cities[random.Next(abroad.Cities.Length)], abroad.Country)
                : (_cities[random.Next(_cities.Length)], _plan.Country);
            var body = new StringBuilder();
            body.Append(string.Format(CultureInfo.InvariantCulture, Phrases.Openers[_opener], _name, city)).Append(". ");
            foreach (var m in _middles) body.Append(random.NextDouble() < 0.1 ? Phrases.Middles[random.Next(Phrases.Middles.Length)] : Phrases.Middles[m]).Append(' ');
            body.Append(Phrases.Generic[random.Next(Phrases.Generic.Length)]).Append("! ");
            var style = (PhoneStyle)random.Next(Enum.GetValues<PhoneStyle>().Length);
            var showHandle = _handle is not null && random.NextDouble() < 0.7;
            // A third of the handles are written right before the number ("telegram @nadialuv2. 704 489 9573").
            var handleFirst = showHandle && random.NextDouble() < 0.33;
            if (handleFirst) body.Append(HandleCue(_handle!.Value.Platform, _handle.Value.Name, random)).Append(". ").Append(Obfuscator.Phone(_plan, phone, style, random)).Append(". ");
            else body.Append(Phrases.Calls[random.Next(Phrases.Calls.Length)]).Append(' ').Append(Obfuscator.Phone(_plan, phone, style, random)).Append(". ");
            string? contactEmail = null;
            if (_email is { } email && random.NextDouble() < 0.6)
            {
                planted.Add(new PlantedSelector("email", CanonicalEmail(email.Local, email.Domain)));
                if (random.Next(3) == 0) contactEmail = $"{email.Local}@{email.Domain}";
                else body.Append("Email ").Append(Obfuscator.Email(email.Local, email.Domain, random)).Append(". ");
            }
            if (showHandle && _handle is { } handle)
            {
                planted.Add(new PlantedSelector("handle", $"{handle.Platform}/{handle.Name}"));
                if (!handleFirst) body.Append(HandleCue(handle.Platform, handle.Name, random)).Append(". ");
            }
            if (_wallet is not null)
            {
                planted.Add(new PlantedSelector("wallet", $"btc:{_wallet}"));
                body.Append("BTC accepted ").Append(_wallet).Append(". ");
            }
            body.Append(Phrases.Middles[random.Next(Phrases.Middles.Length)]).Append(' ').Append(Phrases.Middles[random.Next(Phrases.Middles.Length)]);
            if (random.NextDouble() < options.HubShare)
            {
                planted.Add(new PlantedSelector("phone", $"+1{HubNumber}", Hub: true));
                body.Append(" Site support line: +1 (800) 555-0199.");
            }
            var title = $"{_name} {Phrases.Generic[random.Next(Phrases.Generic.Length)].ToLowerInvariant()} in {city}";
            var ts = _start + (long)(random.NextDouble() * _span);
            var photos = _photos.For(id, random.Next(3), ts);
            // A camera serial is in the data only when the photo files are.
            foreach (var exif in photos.Where(_ => options.Photos).Select(p => p.Exif).OfType<CameraExif>().Take(1)) planted.Add(new PlantedSelector("camera", NetworkPhotos.CameraSelector(exif)));
            return new GeneratedAd(id, ts, city, country, _site, title, body.ToString(), photos, contactEmail, _cluster, planted);
        }

        /// <summary>Share of a network's later ads whose only link to it is a re-posted photo.</summary>
        private const double PhotoOnlyShare = 0.03;

        private GeneratedAd PhotoOnlyAd(string id, Random random, CorpusOptions options)
        {
            var city = _cities[random.Next(_cities.Length)];
            var title = $"{_name} {Phrases.Generic[random.Next(Phrases.Generic.Length)].ToLowerInvariant()} in {city}";
            var body = $"{string.Format(CultureInfo.InvariantCulture, Phrases.Openers[random.Next(Phrases.Openers.Length)], _name, city)}. " +
                       $"{Phrases.Middles[random.Next(Phrases.Middles.Length)]} Message me here on the site.";
            var ts = _start + (long)(random.NextDouble() * _span);
            var photos = _photos.Repost(id, ts);
            var planted = photos.Where(_ => options.Photos).Select(p => p.Exif).OfType<CameraExif>().Take(1)
                .Select(exif => new PlantedSelector("camera", NetworkPhotos.CameraSelector(exif))).ToList();
            return new GeneratedAd(id, ts, city, _plan.Country, _site, title, body, photos, null, _cluster, planted);
        }

        private static string HandleCue(string platform, string name, Random random) => (platform, random.Next(3)) switch
        {
            ("instagram", 0) => $"IG: {name}",
            ("instagram", 1) => $"insta @{name}",
            ("instagram", _) => $"instagram.com/{name}",
            ("snapchat", 0) => $"snap {name}",
            ("snapchat", _) => $"snapchat @{name}",
            ("telegram", 0) => $"t.me/{name}",
            ("telegram", _) => $"telegram @{name}",
            _ => $"kik: {name}",
        };

        private static string CanonicalEmail(string local, string domain) =>
            domain == "gmail.com" ? $"{local.Replace(".", "", StringComparison.Ordinal)}@gmail.com" : $"{local}@{domain}";

        private static string UniqueNsn(PhonePlanInfo plan, Random random, HashSet<string> used)
        {
            while (true)
            {
                var nsn = plan.NewNsn(random);
                if (nsn != HubNumber && used.Add(plan.Code + nsn)) return nsn;
            }
        }

        private static PhonePlanInfo Pick(Random random)
        {
            var total = PhonePlanInfo.All.Sum(p => p.Weight);
            var roll = random.Next(total);
            foreach (var (plan, weight) in PhonePlanInfo.All)
            {
                if (roll < weight) return plan;
                roll -= weight;
            }
            return PhonePlanInfo.All[0].Plan;
        }
    }
}
