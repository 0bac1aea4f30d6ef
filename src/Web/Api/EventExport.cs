using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Web.Api;

/// <summary>The learning events as a CSV file and as xAPI statements, every event of a filtered range, streamed.</summary>
public static class EventExport
{
    /// <summary>The CSV's columns: the fields of <see cref="LearningEvent"/> as the JSON API names them.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["eventId", "occurredAt", "kind", "actorId", "userId", "packageId", "packageVersion", "courseId", "courseVersion", "lessonId", "details"];

    /// <summary>The events of <paramref name="pages"/> as a CSV download.</summary>
    public static CsvExport<LearningEvent> Csv(IAsyncEnumerable<IReadOnlyList<LearningEvent>> pages) => new("learning-events.csv", Columns, pages, WriteRecord);

    /// <summary>The events of <paramref name="pages"/> as one JSON array of xAPI statements, activity ids under <paramref name="portal"/>.</summary>
    public static JsonArrayExport<LearningEvent> Xapi(IAsyncEnumerable<IReadOnlyList<LearningEvent>> pages, Uri portal, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The writer escapes, not the serializer: without the API's encoder a statement's details (carried as JSON) would be
        // escaped differently here than in the paged answer.
        return new("learning-events.xapi.json", pages, new JsonWriterOptions { Encoder = options.Encoder },
            (json, e) => JsonSerializer.Serialize(json, XapiStatement.From(e, portal), options));
    }

    private static void WriteRecord(IWriter csv, LearningEvent e)
    {
        csv.WriteField(e.EventId.ToString("D"));
        csv.WriteField(e.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        csv.WriteField(e.Kind);
        csv.WriteField(e.ActorId);
        csv.WriteField(e.UserId);
        csv.WriteField(e.PackageId);
        csv.WriteField(e.PackageVersion?.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(e.CourseId);
        csv.WriteField(e.CourseVersion?.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(e.LessonId);
        csv.WriteField(e.Details);
    }
}
