using System.Collections.Concurrent;
using Minerva.Core;
using Minerva.Images;
using Minerva.Storage;
using Minerva.Vips;

namespace Minerva.Ingest;

/// <summary>
/// Hashes the local images a record references and reads their EXIF, on the ingest's worker threads. A file
/// referenced by many records is read once per run. Remote references are never fetched. A file that is not a
/// readable image is quarantined with the reason (once per file) and its record is still ingested — unless the
/// record is the image itself (an image-folder source), which the caller quarantines.
/// </summary>
internal sealed class ImageAttachments(string source, SourceRoots roots)
{
    private readonly ConcurrentDictionary<string, byte> _refusedSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Outcome>> _done = new(StringComparer.Ordinal);
    private const int MaxFoldersKnown = 4096;
    private readonly ConcurrentDictionary<string, bool> _missingFolders = new(StringComparer.Ordinal);
    private int _foldersKnown;
    private long _referenced, _hashed, _rejected, _missing, _remote, _notHashed, _refused;
    private volatile bool _vipsMissing;

    /// <summary>What the run did with image references.</summary>
    public ImageCounts Counts => new(_referenced, _hashed, _rejected, _missing, _remote, _notHashed, _vipsMissing) { Refused = _refused };

    /// <summary>
    /// Selectors and image facts for the record's attachments, and the files to quarantine. A local reference is read
    /// only when it resolves to a regular file inside <paramref name="root"/> (the canonical folder of the input the
    /// record came from) or a root the user allowed; <paramref name="isImage"/>: the record is its first attachment
    /// (an image-folder source).
    /// </summary>
    public Attached Process(SourceRecord record, bool isImage, string root)
    {
        var selectors = new List<Selector>();
        var images = new List<ImageFacts>();
        var rejected = new List<QuarantineEntry>();
        string? ownImageRejected = null;
        for (var i = 0; i < record.Attachments.Count; i++)
        {
            var path = record.Attachments[i];
            Interlocked.Increment(ref _referenced);
            if (RecordMapper.IsRemote(path))
            {
                Interlocked.Increment(ref _remote);
                continue;
            }
            // A missing file is not remembered: checking again costs what a lookup would, and a corpus whose photos
            // were not saved would otherwise keep every path of the run in memory (2M at 1M ads). A missing folder is:
            // a corpus saved without its photos names the same few folders in every record.
            // One stat first: a missing file needs no canonical path (resolving one costs a stat per folder on the way, and
            // 2M references to photos that were not saved made the 1M-ad ingest 3–5 % slower).
            string? real = null;
            var refusal = InMissingFolder(path) || !Path.Exists(path) ? null : roots.Refusal(path, root, out real);
            if (refusal is not null)
            {
                Interlocked.Increment(ref _refused);
                if (_refusedSeen.TryAdd(path, 0)) rejected.Add(new QuarantineEntry(source, path, "image reference", refusal, null, DateTimeOffset.UtcNow));
                if (i == 0 && isImage) ownImageRejected = refusal;
                continue;
            }
            if (real is null)
            {
                Interlocked.Increment(ref _missing);
                continue;
            }
            var first = false;
            var outcome = _done.GetOrAdd(real, p => new Lazy<Outcome>(() => { first = true; return Read(p); })).Value;
            switch (outcome)
            {
                case { Missing: true }: // deleted between the check and the read
                    Interlocked.Increment(ref _missing);
                    break;
                case { Rejection: { } reason }:
                    Interlocked.Increment(ref _rejected);
                    if (first) rejected.Add(new QuarantineEntry(source, real, "image", reason, null, DateTimeOffset.UtcNow));
                    if (i == 0 && isImage) ownImageRejected = reason;
                    break;
                default:
                    Interlocked.Increment(ref outcome.Hashes is null ? ref _notHashed : ref _hashed);
                    selectors.AddRange(ImageSelectors.For(i, Path.GetFileName(path), outcome.Hashes, outcome.Exif!));
                    if (outcome.Hashes is { } h)
                        images.Add(new ImageFacts(i, real, h.Format, h.Width, h.Height, h.Pdq.Quality, h.Pdq.Hash.ToString(),
                            h.Variants.Select(v => v.ToString()).ToList()));
                    break;
            }
        }
        return new Attached(selectors, images, rejected, ownImageRejected);
    }

    /// <summary>Whether the file's folder was missing when first asked about in this run (a folder created during
    /// the run is not noticed: its files count as missing, like files added after they were read).</summary>
    private bool InMissingFolder(string path)
    {
        var folders = _missingFolders.GetAlternateLookup<ReadOnlySpan<char>>();
        var folder = Path.GetDirectoryName(path.AsSpan());
        if (folders.TryGetValue(folder, out var missing)) return missing;
        var name = folder.ToString();
        missing = !Directory.Exists(name);
        // Bounded: a corpus with a folder per record gains nothing from remembering them.
        if (Volatile.Read(ref _foldersKnown) < MaxFoldersKnown && Interlocked.Increment(ref _foldersKnown) <= MaxFoldersKnown)
            _missingFolders.TryAdd(name, missing);
        return missing;
    }

    /// <summary>
    /// Hashes first: decoding checks the file's size and its header's pixel count before anything is decoded, so a
    /// hostile file is refused before its metadata is read too (metadata can hold compressed text chunks, a bomb of
    /// its own). EXIF is then read with bounded sizes.
    /// </summary>
    private Outcome Read(string path)
    {
        if (!File.Exists(path)) return new Outcome(null, null, null, Missing: true);
        if (!_vipsMissing)
        {
            try
            {
                var hashes = ImageHasher.Hash(path);
                return new Outcome(hashes, ExifReader.Read(path), null, false);
            }
            catch (ImageRejectedException e)
            {
                return new Outcome(null, null, e.Message, false);
            }
            catch (VipsUnavailableException)
            {
                _vipsMissing = true; // EXIF still works; hashing waits for libvips
            }
        }
        return DecodeLimits.Default.SizeRefusal(new FileInfo(path).Length) is { } tooLarge
            ? new Outcome(null, null, tooLarge, false)
            : new Outcome(null, ExifReader.Read(path), null, false);
    }

    private sealed record Outcome(ImageHashes? Hashes, ExifFacts? Exif, string? Rejection, bool Missing);
}

/// <summary>What a record's attachments gave.</summary>
/// <param name="Selectors">Image hash and EXIF selectors.</param>
/// <param name="Images">Decoded images.</param>
/// <param name="Rejected">Files to quarantine (each once per run).</param>
/// <param name="OwnImageRejected">For an image-folder record: why its own file is not a readable image, or null.</param>
internal sealed record Attached(List<Selector> Selectors, List<ImageFacts> Images, List<QuarantineEntry> Rejected, string? OwnImageRejected);

/// <summary>
/// Image references in one run. <c>Referenced = Hashed + Quarantined + Missing + Remote + NotHashed + Refused</c>.
/// </summary>
/// <param name="Referenced">Attachment references read.</param>
/// <param name="Hashed">Decoded and hashed.</param>
/// <param name="Quarantined">Not a readable image (the file is in the quarantine with the reason).</param>
/// <param name="Missing">Local files that do not exist.</param>
/// <param name="Remote">URLs, never fetched.</param>
/// <param name="NotHashed">Readable files left unhashed because libvips is missing (their EXIF was still read).</param>
/// <param name="VipsMissing">libvips could not be loaded.</param>
public sealed record ImageCounts(long Referenced, long Hashed, long Quarantined, long Missing, long Remote, long NotHashed, bool VipsMissing)
{
    /// <summary>Local references refused without being opened: outside the source's folder (after resolving links), or
    /// not a regular file. Each refused path is in the quarantine with the reason.</summary>
    public long Refused { get; init; }
}
