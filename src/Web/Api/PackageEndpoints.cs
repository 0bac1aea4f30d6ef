using System.Collections.Immutable;
using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Api;

public static class PackageEndpoints
{
    /// <summary>The package and "me" endpoints of API.md.</summary>
    public static RouteGroupBuilder MapPackageEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var learner = v1.MapGroup("/packages").RequireAuthorization(Policies.Learner);
        var author = v1.MapGroup("/packages").RequireAuthorization(Policies.Contributor);

        learner.MapGet("", async (IGrainFactory grains) =>
            TypedResults.Ok((await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: false))
                .Select(p => new { p.Id, p.Name, p.Description, p.Category, p.ActiveVersion })));

        learner.MapGet("/{id}", async (string id, int? version, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (version is not null && !user.IsInRole(Policies.Contributor))
            {
                throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden, "Only authors read versions other than the active one.");
            }

            var package = Package(grains, id);
            var shown = version is { } n ? await package.GetVersionAsync(n) : await package.GetActiveAsync() ?? throw DomainException.NotFound("Package", id);
            return TypedResults.Ok(shown.ToJson());
        });

        author.MapPost("", async (PackageJson body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var id = Ids.Require(body.Id);
            var created = await Package(grains, id).CreateAsync(body.ToContent(), user.UserId()!);
            return TypedResults.Created($"/v1/packages/{id}", created.ToJson());
        });

        author.MapPut("/{id}/draft", async (string id, PackageJson body, ClaimsPrincipal user, IGrainFactory grains) =>
            TypedResults.Ok((await Package(grains, id).SaveDraftAsync(body.ToContent(), user.UserId()!, Revisions.Parse(body.Revision))).ToJson()));

        author.MapPost("/{id}/versions", async (string id, NewVersionJson? body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var draft = await Package(grains, id).CreateDraftAsync(body?.FromVersion, user.UserId()!);
            return TypedResults.Created($"/v1/packages/{id}?version={draft.Number}", draft.ToJson());
        });

        author.MapDelete("/{id}/draft", async (string id, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            await Package(grains, id).DiscardDraftAsync(user.UserId()!);
            return TypedResults.NoContent();
        });

        author.MapGet("/{id}/versions", async (string id, IGrainFactory grains) =>
        {
            var history = await Package(grains, id).GetHistoryAsync();
            if (history.IsEmpty)
            {
                throw DomainException.NotFound("Package", id);
            }

            var counts = await Task.WhenAll(history.Select(h => grains.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(id, h.Number)).GetAsync()));
            return TypedResults.Ok(history.Select((h, i) => new
            {
                version = h.Number,
                status = h.Status.ToString().ToLowerInvariant(),
                h.IsActive,
                enrolledCount = counts[i].Enrolled,
                completedCount = counts[i].Completed,
                h.PublishedAt,
                h.PublishedBy,
                h.ChangeNotes,
                h.EffectiveDate,
            }));
        });

        author.MapGet("/{id}/diff", async (string id, int from, int to, IGrainFactory grains) =>
            TypedResults.Ok(await Package(grains, id).DiffAsync(from, to)));

        v1.MapPost("/packages/{id}/publish", async (string id, PublishJson body, ClaimsPrincipal user, IGrainFactory grains) =>
            TypedResults.Ok((await Package(grains, id).PublishAsync(new PublishRequest(body.ChangeNotes, body.EffectiveDate), user.UserId()!)).ToJson()))
            .RequireAuthorization(Policies.Approver);

        v1.MapGet("/packages/{id}/enrollments", async (string id, int? version, string? status, IGrainFactory grains) =>
        {
            var package = Package(grains, id);
            var versions = version is { } n ? [n] : (await package.GetHistoryAsync()).Where(h => h.Status != VersionStatus.Draft).Select(h => h.Number).ToList();
            var audit = grains.GetGrain<CoursePortal.Grains.Abstractions.Learning.IAuditGrain>(GrainKeys.Audit);
            var users = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in versions)
            {
                string? after = null;
                ImmutableArray<string> page;
                do
                {
                    page = await audit.GetVersionLearnersAsync(id, v, after, 1000);
                    users.UnionWith(page);
                    after = page.IsEmpty ? after : page[^1];
                }
                while (page.Length == 1000);
            }

            var views = await Task.WhenAll(users.Select(u => grains.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(u, id)).GetAsync()));
            return TypedResults.Ok(views
                .Where(v => version is null || v.Version == version)
                .Where(v => status is null || string.Equals(v.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
                .OrderBy(v => v.UserId, StringComparer.Ordinal)
                .Select(v => new { v.UserId, v.Version, status = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(v.Status.ToString()), v.EnrolledAt, v.CompletedAt, dueAt = v.DueAt, v.Overdue }));
        }).RequireAuthorization(Policies.Admin);

        return v1;
    }

    private static IPackageGrain Package(IGrainFactory grains, string id) => grains.GetGrain<IPackageGrain>(GrainKeys.Package(RequireId(id)));

    private static string RequireId(string id) => Ids.IsValid(id) ? id : throw DomainException.NotFound("Package", id);
}
