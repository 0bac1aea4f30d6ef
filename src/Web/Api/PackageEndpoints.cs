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

        return v1;
    }

    private static IPackageGrain Package(IGrainFactory grains, string id) => grains.GetGrain<IPackageGrain>(GrainKeys.Package(RequireId(id)));

    private static string RequireId(string id) => Ids.IsValid(id) ? id : throw DomainException.NotFound("Package", id);
}
