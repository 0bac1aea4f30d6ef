using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoursePortal.Web.Api;

public sealed record ExportRequestJson(int Version);

/// <summary>Marks an endpoint whose body is not JSON (a ZIP upload, a CSV): <see cref="JsonOnlyFilter"/> lets it through,
/// and the OpenAPI document describes the body as a string of <see cref="ContentType"/> (of <see cref="Format"/>
/// <c>binary</c> unless it is text).</summary>
public sealed class BinaryBodyMetadata(string contentType, string? format = "binary")
{
    public string ContentType { get; } = contentType;

    public string? Format { get; } = format;
}

/// <summary>A course export as the API shows it: its status in lower case, and the ZIP's size once it is done.</summary>
public sealed record CourseExportJson(
    string ExportId, string Status, int Version, long? FileSize, DateTimeOffset? CompletedAt, DateTimeOffset? ExpiredAt, string? Error)
{
    public static CourseExportJson From(CourseExport e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.ExportId, e.Status.ToString().ToLowerInvariant(), e.Version, e.FileSize, e.CompletedAt, e.ExpiredAt, e.Error);
    }
}

public static class ExportEndpoints
{
    public const long MaxImportBytes = 32L * 1024 * 1024;
    public const string ZipContentType = "application/zip";

    /// <summary>Course exports and import.</summary>
    public static RouteGroupBuilder MapExportEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var author = v1.MapGroup("/courses").RequireAuthorization(Policies.Contributor);

        author.MapPost("/{id}/exports", StartCourseExport);
        author.MapGet("/{id}/exports/{exportId}", GetCourseExport);
        author.MapGet("/{id}/exports/{exportId}/download", DownloadCourseExport)
            .Produces<Stream>(StatusCodes.Status200OK, ZipContentType)
            .ProducesProblem(StatusCodes.Status410Gone);
        // The body is the ZIP itself; only application/zip is read, which no cross-site form can send.
        author.MapPost("/import", ImportCourse).WithMetadata(new BinaryBodyMetadata(ZipContentType));
        return v1;
    }

    /// <summary>Starts the export of a version; a repeated request answers the export under way (or done) for it.</summary>
    public static async Task<Accepted<CourseExportJson>> StartCourseExport(string id, ExportRequestJson body, ClaimsPrincipal user, CourseService courses)
    {
        var export = await courses.StartExportAsync(id, body.Version, user.UserId()!);
        return TypedResults.Accepted($"/v1/courses/{id}/exports/{export.ExportId}", CourseExportJson.From(export));
    }

    /// <summary>Where the export stands: pending, completed (with the ZIP's size), failed or expired.</summary>
    public static async Task<Ok<CourseExportJson>> GetCourseExport(string id, string exportId, CourseService courses) =>
        TypedResults.Ok(CourseExportJson.From(await courses.GetExportAsync(id, exportId)));

    /// <summary>The export's ZIP once it is done; 410 once it has expired.</summary>
    public static async Task<IResult> DownloadCourseExport(string id, string exportId, CourseService courses, IOptions<ExportStorageOptions> storage)
    {
        var export = await courses.GetExportAsync(id, exportId);
        if (export.Status == ExportStatus.Expired)
        {
            // Gone for good: its ZIP was deleted after Storage:ExportRetentionDays. A new export request makes a new one.
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: $"Export {exportId} has expired; request a new export.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ExportExpired });
        }

        if (export is not { Status: ExportStatus.Completed, RelativePath: { } relative })
        {
            throw DomainException.Conflict(ErrorCodes.ExportNotReady, $"Export {exportId} is {export.Status.ToString().ToLowerInvariant()}.");
        }

        return Results.File(storage.Value.FullPath(relative), ZipContentType, $"{id}-v{export.Version}.zip");
    }

    /// <summary>Makes an export ZIP the draft of <paramref name="courseId"/>, or creates the course from it.</summary>
    public static async Task<Results<Created<CourseJson>, ProblemHttpResult>> ImportCourse(string courseId, HttpRequest request, ClaimsPrincipal user, CourseService courses)
    {
        if (!string.Equals(request.ContentType, ZipContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException([new FieldError(ErrorCodes.InvalidZip, "file", "Send the export ZIP as application/zip.")]);
        }

        if (request.ContentLength > MaxImportBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"An import is at most {MaxImportBytes / (1024 * 1024)} MB.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.TooLarge });
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        if (buffer.Length > MaxImportBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The upload is too large.", extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.TooLarge });
        }

        buffer.Position = 0;
        var draft = await courses.ImportAsync(courseId, buffer, user.UserId()!);
        return TypedResults.Created($"/v1/courses/{courseId}?version={draft.Number}", draft.ToJson(withAnswers: true));
    }

}
