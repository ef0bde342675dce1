using System.Buffers.Binary;
using Minerva.Storage;

namespace Minerva.Resolve.Features;

/// <summary>
/// Stores a record's features so an incremental run need not re-read and re-hash every record: signatures as
/// one blob (per text slot a presence byte and 16-bit values), fields joined by a control character (normalised
/// values hold none). Selectors and time are read from the records themselves.
/// </summary>
internal static class FeatureCodec
{
    private const char Separator = '\u001f';
    private const string Missing = "\u0000";

    private const int SlotBytes = 1 + 2 * FeatureSpace.SignatureLength;

    /// <summary>The stored form; <paramref name="lsh"/> and <paramref name="lshSlot"/> say which band keys to keep for incremental blocking.</summary>
    public static StoredFeatures Encode(RecordFeatures f, Rules.MinHashBlocking? lsh, int lshSlot)
    {
        byte[]? bands = null;
        if (lsh is not null && f.Signatures[lshSlot] is { } lshSignature)
        {
            bands = new byte[8 * lsh.Bands];
            for (var band = 0; band < lsh.Bands; band++)
                BinaryPrimitives.WriteUInt64LittleEndian(bands.AsSpan(8 * band), MinHasher.BandKey(lshSignature, band, lsh.Rows));
        }
        byte[]? blob = null;
        if (f.Signatures.Any(s => s is not null))
        {
            blob = new byte[f.Signatures.Length * SlotBytes];
            for (var slot = 0; slot < f.Signatures.Length; slot++)
            {
                if (f.Signatures[slot] is not { } signature) continue;
                var span = blob.AsSpan(slot * SlotBytes, SlotBytes);
                span[0] = 1;
                for (var k = 0; k < signature.Length; k++) BinaryPrimitives.WriteUInt16LittleEndian(span[(1 + 2 * k)..], signature[k]);
            }
        }
        return new StoredFeatures(f.Id, f.Source, f.Time, blob, bands, f.Fields.Length == 0 ? null : string.Join(Separator, f.Fields.Select(v => v ?? Missing)));
    }

    /// <summary>Field values from their stored form (all missing when the count does not match the rules).</summary>
    public static string?[] DecodeFields(string? text, int count)
    {
        var parts = text?.Split(Separator) ?? [];
        var fields = new string?[count];
        if (parts.Length == count)
            for (var i = 0; i < count; i++)
                if (parts[i] != Missing) fields[i] = parts[i];
        return fields;
    }

    /// <summary>Features from their stored form; selectors are interned into <paramref name="table"/>.</summary>
    public static RecordFeatures Decode(FeatureRow row, FeatureSpace space, SelectorTable table, Func<string, string> shared)
    {
        var signatures = new ushort[]?[space.TextFields.Count];
        if (row.Features.Signatures is { } blob && blob.Length == signatures.Length * SlotBytes)
            for (var slot = 0; slot < signatures.Length; slot++)
            {
                var span = blob.AsSpan(slot * SlotBytes, SlotBytes);
                if (span[0] == 0) continue;
                var signature = new ushort[FeatureSpace.SignatureLength];
                for (var k = 0; k < signature.Length; k++) signature[k] = BinaryPrimitives.ReadUInt16LittleEndian(span[(1 + 2 * k)..]);
                signatures[slot] = signature;
            }
        var fields = DecodeFields(row.Features.Fields, space.Fields.Count);
        for (var i = 0; i < fields.Length; i++)
            if (fields[i] is { } value) fields[i] = shared(value);
        return new RecordFeatures
        {
            Id = row.Features.Id,
            Source = shared(row.Features.Source),
            Selectors = SelectorSlots.Intern(row.Selectors, space, table),
            Signatures = signatures,
            Fields = fields,
            Time = row.Features.ObservedUnix,
        };
    }
}
