using System.Buffers;
using System.Globalization;
using System.Text;
using CoursePortal.Web.Api;

namespace CoursePortal.Web.Tests.Api;

/// <summary>The CSV writer's output is RFC 4180 as a well-kept parser (CsvHelper) reads it back.</summary>
public sealed class CsvRecordWriterTests
{
    [Fact]
    public void FieldsWithCommasQuotesOrLineBreaksAreQuotedAndTheirQuotesDoubled()
    {
        var output = new ArrayBufferWriter<byte>();
        var csv = new CsvRecordWriter(output);

        csv.Header(["a", "b"]);
        csv.Field("plain");
        csv.Field("x,y");
        csv.Field("say \"hi\"");
        csv.Field("one\r\ntwo");
        csv.Field((string?)null);
        csv.Field(42);
        csv.Field((int?)null);
        csv.Field(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1));
        csv.EndRecord();

        Assert.Equal("a,b\r\nplain,\"x,y\",\"say \"\"hi\"\"\",\"one\r\ntwo\",,42,,2026-01-02T01:04:05.0000001Z\r\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void RandomTextRoundTripsThroughCsvHelper()
    {
        var random = new Random(20261130);
        var alphabet = new[] { "a", "Z", " ", ",", "\"", "\r", "\n", "\r\n", "é", "東", "😀", "{", "}", ":", "'" };
        var records = Enumerable.Range(0, 500)
            .Select(_ => Enumerable.Range(0, 1 + random.Next(6)).Select(_ => string.Concat(Enumerable.Range(0, random.Next(12)).Select(_ => alphabet[random.Next(alphabet.Length)]))).ToArray())
            .ToList();
        var output = new ArrayBufferWriter<byte>();
        var csv = new CsvRecordWriter(output);

        foreach (var record in records)
        {
            foreach (var field in record)
            {
                csv.Field(field);
            }

            csv.EndRecord();
        }

        // A record of one empty field is an empty line, which a parser skips: compare the others.
        Assert.Equal(records.Where(r => r is not [""]), ExportedEvents.ParseCsv(Encoding.UTF8.GetString(output.WrittenSpan)));
    }

    [Fact]
    public void InstantsAreWrittenInUtcWithEveryTickAndParseBackToTheSameInstant()
    {
        var at = new DateTimeOffset(2031, 12, 31, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(1234567);
        var output = new ArrayBufferWriter<byte>();
        new CsvRecordWriter(output).Field(at);

        Assert.Equal(at, DateTimeOffset.Parse(Encoding.UTF8.GetString(output.WrittenSpan), CultureInfo.InvariantCulture));
    }
}
