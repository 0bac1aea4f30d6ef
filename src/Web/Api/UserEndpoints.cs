using System.Collections.Immutable;
using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

public sealed record NewUserJson(string Email, string? FirstName, string? LastName, string? DisplayName, string? Password, IReadOnlyList<string>? Roles);

public sealed record RolesJson(IReadOnlyList<string>? Roles);

/// <summary>The body of PUT /v1/me/profile: what everyone edits of their own profile; <c>remindersOff</c> left out keeps the choice.</summary>
public sealed record ProfileJson(string? FirstName, string? LastName, string? Bio, string? ImageUrl, string? TimeZone, bool? RemindersOff = null);

public static class UserEndpoints
{
    /// <summary>The users, roles, attempt grants and transcripts.</summary>
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var admin = v1.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/users", CreateUser);
        admin.MapPut("/users/{id}/roles", SetRoles);
        // One more attempt at an assessment whose maximum the learner used up; the grant is a learning event with the admin as actor.
        admin.MapPost("/users/{userId}/courses/{courseId}/lessons/{lessonId}/attempts/grants", GrantAttempt);
        // The user may read their own transcript; anyone else needs the Admin role.
        v1.MapGet("/users/{id}/transcript", GetTranscript).RequireAuthorization(Policies.Learner).ProducesProblem(StatusCodes.Status403Forbidden);
        v1.MapGet("/me/profile", GetMyProfile).RequireAuthorization(Policies.Learner).RequireAuthorization(Policies.Person);
        v1.MapPut("/me/profile", UpdateMyProfile).RequireAuthorization(Policies.Learner).RequireAuthorization(Policies.Person);
        return v1;
    }

    /// <summary>The signed-in user's own profile.</summary>
    public static async Task<Ok<UserProfile>> GetMyProfile(ClaimsPrincipal user, UserService users) =>
        TypedResults.Ok(await users.ProfileAsync(user.UserId()!));

    /// <summary>Replaces the signed-in user's names, bio, image URL and time zone (e-mail and roles are an admin's).</summary>
    public static async Task<Ok<UserProfile>> UpdateMyProfile(ProfileJson body, ClaimsPrincipal user, UserService users)
    {
        ArgumentNullException.ThrowIfNull(body);
        return TypedResults.Ok(await users.UpdateOwnProfileAsync(user.UserId()!, body.FirstName, body.LastName, body.Bio, body.ImageUrl, body.TimeZone, body.RemindersOff));
    }

    /// <summary>Creates a user with roles (and a password, for a local account).</summary>
    public static async Task<Created<UserProfile>> CreateUser(NewUserJson body, ClaimsPrincipal user, UserService users)
    {
        ArgumentNullException.ThrowIfNull(body);
        var roles = ParseRoles(body.Roles);
        var created = await users.CreateAsync(body.Email ?? "", body.FirstName ?? "", body.LastName ?? "", body.Password, roles, user.UserId()!, body.DisplayName);
        return TypedResults.Created($"/v1/users/{created.UserId}", created);
    }

    /// <summary>Replaces a user's roles; their sessions end, so the new roles hold at once.</summary>
    public static async Task<Ok<UserProfile>> SetRoles(string id, RolesJson body, ClaimsPrincipal user, UserService users)
    {
        ArgumentNullException.ThrowIfNull(body);
        // An id that names nobody is refused before the roles are read.
        var userId = Ids.Existing("User", id);
        return TypedResults.Ok(await users.SetRolesAsync(userId, ParseRoles(body.Roles), user.UserId()!));
    }

    /// <summary>Grants one more attempt at an assessment whose maximum the learner used up, with a reason (audited).</summary>
    public static async Task<Ok<CourseProgress>> GrantAttempt(
        string userId, string courseId, string lessonId, AttemptGrantJson body, ClaimsPrincipal user, LearnerRecordService records)
    {
        ArgumentNullException.ThrowIfNull(body);
        return TypedResults.Ok(await records.GrantAttemptAsync(userId, courseId, lessonId, body.Reason, user.UserId()!));
    }

    /// <summary>A user's transcript (their own, or anyone's for an admin): with asOf, what was true then (imported history counts
    /// from its own date); with knownAsOf, what the portal had recorded by then.</summary>
    public static async Task<Ok<Transcript>> GetTranscript(string id, DateTimeOffset? asOf, DateTimeOffset? knownAsOf, ClaimsPrincipal user, ReportService reports)
    {
        if (user.UserId() != id && !user.IsInRole(Policies.Admin))
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.Forbidden, "Only admins read other users' transcripts.");
        }

        return TypedResults.Ok(await reports.TranscriptAsync(id, asOf, knownAsOf));
    }

    private static ImmutableArray<Role> ParseRoles(IReadOnlyList<string>? roles) =>
        [.. (roles ?? []).Select(r => Enum.TryParse<Role>(r, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(r, out _)
            ? role
            : throw new DomainException([new FieldError(ErrorCodes.InvalidRole, "roles", $"'{r}' is not a role: Learner, Contributor, Approver or Admin.")]))];
}
