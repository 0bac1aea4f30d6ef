using System.Collections.Immutable;
using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>A group of the requirement-group library: a set of courses authors insert into package drafts.</summary>
public sealed record RequirementGroupJson(string Id, RequirementJson Set, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>A package version's tree evaluated as for a learner who completed <c>completed</c>; nobody is enrolled.</summary>
public sealed record PackagePreviewJson(string PackageId, int Version, IReadOnlyList<string> Completed, bool Complete, RequirementJson Root);

/// <summary>What the author pages offer beside editing and publishing: what changed between two course versions, a
/// package's preview (/Author/Packages/Preview) and the requirement-group library (the package editor's "save as group").</summary>
public static class AuthoringEndpoints
{
    public static RouteGroupBuilder MapAuthoringEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var author = v1.MapGroup("").RequireAuthorization(Policies.Contributor);
        author.MapGet("/courses/{id}/diff", DiffCourseVersions);
        author.MapGet("/packages/{id}/preview", PreviewPackage);
        author.MapGet("/requirement-groups", ListRequirementGroups);
        author.MapPut("/requirement-groups/{id}", SaveRequirementGroup);
        return v1;
    }

    /// <summary>What changed between two versions of a course: its fields, and modules and lessons added, removed and modified.</summary>
    public static async Task<Ok<CourseDiff>> DiffCourseVersions(string id, int from, int to, CourseService courses) =>
        TypedResults.Ok(await courses.DiffAsync(id, from, to));

    /// <summary>A version's requirement tree (the shown one by default) evaluated as if the learner had completed each
    /// <c>completed</c> course now; nothing is recorded.</summary>
    public static async Task<Ok<PackagePreviewJson>> PreviewPackage(string id, int? version, string[]? completed, PackageService packages, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(clock);
        var shown = await packages.PreviewedVersionAsync(id, version);
        var done = (completed ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow();
        var evaluation = await packages.PreviewAsync(id, shown.Number, done.ToImmutableDictionary(c => c, _ => now));
        return TypedResults.Ok(new PackagePreviewJson(id, shown.Number, done, evaluation.IsComplete, PackageMapping.ToJson(shown.Content.Requirement, evaluation)));
    }

    /// <summary>Every group of the requirement-group library, by name.</summary>
    public static async Task<Ok<IReadOnlyList<RequirementGroupJson>>> ListRequirementGroups(RequirementGroupService groups) =>
        TypedResults.Ok<IReadOnlyList<RequirementGroupJson>>([.. (await groups.ListAsync()).Select(ToJson)]);

    /// <summary>Adds or replaces a library group: the body is a set (<c>{"set": "atLeast", "min": 2, "items": [...]}</c>),
    /// checked as it would sit in a package; packages that copied the group earlier keep their copy.</summary>
    public static async Task<Ok<RequirementGroupJson>> SaveRequirementGroup(string id, RequirementJson body, ClaimsPrincipal user, RequirementGroupService groups)
    {
        ArgumentNullException.ThrowIfNull(body);
        return TypedResults.Ok(ToJson(await groups.SaveAsync(id, PackageMapping.ToNode(body, "group"), user.UserId()!)));
    }

    private static RequirementGroupJson ToJson(RequirementGroup g) => new(g.Id, PackageMapping.ToJson(g.Set, null), g.UpdatedBy, g.UpdatedAt);
}
