using System.Security.Claims;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Api;

public sealed record NewUserJson(string Email, string? FirstName, string? LastName, string? DisplayName, string? Password, IReadOnlyList<string>? Roles);

public sealed record RolesJson(IReadOnlyList<string>? Roles);

public sealed record MoveJson(int? FromVersion, IReadOnlyList<string>? Statuses);

public static class AdminEndpoints
{
    /// <summary>Users, roles, transcripts, reports and events of API.md.</summary>
    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var admin = v1.MapGroup("").RequireAuthorization(Policies.Admin);

        admin.MapPost("/users", async (NewUserJson body, ClaimsPrincipal user, AccountService accounts) =>
        {
            var roles = ParseRoles(body.Roles);
            var password = string.IsNullOrEmpty(body.Password) ? null : body.Password;
            if (password is { Length: < 12 })
            {
                throw new DomainException([new FieldError("weak_password", "password", "A password has at least 12 characters.")]);
            }

            var created = await accounts.CreateAsync(body.Email ?? "", body.FirstName ?? "", body.LastName ?? "", password, roles, user.UserId()!, body.DisplayName);
            return TypedResults.Created($"/v1/users/{created.UserId}", created);
        });

        admin.MapPut("/users/{id}/roles", async (string id, RolesJson body, ClaimsPrincipal user, IGrainFactory grains) =>
            TypedResults.Ok(await User(grains, id).SetRolesAsync(ParseRoles(body.Roles), user.UserId()!)));

        // One more attempt at an assessment whose maximum the learner used up; the grant is a learning event with the admin as actor.
        admin.MapPost("/users/{userId}/courses/{courseId}/lessons/{lessonId}/attempts/grants",
            async (string userId, string courseId, string lessonId, AttemptGrantJson body, ClaimsPrincipal user, AdminService service) =>
                TypedResults.Ok(await service.GrantAttemptAsync(userId, courseId, lessonId, body.Reason, user.UserId()!)));

        // The user may read their own transcript; anyone else needs the Admin role.
        // asOf: what was true then (imported history counts from its own date); knownAsOf: what the portal had recorded by then.
        v1.MapGet("/users/{id}/transcript", async (string id, DateTimeOffset? asOf, DateTimeOffset? knownAsOf, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (user.UserId() != id && !user.IsInRole(Policies.Admin))
            {
                throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden, "Only admins read other users' transcripts.");
            }

            await User(grains, id).GetProfileAsync();
            var now = DateTimeOffset.UtcNow;
            return TypedResults.Ok(await grains.GetGrain<IAuditGrain>(GrainKeys.Audit).GetTranscriptAsync(id, asOf ?? now, knownAsOf ?? now));
        }).RequireAuthorization(Policies.Learner);

        // Moving an older version's learners to the active version, as the admin Move page does, and following the move:
        // a move stops (state "stopped", with the reason) when another version becomes active while it runs.
        admin.MapPost("/packages/{id}/moves", async (string id, MoveJson body, ClaimsPrincipal user, AdminService moves) =>
        {
            if (!Ids.IsValid(id))
            {
                throw DomainException.NotFound("Package", id);
            }

            if (body.FromVersion is not { } fromVersion)
            {
                throw new DomainException([new FieldError("required", "fromVersion", "Name the version whose learners move.")]);
            }

            var started = await moves.StartMoveAsync(id, fromVersion, ParseStatuses(body.Statuses), user.UserId()!);
            return TypedResults.Accepted($"/v1/moves/{started.MigrationId}", MoveView(started));
        });

        admin.MapGet("/moves/{moveId}", async (string moveId, AdminService moves) =>
            TypedResults.Ok(MoveView(Ids.IsValid(moveId) ? await moves.GetMoveAsync(moveId) : throw DomainException.NotFound("Move", moveId))));

        // CSV by Accept header (scripts) or ?format=csv (a download link on the reports page).
        admin.MapGet("/reports/packages/{id}", async (string id, string? format, HttpContext http, IGrainFactory grains) =>
        {
            var report = await grains.GetGrain<IAuditGrain>(GrainKeys.Audit).GetPackageReportAsync(id, DateTimeOffset.UtcNow);
            return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? Results.File(System.Text.Encoding.UTF8.GetBytes(PackageVersionReport.ToCsv(report)), "text/csv", $"{id}-report.csv")
                : http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
                ? Results.Text(PackageVersionReport.ToCsv(report), "text/csv")
                : Results.Ok(report.Select(r => new { r.Version, r.Enrolled, r.NotStarted, r.InProgress, r.Completed, r.Overdue, r.CompletionRate }));
        });

        // Filters are all optional; a page ends with "next", the cursor of the following page. format=xapi answers xAPI statements.
        admin.MapGet("/events", async (string? userId, string? packageId, string? courseId, string? kind, DateTimeOffset? from, DateTimeOffset? to,
            string? after, int? limit, string? format, HttpContext http, IGrainFactory grains) =>
        {
            var query = EventPage.Query(userId, packageId, courseId, kind, from, to, after, limit);
            var events = await grains.GetGrain<IAuditGrain>(GrainKeys.Audit).QueryEventsAsync(query);
            var next = events.Length == query.Limit ? EventPage.Cursor(events[^1]) : null;
            if (string.Equals(format, "xapi", StringComparison.OrdinalIgnoreCase))
            {
                var portal = new Uri($"{http.Request.Scheme}://{http.Request.Host}/");
                return Results.Ok(new { statements = events.Select(e => XapiStatement.From(e, portal)), more = next });
            }

            return Results.Ok(new { events, next });
        });
        return v1;
    }

    private static IUserGrain User(IGrainFactory grains, string id) =>
        Ids.IsValid(id) ? grains.GetGrain<IUserGrain>(GrainKeys.User(id)) : throw DomainException.NotFound("User", id);

    private static EnrollmentStatus[] ParseStatuses(IReadOnlyList<string>? statuses) =>
        [.. (statuses ?? []).Select(s => Enum.TryParse<EnrollmentStatus>(s, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(s, out _)
            ? status
            : throw new DomainException([new FieldError("invalid_statuses", "statuses", $"'{s}' is not a status: notStarted or inProgress.")]))];

    private static object MoveView(MigrationStatus move) => new
    {
        moveId = move.MigrationId,
        move.PackageId,
        move.FromVersion,
        move.ToVersion,
        statuses = move.Statuses.Select(s => JsonNamingPolicy.CamelCase.ConvertName(s.ToString())),
        state = JsonNamingPolicy.CamelCase.ConvertName(move.State.ToString()),
        move.Processed,
        move.Moved,
        move.StartedBy,
        move.StartedAt,
        move.CompletedAt,
        move.Reason,
    };

    private static System.Collections.Immutable.ImmutableArray<Role> ParseRoles(IReadOnlyList<string>? roles) =>
        [.. (roles ?? []).Select(r => Enum.TryParse<Role>(r, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(r, out _)
            ? role
            : throw new DomainException([new FieldError("invalid_role", "roles", $"'{r}' is not a role: Learner, Contributor, Approver or Admin.")]))];
}
