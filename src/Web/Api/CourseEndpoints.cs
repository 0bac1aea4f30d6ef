using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Api;

public static class CourseEndpoints
{
    /// <summary>The course and progress endpoints of API.md.</summary>
    public static RouteGroupBuilder MapCourseEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var learner = v1.MapGroup("/courses").RequireAuthorization(Policies.Learner);
        var author = v1.MapGroup("/courses").RequireAuthorization(Policies.Contributor);

        learner.MapGet("", async (CatalogService catalog, string? q, string? tag, string? suite, string? concept) =>
        {
            var courses = await catalog.ListCoursesAsync(new CatalogQuery(Blank(q), Blank(tag), Blank(suite), Blank(concept)));
            return TypedResults.Ok(courses.Select(CourseListItem.From));
        })
        .WithName("ListCourses");

        learner.MapGet("/{id}", async (string id, int? version, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var course = Course(grains, id);
            var isAuthor = user.IsInRole(Policies.Contributor);
            if (version is not null && !isAuthor)
            {
                throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden, "Only authors read versions other than the active one.");
            }

            var shown = version is { } n ? await course.GetVersionAsync(n)
                : await course.GetActiveAsync() ?? throw DomainException.NotFound("Course", id);
            return TypedResults.Ok(shown.ToJson(withAnswers: isAuthor));
        });

        author.MapPost("", async (CourseJson body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var id = Ids.Require(body.Id ?? throw new DomainException([new FieldError("required", "id", "A course needs an id.")]));

            var created = await Course(grains, id).CreateAsync(body.ToContent(), user.UserId()!);
            return TypedResults.Created($"/v1/courses/{id}", created.ToJson(withAnswers: true));
        });

        author.MapPut("/{id}", async (string id, CourseJson body, ClaimsPrincipal user, IGrainFactory grains) =>
            TypedResults.Ok((await Course(grains, id).SaveDraftAsync(body.ToContent(), user.UserId()!, Revisions.Parse(body.Revision))).ToJson(withAnswers: true)));

        author.MapDelete("/{id}/draft", async (string id, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await Course(grains, id).DiscardDraftAsync(user.UserId()!);
            return TypedResults.NoContent();
        });

        author.MapGet("/{id}/versions", async (string id, IGrainFactory grains) =>
        {
            var history = await Course(grains, id).GetHistoryAsync();
            if (history.IsEmpty)
            {
                throw DomainException.NotFound("Course", id);
            }

            var learners = (await grains.GetGrain<IAuditGrain>(GrainKeys.Audit).GetCourseLearnersAsync(id)).ToDictionary(l => l.Version);
            return TypedResults.Ok(history.Select(h => h.ToJson(learners.GetValueOrDefault(h.Number))));
        });

        v1.MapPost("/courses/{id}/publish", async (string id, PublishJson body, ClaimsPrincipal user, IGrainFactory grains) =>
            TypedResults.Ok((await Course(grains, id).PublishAsync(new PublishRequest(body.ChangeNotes, body.EffectiveDate), user.UserId()!)).ToJson(withAnswers: true)))
            .RequireAuthorization(Policies.Approver);

        return v1;
    }

    private static ICourseGrain Course(IGrainFactory grains, string id) =>
        Ids.IsValid(id) ? grains.GetGrain<ICourseGrain>(GrainKeys.Course(id)) : throw DomainException.NotFound("Course", id);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
