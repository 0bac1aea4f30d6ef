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

/// <summary>The body of PUT /v1/users/{id}/profile: an admin's edit of someone's names, display name (empty: made of the
/// names), bio, image URL and time zone; each replaces what was there (the e-mail address, roles and reminder choice have
/// their own ways).</summary>
public sealed record UserProfileJson(string? FirstName, string? LastName, string? DisplayName, string? Bio, string? ImageUrl, string? TimeZone);

/// <summary>A user as an admin reads them: who they are, every role they hold (each role includes the ones below it), their
/// manager (null: none), and whether the account is deactivated (it cannot sign in; its record stays).</summary>
public sealed record UserJson(
    string UserId, string Email, string FirstName, string LastName, string DisplayName, IReadOnlyList<string> Roles, string? ManagerId,
    bool Deactivated, DateTimeOffset CreatedAt, string? Bio, string? ImageUrl, string? TimeZone);

/// <summary>GET /v1/users: a page of users by e-mail address, and the cursor of the next page (null: this page ends the list).</summary>
public sealed record UserListJson(IReadOnlyList<UserJson> Users, string? Next);

public static class UserEndpoints
{
    /// <summary>The users, roles, attempt grants and transcripts.</summary>
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var admin = v1.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/users", CreateUser);
        admin.MapGet("/users", ListUsers);
        admin.MapGet("/users/{id}", GetUser);
        admin.MapPut("/users/{id}/profile", UpdateUserProfile);
        admin.MapPut("/users/{id}/roles", SetRoles);
        admin.MapPost("/users/{id}/deactivate", DeactivateUser);
        admin.MapPost("/users/{id}/reactivate", ReactivateUser);
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

    /// <summary>Creates a user with roles (and a password, for a local account); answers the user as GET /v1/users/{id} does.</summary>
    public static async Task<Created<UserJson>> CreateUser(NewUserJson body, ClaimsPrincipal user, UserService users)
    {
        ArgumentNullException.ThrowIfNull(body);
        var roles = ParseRoles(body.Roles);
        var created = await users.CreateAsync(body.Email ?? "", body.FirstName ?? "", body.LastName ?? "", body.Password, roles, user.UserId()!, body.DisplayName);
        return TypedResults.Created($"/v1/users/{created.UserId}", ToJson(created, managerId: null));
    }

    /// <summary>A page of users, by e-mail address: q finds those whose e-mail or name contains it; after is the previous
    /// page's next, limit the page's size (1–500, default 100). Read from the users directory, never user by user.</summary>
    public static async Task<Ok<UserListJson>> ListUsers(string? q, string? after, int? limit, UserService users, TeamService team)
    {
        ArgumentNullException.ThrowIfNull(users);
        var (afterEmail, size) = UserListPage.Read(after, limit);
        var page = await users.PageAsync(q, afterEmail, size);
        var lines = await team.LinesOfAsync(page.Users.Select(u => u.UserId));
        return TypedResults.Ok(new UserListJson([.. page.Users.Select(u => ToJson(u, lines.GetValueOrDefault(u.UserId)?.ManagerId))],
            UserListPage.Cursor(page.NextAfterEmail)));
    }

    /// <summary>A user's profile with their roles, manager and whether the account is deactivated; 404 for an unknown id.</summary>
    public static async Task<Ok<UserJson>> GetUser(string id, UserService users, TeamService team) =>
        TypedResults.Ok(await WithManagerAsync(await users.ProfileAsync(id), team));

    /// <summary>Replaces a user's names, display name, bio, image URL and time zone, with the checks of everyone's own profile.</summary>
    public static async Task<Ok<UserJson>> UpdateUserProfile(string id, UserProfileJson body, UserService users, TeamService team)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(users);
        var userId = Ids.Existing("User", id);
        return TypedResults.Ok(await WithManagerAsync(
            await users.UpdateProfileAsync(userId, body.FirstName, body.LastName, body.DisplayName, body.Bio, body.ImageUrl, body.TimeZone), team));
    }

    /// <summary>Deactivates an account: it cannot sign in by any route (403 <c>account_deactivated</c>), its sessions end
    /// at once, nothing new is assigned to it, and its record stays readable. 409 <c>self_deactivation</c> for one's own,
    /// 409 <c>last_admin</c> for the last active admin; an account already deactivated is answered unchanged.</summary>
    public static async Task<Ok<UserJson>> DeactivateUser(string id, ClaimsPrincipal user, UserService users, TeamService team)
    {
        ArgumentNullException.ThrowIfNull(users);
        return TypedResults.Ok(await WithManagerAsync(await users.DeactivateAsync(id, user.UserId()!), team));
    }

    /// <summary>Lets a deactivated account sign in again; an active one is answered unchanged.</summary>
    public static async Task<Ok<UserJson>> ReactivateUser(string id, ClaimsPrincipal user, UserService users, TeamService team)
    {
        ArgumentNullException.ThrowIfNull(users);
        return TypedResults.Ok(await WithManagerAsync(await users.ReactivateAsync(id, user.UserId()!), team));
    }

    /// <summary>Replaces a user's roles; their sessions end, so the new roles hold at once. 409 <c>last_admin</c> for taking
    /// the Admin role from the last active admin.</summary>
    public static async Task<Ok<UserJson>> SetRoles(string id, RolesJson body, ClaimsPrincipal user, UserService users, TeamService team)
    {
        ArgumentNullException.ThrowIfNull(body);
        // An id that names nobody is refused before the roles are read.
        var userId = Ids.Existing("User", id);
        return TypedResults.Ok(await WithManagerAsync(await users.SetRolesAsync(userId, ParseRoles(body.Roles), user.UserId()!), team));
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

    private static async Task<UserJson> WithManagerAsync(UserProfile profile, TeamService team) =>
        ToJson(profile, (await team.LinesOfAsync([profile.UserId])).GetValueOrDefault(profile.UserId)?.ManagerId);

    private static UserJson ToJson(UserProfile p, string? managerId) =>
        new(p.UserId, p.Email, p.FirstName, p.LastName, p.DisplayName, [.. UserService.RolesUpTo(p.HighestRole).Select(r => r.ToString())], managerId,
            p.Deactivated, p.CreatedAt, p.Bio, p.ImageUrl, p.TimeZone);

    private static ImmutableArray<Role> ParseRoles(IReadOnlyList<string>? roles) =>
        [.. (roles ?? []).Select(r => Enum.TryParse<Role>(r, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(r, out _)
            ? role
            : throw new DomainException([new FieldError(ErrorCodes.InvalidRole, "roles", $"'{r}' is not a role: Learner, Contributor, Approver or Admin.")]))];
}
