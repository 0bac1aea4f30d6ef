using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>The <c>/v1/courses</c> endpoints: the catalog's listing, and reading, editing and publishing a course as
/// named handlers over <see cref="CourseService"/>.</summary>
public static class CourseEndpoints
{
    public static RouteGroupBuilder MapCourseEndpoints(this RouteGroupBuilder v1)
    {
        var (learner, author) = v1.MapResource("/courses");

        learner.MapGet("", ListCourses).WithName("ListCourses");
        learner.MapGet("/{id}", GetCourse);
        author.MapPost("", CreateCourse);
        author.MapPut("/{id}", SaveCourseDraft);
        author.MapDelete("/{id}/draft", DiscardCourseDraft);
        author.MapGet("/{id}/versions", ListCourseVersions);
        v1.MapPost("/courses/{id}/publish", PublishCourse).RequireAuthorization(Policies.Approver);
        v1.MapPost("/courses/{id}/archive", ArchiveCourse).RequireAuthorization(Policies.Approver);
        v1.MapDelete("/courses/{id}/schedule", CancelScheduledCoursePublish).RequireAuthorization(Policies.Approver);

        return v1;
    }

    /// <summary>The published courses, filtered by the catalog's search and facets.</summary>
    public static async Task<Ok<IEnumerable<CourseListItem>>> ListCourses(CatalogService catalog, string? q, string? tag, string? suite, string? concept)
    {
        var courses = await catalog.ListCoursesAsync(CatalogQuery.Typed(q, tag, suite, concept));
        return TypedResults.Ok(courses.Select(CourseListItem.From));
    }

    /// <summary>The active version; authors may ask for any version and also read the answers.</summary>
    public static async Task<Ok<CourseJson>> GetCourse(string id, int? version, ClaimsPrincipal user, CourseService courses)
    {
        var isAuthor = user.IsInRole(Policies.Contributor);
        return TypedResults.Ok((await courses.ReadAsync(id, version, isAuthor)).ToJson(withAnswers: isAuthor));
    }

    /// <summary>Creates a course as draft version 1.</summary>
    public static async Task<Created<CourseJson>> CreateCourse(CourseJson body, ClaimsPrincipal user, CourseService courses)
    {
        var id = Ids.Require(body.Id ?? throw new DomainException([new FieldError(ErrorCodes.Required, "id", "A course needs an id.")]));
        var created = await courses.CreateAsync(id, body.ToContent(), user.UserId()!);
        return TypedResults.Created($"/v1/courses/{id}", created.ToJson(withAnswers: true));
    }

    /// <summary>Replaces the draft (one is made from the active version if there is none); a stale revision is refused.</summary>
    public static async Task<Ok<CourseJson>> SaveCourseDraft(string id, CourseJson body, ClaimsPrincipal user, CourseService courses) =>
        TypedResults.Ok((await courses.SaveDraftAsync(id, body.ToContent(), Revisions.Parse(body.Revision), user.UserId()!)).ToJson(withAnswers: true));

    /// <summary>Discards the course's draft.</summary>
    public static async Task<NoContent> DiscardCourseDraft(string id, ClaimsPrincipal user, CourseService courses)
    {
        await courses.DiscardDraftAsync(id, user.UserId()!);
        return TypedResults.NoContent();
    }

    /// <summary>Every version with how many learners started and completed it.</summary>
    public static async Task<Ok<IEnumerable<VersionJson>>> ListCourseVersions(string id, CourseService courses)
    {
        var history = await courses.HistoryAsync(id);
        var learners = await courses.LearnersAsync(id);
        return TypedResults.Ok(history.Select(h => h.ToJson(learners.GetValueOrDefault(h.Number))));
    }

    /// <summary>Publishes the draft now, or schedules it for its effective date.</summary>
    public static async Task<Ok<CourseJson>> PublishCourse(string id, PublishJson body, ClaimsPrincipal user, CourseService courses) =>
        TypedResults.Ok((await courses.PublishAsync(id, new PublishRequest(body.ChangeNotes, body.EffectiveDate), user.UserId()!)).ToJson(withAnswers: true));

    /// <summary>Retires the course with a reason: no new starts; learners who started it finish their pinned version.</summary>
    public static async Task<Ok<CourseJson>> ArchiveCourse(string id, ReasonJson body, ClaimsPrincipal user, CourseService courses) =>
        TypedResults.Ok((await courses.ArchiveAsync(id, body.Reason, user.UserId()!)).ToJson(withAnswers: true));

    /// <summary>Cancels the publish waiting for its effective date (<c>?reason=</c> is optional); the version is archived unused.</summary>
    public static async Task<Ok<CourseJson>> CancelScheduledCoursePublish(string id, ClaimsPrincipal user, CourseService courses, string? reason = null) =>
        TypedResults.Ok((await courses.CancelScheduledAsync(id, reason, user.UserId()!)).ToJson(withAnswers: true));
}
