using System.Security.Claims;
using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoursePortal.Web.Api;

public sealed record MoveJson(int? FromVersion, IReadOnlyList<string>? Statuses);

/// <summary>A move as the API shows it: statuses and state in camel case.</summary>
public sealed record MoveStatusJson(
    string MoveId, string PackageId, int FromVersion, int ToVersion, IEnumerable<string> Statuses, string State,
    int Processed, int Moved, string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, string? Reason)
{
    public static MoveStatusJson From(MigrationStatus move)
    {
        ArgumentNullException.ThrowIfNull(move);
        return new(move.MigrationId, move.PackageId, move.FromVersion, move.ToVersion,
            move.Statuses.Select(EnrollmentStatusWords.Token), JsonNamingPolicy.CamelCase.ConvertName(move.State.ToString()),
            move.Processed, move.Moved, move.StartedBy, move.StartedAt, move.CompletedAt, move.Reason);
    }
}

public static class MoveEndpoints
{
    /// <summary>Moving an older version's learners to the active version, as the admin Move page does, and following the
    /// move: a move stops (state "stopped", with the reason) when another version becomes active while it runs.</summary>
    public static RouteGroupBuilder MapMoveEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var admin = v1.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/packages/{id}/moves", StartMove).WithIdempotencyKey();
        admin.MapGet("/moves/{moveId}", GetMove);
        return v1;
    }

    /// <summary>Starts moving an older version's learners to the active version, in the background.</summary>
    public static async Task<Accepted<MoveStatusJson>> StartMove(string id, MoveJson body, ClaimsPrincipal user, MoveService moves)
    {
        ArgumentNullException.ThrowIfNull(body);
        Ids.Existing("Package", id);
        if (body.FromVersion is not { } fromVersion)
        {
            throw new DomainException([new FieldError(ErrorCodes.Required, "fromVersion", "Name the version whose learners move.")]);
        }

        var started = await moves.StartAsync(id, fromVersion, ParseStatuses(body.Statuses), user.UserId()!);
        return TypedResults.Accepted($"/v1/moves/{started.MigrationId}", MoveStatusJson.From(started));
    }

    /// <summary>Where a move stands: learners processed and moved, and its state.</summary>
    public static async Task<Ok<MoveStatusJson>> GetMove(string moveId, MoveService moves) => TypedResults.Ok(MoveStatusJson.From(await moves.GetAsync(moveId)));

    private static EnrollmentStatus[] ParseStatuses(IReadOnlyList<string>? statuses) =>
        [.. (statuses ?? []).Select(s => EnrollmentStatusWords.TryParse(s, out var status)
            ? status
            : throw new DomainException([new FieldError(ErrorCodes.InvalidStatuses, "statuses", $"'{s}' is not a status: notStarted or inProgress.")]))];
}
