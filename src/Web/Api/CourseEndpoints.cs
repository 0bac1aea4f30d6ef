using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Api;

public static class CourseEndpoints
{
    /// <summary>The /v1/courses part of API.md.</summary>
    public static RouteGroupBuilder MapCourseEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapGet("/courses", async (CatalogService catalog, string? q, string? tag, string? suite, string? concept) =>
        {
            var courses = await catalog.ListCoursesAsync(new CatalogQuery(Blank(q), Blank(tag), Blank(suite), Blank(concept)));
            return TypedResults.Ok(courses.Select(CourseListItem.From));
        })
        .WithName("ListCourses")
        .RequireAuthorization(Hosting.Policies.Learner);
        return v1;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
