using System.Buffers;
using System.Globalization;
using System.Text;

namespace CoursePortal.Web.Api;

/// <summary>
/// Writes CSV records (RFC 4180: comma-separated, CRLF after each record, a field with a comma, a double quote or a
/// line break enclosed in double quotes with its quotes doubled) as UTF-8 straight into a buffer writer such as the
/// response's pipe, with no string built per record. A null is written as an empty field.
/// </summary>
public sealed class CsvRecordWriter(IBufferWriter<byte> output)
{
    private static readonly SearchValues<char> NeedQuotes = SearchValues.Create(",\"\r\n");

    private bool _inRecord;

    /// <summary>A record of names, for the first line.</summary>
    public void Header(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            Field(name);
        }

        EndRecord();
    }

    public void Field(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var text = value.AsSpan();
        if (text.IndexOfAny(NeedQuotes) < 0)
        {
            Utf8(text);
            return;
        }

        Byte((byte)'"');
        for (var quote = text.IndexOf('"'); quote >= 0; quote = text.IndexOf('"'))
        {
            Utf8(text[..(quote + 1)]);
            Byte((byte)'"');
            text = text[(quote + 1)..];
        }

        Utf8(text);
        Byte((byte)'"');
    }

    public void Field(int? value)
    {
        Separator();
        if (value is { } number)
        {
            Formatted(number, default);
        }
    }

    public void Field(Guid value)
    {
        Separator();
        Formatted(value, "D");
    }

    /// <summary>An instant in UTC, ISO 8601 with seven decimals and Z ("round trip").</summary>
    public void Field(DateTimeOffset value)
    {
        Separator();
        Formatted(value.UtcDateTime, "O");
    }

    public void EndRecord()
    {
        var span = output.GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        output.Advance(2);
        _inRecord = false;
    }

    private void Separator()
    {
        if (_inRecord)
        {
            Byte((byte)',');
        }

        _inRecord = true;
    }

    private void Byte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    // Guids, numbers and instants format as at most 64 UTF-8 bytes.
    private void Formatted<T>(T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(64);
        if (!value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"A {typeof(T).Name} did not fit in 64 bytes.");
        }

        output.Advance(written);
    }
}
