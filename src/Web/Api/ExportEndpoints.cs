using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Courses.Archive;
using CoursePortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CoursePortal.Web.Api;

public sealed record ExportRequestJson(int Version);

/// <summary>Marks an endpoint whose body is not JSON (a ZIP upload): <see cref="JsonOnlyFilter"/> lets it through.</summary>
public sealed class BinaryBodyMetadata;

public static class ExportEndpoints
{
    public const long MaxImportBytes = 32L * 1024 * 1024;

    /// <summary>Course exports and import of API.md.</summary>
    public static RouteGroupBuilder MapExportEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var author = v1.MapGroup("/courses").RequireAuthorization(Policies.Contributor);

        author.MapPost("/{id}/exports", async (string id, ExportRequestJson body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var export = await Course(grains, id).StartExportAsync(body.Version, user.UserId()!);
            return TypedResults.Accepted($"/v1/courses/{id}/exports/{export.ExportId}", View(export));
        });

        author.MapGet("/{id}/exports/{exportId}", async (string id, string exportId, IGrainFactory grains) =>
            TypedResults.Ok(View(await Export(grains, id, exportId))));

        author.MapGet("/{id}/exports/{exportId}/download", async (string id, string exportId, IGrainFactory grains, IOptions<ExportStorageOptions> storage) =>
        {
            var export = await Export(grains, id, exportId);
            if (export.Status == ExportStatus.Expired)
            {
                // Gone for good: its ZIP was deleted after Storage:ExportRetentionDays. A new export request makes a new one.
                return Results.Problem(statusCode: StatusCodes.Status410Gone, title: $"Export {exportId} has expired; request a new export.",
                    extensions: new Dictionary<string, object?> { ["code"] = "export_expired" });
            }

            if (export is not { Status: ExportStatus.Completed, RelativePath: { } relative })
            {
                throw DomainException.Conflict("export_not_ready", $"Export {exportId} is {export.Status.ToString().ToLowerInvariant()}.");
            }

            return Results.File(storage.Value.FullPath(relative), "application/zip", $"{id}-v{export.Version}.zip");
        });

        // The body is the ZIP itself; only application/zip is read, which no cross-site form can send.
        author.MapPost("/import", async (string courseId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (!string.Equals(request.ContentType, "application/zip", StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainException([new FieldError("invalid_zip", "file", "Send the export ZIP as application/zip.")]);
            }

            if (request.ContentLength > MaxImportBytes)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"An import is at most {MaxImportBytes / (1024 * 1024)} MB.",
                    extensions: new Dictionary<string, object?> { ["code"] = "too_large" });
            }

            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            if (buffer.Length > MaxImportBytes)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The upload is too large.", extensions: new Dictionary<string, object?> { ["code"] = "too_large" });
            }

            buffer.Position = 0;
            var imported = CourseArchive.Read(buffer);
            var draft = await Course(grains, courseId).ImportAsync(imported.Content, user.UserId()!);
            return Results.Created($"/v1/courses/{courseId}?version={draft.Number}", draft.ToJson(withAnswers: true));
        }).WithMetadata(new BinaryBodyMetadata());
        return v1;
    }

    private static object View(CourseExport e) => new { e.ExportId, status = e.Status.ToString().ToLowerInvariant(), e.Version, e.FileSize, e.CompletedAt, e.ExpiredAt, e.Error };

    private static async Task<CourseExport> Export(IGrainFactory grains, string id, string exportId)
    {
        var export = Ids.IsValid(exportId) ? await grains.GetGrain<ICourseExportGrain>(GrainKeys.Export(exportId)).GetAsync() : null;
        return export is not null && export.CourseId == id ? export : throw DomainException.NotFound("Export", exportId);
    }

    private static ICourseGrain Course(IGrainFactory grains, string id) =>
        Ids.IsValid(id) ? grains.GetGrain<ICourseGrain>(GrainKeys.Course(id)) : throw DomainException.NotFound("Course", id);
}
