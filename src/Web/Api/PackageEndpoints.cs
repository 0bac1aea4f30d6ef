using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>The <c>/v1/packages</c> endpoints: reading, editing and publishing a package as named handlers over <see cref="PackageService"/>.</summary>
public static class PackageEndpoints
{
    public static RouteGroupBuilder MapPackageEndpoints(this RouteGroupBuilder v1)
    {
        var (learner, author) = v1.MapResource("/packages");

        learner.MapGet("", ListPackages);
        learner.MapGet("/{id}", GetPackage);
        author.MapPost("", CreatePackage);
        author.MapPut("/{id}/draft", SavePackageDraft);
        author.MapPost("/{id}/versions", CreatePackageVersion);
        author.MapDelete("/{id}/draft", DiscardPackageDraft);
        author.MapGet("/{id}/versions", ListPackageVersions);
        author.MapGet("/{id}/diff", DiffPackageVersions);
        v1.MapPost("/packages/{id}/publish", PublishPackage).RequireAuthorization(Policies.Approver);
        v1.MapPost("/packages/{id}/archive", ArchivePackage).RequireAuthorization(Policies.Approver);
        v1.MapDelete("/packages/{id}/schedule", CancelScheduledPackagePublish).RequireAuthorization(Policies.Approver);
        return v1;
    }

    /// <summary>The published packages.</summary>
    public static async Task<Ok<IEnumerable<PackageListItem>>> ListPackages(CatalogService catalog) =>
        TypedResults.Ok((await catalog.ListPackagesAsync(includeUnpublished: false)).Select(p => new PackageListItem(p.Id, p.Name, p.Description, p.Category, p.ActiveVersion)));

    /// <summary>The active version; authors may ask for any version.</summary>
    public static async Task<Ok<PackageJson>> GetPackage(string id, int? version, ClaimsPrincipal user, PackageService packages) =>
        TypedResults.Ok((await packages.ReadAsync(id, version, user.IsInRole(Policies.Contributor))).ToJson());

    /// <summary>Creates a package as draft version 1 with its requirement tree.</summary>
    public static async Task<Created<PackageJson>> CreatePackage(PackageJson body, ClaimsPrincipal user, PackageService packages)
    {
        var id = Ids.Require(body.Id);
        var created = await packages.CreateAsync(id, body.ToContent(), user.UserId()!);
        return TypedResults.Created($"/v1/packages/{id}", created.ToJson());
    }

    /// <summary>Replaces the draft's name, description and requirement tree; a stale revision is refused.</summary>
    public static async Task<Ok<PackageJson>> SavePackageDraft(string id, PackageJson body, ClaimsPrincipal user, PackageService packages) =>
        TypedResults.Ok((await packages.SaveDraftAsync(id, body.ToContent(), Revisions.Parse(body.Revision), user.UserId()!)).ToJson());

    /// <summary>Opens a draft copied from the active version, or from <see cref="NewVersionJson.FromVersion"/>.</summary>
    public static async Task<Created<PackageJson>> CreatePackageVersion(string id, NewVersionJson? body, ClaimsPrincipal user, PackageService packages)
    {
        var draft = await packages.CreateDraftAsync(id, body?.FromVersion, user.UserId()!);
        return TypedResults.Created($"/v1/packages/{id}?version={draft.Number}", draft.ToJson());
    }

    /// <summary>Discards the package's draft.</summary>
    public static async Task<NoContent> DiscardPackageDraft(string id, ClaimsPrincipal user, PackageService packages)
    {
        await packages.DiscardDraftAsync(id, user.UserId()!);
        return TypedResults.NoContent();
    }

    /// <summary>Every version with how many learners enrolled in and completed it.</summary>
    public static async Task<Ok<IEnumerable<PackageVersionJson>>> ListPackageVersions(string id, PackageService packages)
    {
        var history = await packages.HistoryAsync(id);
        var counts = await packages.CountsAsync(id, history);
        return TypedResults.Ok(history.Select(h => new PackageVersionJson(h.Number, h.Status.ToString().ToLowerInvariant(), h.IsActive,
            counts[h.Number].Enrolled, counts[h.Number].Completed, h.PublishedAt, h.PublishedBy, h.ChangeNotes, h.EffectiveDate,
            h.IsScheduled, h.ArchivedAt, h.ArchivedBy, h.ArchiveReason)));
    }

    /// <summary>What changed between two versions: courses added, removed and modified, and the package's own fields.</summary>
    public static async Task<Ok<PackageDiff>> DiffPackageVersions(string id, int from, int to, PackageService packages) =>
        TypedResults.Ok(await packages.DiffAsync(id, from, to));

    /// <summary>Publishes the draft now, or schedules it for its effective date.</summary>
    public static async Task<Ok<PackageJson>> PublishPackage(string id, PublishJson body, ClaimsPrincipal user, PackageService packages) =>
        TypedResults.Ok((await packages.PublishAsync(id, new PublishRequest(body.ChangeNotes, body.EffectiveDate), user.UserId()!)).ToJson());

    /// <summary>Retires the package with a reason: no new enrollments; enrolled learners keep their version.</summary>
    public static async Task<Ok<PackageJson>> ArchivePackage(string id, ReasonJson body, ClaimsPrincipal user, PackageService packages) =>
        TypedResults.Ok((await packages.ArchiveAsync(id, body.Reason, user.UserId()!)).ToJson());

    /// <summary>Cancels the publish waiting for its effective date (the body's reason is optional); the version is archived unused.</summary>
    public static async Task<Ok<PackageJson>> CancelScheduledPackagePublish(string id, ClaimsPrincipal user, PackageService packages, string? reason = null) =>
        TypedResults.Ok((await packages.CancelScheduledAsync(id, reason, user.UserId()!)).ToJson());
}
