using System.Globalization;
using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

/// <summary>The body of PUT /v1/users/{id}/manager: the manager's user id, null for none.</summary>
public sealed record ManagerJson(string? ManagerId);

/// <summary>A user's line on the org chart: their manager (null: none) and how many report to them directly.</summary>
public sealed record ReportingLineJson(string UserId, string? ManagerId, int DirectReports);

/// <summary>The body of POST /v1/packages/{id}/assignments. The due date is text so that one that is not a date is
/// answered with its field, like one that has passed.</summary>
public sealed record AssignmentJson(IReadOnlyList<string>? UserIds, string? DueDate);

/// <summary>The body of PUT /v1/packages/{id}/enrollments/{userId}/due-date: the new due date as text, null or empty for none.</summary>
public sealed record DueDateJson(string? DueDate);

/// <summary>GET /v1/me/team: a page of the people below the caller, how many there are in the scope, and the cursor of the
/// next page (null: this page ends the list).</summary>
public sealed record TeamJson(IReadOnlyList<TeamMemberJson> People, int Total, string? Next);

/// <summary>One person of a team: who they are, who they report to, how many report to them, their enrollments counted
/// (assigned in all; not started, in progress, overdue, completed, certification expiring within 60 days) and each one.</summary>
public sealed record TeamMemberJson(
    string UserId, string? Email, string? DisplayName, string? ManagerId, int DirectReports,
    int Assigned, int NotStarted, int InProgress, int Overdue, int Completed, int Expiring, IReadOnlyList<TeamEnrollmentJson> Enrollments);

/// <summary>One package enrollment of a person on a team, in the enrollments list's words.</summary>
public sealed record TeamEnrollmentJson(
    string PackageId, int Version, string Status, DateTimeOffset EnrolledAt, DateTimeOffset? DueAt, bool Overdue,
    DateTimeOffset? CompletedAt, DateTimeOffset? ExpiresAt, bool Expiring);

/// <summary>Managers: an admin sets a user's manager; a manager reads their team (as a page or a CSV) and assigns packages
/// to the people below them (<see cref="EnrollmentService.AssignAsManagerOrAdminAsync"/>, which admins use for anyone).</summary>
public static class TeamEndpoints
{
    /// <summary>The CSV's columns: who the person is and the counts of My team.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["userId", "email", "name", "managerId", "directReports", "assigned", "notStarted", "inProgress", "overdue", "completed", "expiring"];

    public static RouteGroupBuilder MapTeamEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapPut("/users/{id}/manager", SetManager).RequireAuthorization(Policies.Admin);
        // Anyone signed in: a user with nobody below them gets an empty team. format=csv (or Accept: text/csv) answers
        // everyone in the scope passing the filter as one CSV download, streamed.
        v1.MapGet("/me/team", GetMyTeam).RequireAuthorization(Policies.Learner).RequireAuthorization(Policies.Person).Produces<string>(StatusCodes.Status200OK, "text/csv");
        // Anyone signed in may ask; who is assigned is the service's rule (admins anyone, managers the people below them).
        v1.MapPost("/packages/{id}/assignments", AssignPackage)
            .RequireAuthorization(Policies.Learner)
            .AsLearnerWrite(LearnerWrites.MaxAssignmentBytes)
            .WithIdempotencyKey();
        // Admins anyone's; a manager the people below them (the service's rule, as for assignments).
        v1.MapPut("/packages/{id}/enrollments/{userId}/due-date", ChangeDueDate).RequireAuthorization(Policies.Learner).AsLearnerWrite();
        return v1;
    }

    /// <summary>Gives the user the manager (null clears it): 404 for an unknown user or manager, 409 <c>manager_cycle</c>
    /// when the manager is the user or reports to them.</summary>
    public static async Task<Ok<ReportingLineJson>> SetManager(string id, ManagerJson body, TeamService team)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(team);
        var line = await team.SetManagerAsync(id, body.ManagerId);
        return TypedResults.Ok(new ReportingLineJson(line.UserId, line.ManagerId, line.DirectReports));
    }

    /// <summary>The people below the signed-in user, with their enrollments counted; or all of them as CSV (format=csv).
    /// scope: <c>direct</c> (the default) or <c>all</c> (everyone below); status: <c>notStarted</c>,
    /// <c>inProgress</c>, <c>overdue</c>, <c>completed</c> or <c>expiring</c> (people with at least one such enrollment);
    /// q: part of a name or e-mail (one answer, no pages); after and limit: the page.</summary>
    public static async Task<Results<Ok<TeamJson>, CsvExport<TeamMember>>> GetMyTeam(
        string? scope, string? status, string? q, string? after, int? limit, string? format, ClaimsPrincipal user, HttpRequest request, TeamService team)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(team);
        var (teamScope, filter) = (ParseScope(scope), ParseFilter(status));
        var me = user.UserId()!;
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))))
        {
            return new CsvExport<TeamMember>("team.csv", CsvColumns, team.PagesAsync(me, teamScope, filter, request.HttpContext.RequestAborted), WriteCsvRecord);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var found = await team.SearchAsync(me, teamScope, filter, q.Trim());
            return TypedResults.Ok(new TeamJson([.. found.Select(ToJson)], found.Count, null));
        }

        var page = await team.PageAsync(me, teamScope, filter, after, limit ?? 100);
        return TypedResults.Ok(new TeamJson([.. page.People.Select(ToJson)], page.Total, page.Next));
    }

    /// <summary>Assigns the package to each user with the due date (optional), one result per user in the shape of
    /// <c>POST /v1/packages/{id}/enrollments</c>: an admin may assign anyone; a manager the people below them, anyone else
    /// being refused in their result with <c>forbidden</c>; a caller with nobody below them is refused (403).</summary>
    public static async Task<Ok<IReadOnlyList<AssignmentResultJson>>> AssignPackage(string id, AssignmentJson body, ClaimsPrincipal user, EnrollmentService enrollments)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(enrollments);
        var packageId = Ids.Existing("Package", id);
        return TypedResults.Ok((await enrollments.AssignAsManagerOrAdminAsync(
            packageId, [.. body.UserIds ?? []], ParseDueDate(body.DueDate), user.UserId()!, user.IsInRole(Policies.Admin))).ToJson());
    }

    /// <summary>Changes an open enrollment's due date: 404 when the user is not enrolled, 409 <c>enrollment_completed</c>
    /// when it is completed, 400 <c>invalid_due_date</c> for a date that has passed, 403 for a caller who is neither an
    /// admin nor above the learner. Answers the enrollment as the enrollments endpoint does.</summary>
    public static async Task<Ok<EnrollmentJson>> ChangeDueDate(string id, string userId, DueDateJson body, ClaimsPrincipal user, EnrollmentService enrollments)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(enrollments);
        return TypedResults.Ok((await enrollments.ChangeDueDateAsync(id, userId, ParseDueDate(body.DueDate), user.UserId()!, user.IsInRole(Policies.Admin))).ToEnrollmentJson());
    }

    /// <summary>A due date as a client writes it (ISO 8601; a date alone is midnight UTC); empty for none.</summary>
    public static DateTimeOffset? ParseDueDate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due) ? due
        : throw new DomainException([new FieldError(ErrorCodes.MalformedRequest, "dueDate",
            $"'{text}' is not a date (ISO 8601, e.g. 2027-01-31 or 2027-01-31T17:00:00Z).")]);

    private static TeamScope ParseScope(string? scope) => scope?.ToLowerInvariant() switch
    {
        null or "" or "direct" => TeamScope.Direct,
        "all" => TeamScope.Everyone,
        _ => throw new DomainException([new FieldError(ErrorCodes.Invalid, "scope", $"'{scope}' is not a scope: direct or all.")]),
    };

    private static TeamFilter? ParseFilter(string? status) =>
        string.IsNullOrEmpty(status) ? null
        : TeamFilters.TryParse(status, out var filter) ? filter
        : throw new DomainException([new FieldError(ErrorCodes.Invalid, "status",
            $"'{status}' is not a filter of a team: {string.Join(", ", TeamFilters.All.Select(TeamFilters.Token))}.")]);

    private static TeamMemberJson ToJson(TeamMember m) => new(
        m.Line.UserId, m.Profile?.Email, m.Profile?.DisplayName, m.Line.ManagerId, m.Line.DirectReports,
        m.Assigned, m.NotStarted, m.InProgress, m.Overdue, m.Completed, m.Expiring,
        [.. m.Enrollments.Select(e => ToJson(m, e))]);

    private static TeamEnrollmentJson ToJson(TeamMember member, LearnerEnrollment e) => new(
        e.PackageId, e.Standing.Version, EnrollmentStatusWords.Token(e.Standing.Status), e.Standing.EnrolledAt, e.Standing.DueAt, e.Standing.Overdue,
        e.Standing.CompletedAt, e.Standing.ExpiresAt, member.IsExpiring(e));

    private static void WriteCsvRecord(IWriter csv, TeamMember m)
    {
        csv.WriteField(m.Line.UserId);
        csv.WriteField(m.Profile?.Email);
        csv.WriteField(m.Profile?.DisplayName);
        csv.WriteField(m.Line.ManagerId);
        foreach (var count in new[] { m.Line.DirectReports, m.Assigned, m.NotStarted, m.InProgress, m.Overdue, m.Completed, m.Expiring })
        {
            csv.WriteField(count.ToString(CultureInfo.InvariantCulture));
        }
    }
}
