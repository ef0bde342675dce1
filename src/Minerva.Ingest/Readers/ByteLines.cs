namespace Minerva.Ingest.Readers;

/// <summary>
/// The lines of a file as bytes, each at most a fixed size: a longer line is skipped to its end without being kept,
/// so one hostile 50 MB line cannot take a gigabyte of memory (it did as a string: 24 times the input). Decoding is
/// the caller's, line by line, so that each line's encoding errors are its own.
/// </summary>
internal sealed class ByteLines : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxLine;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private bool _eof;
    private long _consumed;

    /// <param name="stream">The file, read from its start (a UTF-8 byte order mark is skipped).</param>
    /// <param name="maxLine">Longest line kept, in bytes.</param>
    public ByteLines(Stream stream, int maxLine)
    {
        _stream = stream;
        _maxLine = maxLine;
        Fill();
        if (_end - _start >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
        if (_end >= 2 && ((_buffer[0] == 0xFF && _buffer[1] == 0xFE) || (_buffer[0] == 0xFE && _buffer[1] == 0xFF)))
            throw new InputException("the file is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8");
        _consumed = _start;
    }

    /// <summary>Bytes consumed so far, for progress.</summary>
    public long Position => _consumed;

    /// <summary>
    /// The next line without its line break (valid until the next call), or false at the end. When the line is longer
    /// than the limit, <paramref name="line"/> is empty and <paramref name="tooLong"/> gives its size; else it is null.
    /// </summary>
    public bool Next(out ReadOnlyMemory<byte> line, out long? tooLong)
    {
        tooLong = null;
        var searched = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searched, _end - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var stop = searched + newline;
                line = Trim(_buffer.AsMemory(_start, stop - _start));
                if (stop - _start > _maxLine)
                {
                    tooLong = stop - _start;
                    line = ReadOnlyMemory<byte>.Empty;
                }
                _consumed += stop + 1 - _start;
                _start = stop + 1;
                return true;
            }
            if (_eof)
            {
                var rest = _end - _start;
                line = Trim(_buffer.AsMemory(_start, rest));
                if (rest > _maxLine)
                {
                    tooLong = rest;
                    line = ReadOnlyMemory<byte>.Empty;
                }
                _consumed += rest;
                _start = _end;
                return rest > 0;
            }
            searched = _end;
            if (_end - _start > _maxLine)
            {
                tooLong = SkipLine();
                line = ReadOnlyMemory<byte>.Empty;
                return true;
            }
            if (_start > 0)
            {
                searched -= _start;
                Compact();
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxLine + 64 * 1024));
            Fill();
        }
    }

    /// <summary>Discards the rest of an over-long line; returns its whole length.</summary>
    private long SkipLine()
    {
        long length = _end - _start;
        _consumed += length;
        _start = _end = 0;
        while (true)
        {
            Fill();
            if (_end == 0) return length;
            var newline = _buffer.AsSpan(0, _end).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = newline + 1;
                _consumed += newline + 1;
                return length + newline;
            }
            length += _end;
            _consumed += _end;
            _end = 0;
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) => line.Length > 0 && line.Span[^1] == '\r' ? line[..^1] : line;

    private void Compact()
    {
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        _end -= _start;
        _start = 0;
    }

    private void Fill()
    {
        while (!_eof && _end < _buffer.Length)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            _end += n;
            if (n > 0) break;
        }
    }

    public void Dispose() => _stream.Dispose();
}
