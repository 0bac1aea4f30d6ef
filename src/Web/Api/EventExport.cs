using System.Text.Json;
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
    public static JsonArrayExport<LearningEvent> Xapi(IAsyncEnumerable<IReadOnlyList<LearningEvent>> pages, Uri portal, JsonSerializerOptions options) =>
        new("learning-events.xapi.json", pages, (json, e) => JsonSerializer.Serialize(json, XapiStatement.From(e, portal), options));

    private static void WriteRecord(CsvRecordWriter csv, LearningEvent e)
    {
        csv.Field(e.EventId);
        csv.Field(e.OccurredAt);
        csv.Field(e.Kind);
        csv.Field(e.ActorId);
        csv.Field(e.UserId);
        csv.Field(e.PackageId);
        csv.Field(e.PackageVersion);
        csv.Field(e.CourseId);
        csv.Field(e.CourseVersion);
        csv.Field(e.LessonId);
        csv.Field(e.Details);
        csv.EndRecord();
    }
}
