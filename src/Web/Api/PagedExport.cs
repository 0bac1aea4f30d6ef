using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace CoursePortal.Web.Api;

/// <summary>
/// An answer written page by page as the pages arrive (see <see cref="Services.KeysetPages"/>): each page is written to
/// the response and flushed before the next is awaited, so the web holds about two pages whatever the size of the
/// export. The first page is read before anything is written, so a refusal or an outage still answers problem details;
/// a failure after that aborts the response (the client sees a broken transfer, never a short file that looks whole).
/// A client that leaves cancels the request, which stops the reading at the next page.
/// </summary>
public abstract class PagedExport<T>(string fileName, IAsyncEnumerable<IReadOnlyList<T>> pages) : IResult
{
    protected abstract string ContentType { get; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var aborted = httpContext.RequestAborted;
        try
        {
            await using var reading = pages.GetAsyncEnumerator(aborted);
            var more = await reading.MoveNextAsync();
            var response = httpContext.Response;
            response.ContentType = ContentType;
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            var body = response.BodyWriter;
            Begin(body);
            while (more)
            {
                foreach (var item in reading.Current)
                {
                    Write(item);
                }

                await EndPageAsync();
                var flushed = await body.FlushAsync(aborted);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }

                more = await reading.MoveNextAsync();
            }

            await EndAsync();
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left: nobody is there to answer.
        }
    }

    /// <summary>Starts the answer (a header line, an opening bracket) on <paramref name="output"/>.</summary>
    protected abstract void Begin(PipeWriter output);

    protected abstract void Write(T item);

    /// <summary>Hands what the writer still buffers to the output, before it is flushed.</summary>
    protected abstract Task EndPageAsync();

    /// <summary>Ends the answer after the last page.</summary>
    protected abstract Task EndAsync();
}

/// <summary>A CSV download (RFC 4180 by CsvHelper, UTF-8 without a byte order mark, CRLF, a header line), one record
/// per item; <c>writeRecord</c> writes an item's fields with <c>IWriter.WriteField</c>, a null as an
/// empty field.</summary>
public sealed class CsvExport<T>(string fileName, IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<T>> pages, Action<IWriter, T> writeRecord)
    : PagedExport<T>(fileName, pages), IAsyncDisposable
{
    private static readonly CsvConfiguration Rfc4180 = new(CultureInfo.InvariantCulture) { NewLine = "\r\n" };

    private readonly StringWriter _page = new(CultureInfo.InvariantCulture);
    private readonly Encoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private CsvWriter? _csv;
    private PipeWriter? _output;

    protected override string ContentType => "text/csv; charset=utf-8";

    protected override void Begin(PipeWriter output)
    {
        // CsvHelper writes a page's records as text into memory; EndPageAsync encodes them into the pipe, whose awaited
        // flush is the only write to the socket, so no synchronous write ever blocks a request thread on a slow client.
        _output = output;
        _csv = new CsvWriter(_page, Rfc4180);
        foreach (var column in columns)
        {
            _csv.WriteField(column);
        }

        _csv.NextRecord();
    }

    protected override void Write(T item)
    {
        writeRecord(_csv!, item);
        _csv!.NextRecord();
    }

    protected override async Task EndPageAsync()
    {
        await _csv!.FlushAsync();
        var text = _page.GetStringBuilder();
        foreach (var chunk in text.GetChunks())
        {
            // flush: false keeps a surrogate pair split between two chunks whole.
            _utf8.Convert(chunk.Span, _output!, flush: false, out _, out _);
        }

        text.Clear();
    }

    protected override async Task EndAsync()
    {
        await EndPageAsync();
        _utf8.Convert([], _output!, flush: true, out _, out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (_csv is not null)
        {
            await _csv.DisposeAsync();
        }

        await _page.DisposeAsync();
    }
}

/// <summary>A JSON array download, one element per item, serialized with the API's JSON options; <paramref name="writerOptions"/>
/// carry their encoder, so text is escaped as the API's other answers escape it.</summary>
public sealed class JsonArrayExport<T>(string fileName, IAsyncEnumerable<IReadOnlyList<T>> pages, JsonWriterOptions writerOptions, Action<Utf8JsonWriter, T> writeItem)
    : PagedExport<T>(fileName, pages), IDisposable
{
    private Utf8JsonWriter? _json;

    protected override string ContentType => "application/json; charset=utf-8";

    protected override void Begin(PipeWriter output)
    {
        _json = new Utf8JsonWriter(output, writerOptions);
        _json.WriteStartArray();
    }

    protected override void Write(T item) => writeItem(_json!, item);

    protected override Task EndPageAsync()
    {
        _json!.Flush();
        return Task.CompletedTask;
    }

    protected override Task EndAsync()
    {
        _json!.WriteEndArray();
        _json.Flush();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _json?.Dispose();
        GC.SuppressFinalize(this);
    }
}
