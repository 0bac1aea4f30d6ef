using System.Buffers;
using System.Text.Json;

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

                EndPage();
                var flushed = await body.FlushAsync(aborted);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }

                more = await reading.MoveNextAsync();
            }

            End();
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left: nobody is there to answer.
        }
    }

    /// <summary>Starts the answer (a header line, an opening bracket) on <paramref name="output"/>.</summary>
    protected abstract void Begin(IBufferWriter<byte> output);

    protected abstract void Write(T item);

    /// <summary>Hands what the writer still buffers to the output, before it is flushed.</summary>
    protected virtual void EndPage()
    {
    }

    /// <summary>Ends the answer after the last page.</summary>
    protected virtual void End()
    {
    }
}

/// <summary>A CSV download (RFC 4180, UTF-8, a header line), one record per item.</summary>
public sealed class CsvExport<T>(string fileName, IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<T>> pages, Action<CsvRecordWriter, T> writeRecord)
    : PagedExport<T>(fileName, pages)
{
    private CsvRecordWriter? _csv;

    protected override string ContentType => "text/csv; charset=utf-8";

    protected override void Begin(IBufferWriter<byte> output)
    {
        _csv = new CsvRecordWriter(output);
        _csv.Header(columns);
    }

    protected override void Write(T item) => writeRecord(_csv!, item);
}

/// <summary>A JSON array download, one element per item, serialized with the API's JSON options.</summary>
public sealed class JsonArrayExport<T>(string fileName, IAsyncEnumerable<IReadOnlyList<T>> pages, Action<Utf8JsonWriter, T> writeItem)
    : PagedExport<T>(fileName, pages), IDisposable
{
    private Utf8JsonWriter? _json;

    protected override string ContentType => "application/json; charset=utf-8";

    protected override void Begin(IBufferWriter<byte> output)
    {
        _json = new Utf8JsonWriter(output);
        _json.WriteStartArray();
    }

    protected override void Write(T item) => writeItem(_json!, item);

    protected override void EndPage() => _json!.Flush();

    protected override void End()
    {
        _json!.WriteEndArray();
        _json.Flush();
    }

    public void Dispose()
    {
        _json?.Dispose();
        GC.SuppressFinalize(this);
    }
}
