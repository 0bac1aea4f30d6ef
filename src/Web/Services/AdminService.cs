using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Web.Services;

/// <summary>Completions of a package on one day, for the report's chart.</summary>
public sealed record DailyCompletions(DateOnly Day, int Count);

/// <summary>The admin pages' way to users, credit, version moves, reports and the learning events.</summary>
public sealed class AdminService(IGrainFactory grains, AccountService accounts, TimeProvider clock)
{
    public const int MaxUsersShown = 200;

    /// <summary>Users whose e-mail or name contains <paramref name="text"/>, from every directory shard, by e-mail.</summary>
    public async Task<IReadOnlyList<UserProfile>> SearchUsersAsync(string? text, int limit = MaxUsersShown)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, GrainKeys.UserDirectoryShards)
            .Select(s => grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory(s)).SearchAsync(text, limit)));
        return [.. shards.SelectMany(s => s).OrderBy(u => u.Email, StringComparer.Ordinal).Take(limit)];
    }

    /// <summary>The user with this e-mail address (or user id); a 400 naming <paramref name="field"/> when there is none.</summary>
    public async Task<UserProfile> FindUserAsync(string? emailOrId, string field = "email")
    {
        var text = emailOrId?.Trim() ?? "";
        var id = text.Contains('@', StringComparison.Ordinal) ? await accounts.FindUserIdAsync(text) : Ids.IsValid(text) ? text : null;
        try
        {
            return id is null ? throw DomainException.NotFound("User", text) : await grains.GetGrain<IUserGrain>(GrainKeys.User(id)).GetProfileAsync();
        }
        catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
        {
            throw new DomainException([new FieldError("unknown_user", field, $"No user has the address or id '{text}'.")]);
        }
    }

    public async Task<UserProfile> SetRoleAsync(string userId, Role highest, string actor) =>
        await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).SetRolesAsync([.. Enum.GetValues<Role>().Where(r => r <= highest)], actor);

    public async Task GrantCreditAsync(string email, string courseId, string reason, string actor)
    {
        var user = await FindUserAsync(email);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new FieldError("required", "reason", "Say why the credit is given; the reason stays in the audit trail.")]);
        }

        await grains.GetGrain<IUserGrain>(GrainKeys.User(user.UserId)).GrantCreditAsync(courseId, reason.Trim(), actor);
    }

    public const int MaxReasonLength = 500;

    /// <summary>Allows the user (an e-mail address or user id) one more attempt at an assessment of a course they started;
    /// the reason and the admin stay in the audit trail.</summary>
    public async Task<CourseProgress> GrantAttemptAsync(string emailOrUserId, string courseId, string lessonId, string? reason, string actor)
    {
        var user = await FindUserAsync(emailOrUserId, "userId");
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new FieldError("required", "reason", "Say why another attempt is granted; the reason stays in the audit trail.")]);
        }

        if (reason.Trim().Length > MaxReasonLength)
        {
            throw new DomainException([new FieldError("too_long", "reason", $"The reason has at most {MaxReasonLength} characters.")]);
        }

        if (!Ids.IsValid(courseId))
        {
            throw DomainException.NotFound("Course", courseId);
        }

        return await grains.GetGrain<ICourseEnrollmentGrain>(GrainKeys.CourseEnrollment(user.UserId, courseId)).GrantAttemptAsync(lessonId ?? "", actor, reason.Trim());
    }

    /// <summary>Starts moving a version's learners with the chosen statuses to the active version.</summary>
    public Task<MigrationStatus> StartMoveAsync(string packageId, int fromVersion, IReadOnlyCollection<EnrollmentStatus> statuses, string actor)
    {
        if (statuses.Count == 0)
        {
            throw new DomainException([new FieldError("required", "statuses", "Choose whom to move: learners not started, in progress, or both.")]);
        }

        // A fresh id per move: starting the same id again would only answer that move's status.
        var id = $"move-{Guid.NewGuid():N}";
        return grains.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(id)).StartAsync(packageId, fromVersion, [.. statuses], actor);
    }

    public Task<MigrationStatus> GetMoveAsync(string migrationId) => grains.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(migrationId)).GetAsync();

    public async Task<IReadOnlyList<PackageSummary>> ListPackagesAsync() =>
        await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListPackagesAsync(includeUnpublished: true);

    public async Task<ImmutableArray<PackageVersionReport>> ReportAsync(string packageId) =>
        await Audit.GetPackageReportAsync(packageId, clock.GetUtcNow());

    /// <summary>Package completions per day over the last <paramref name="days"/> days, oldest first, zero days included.</summary>
    public async Task<IReadOnlyList<DailyCompletions>> CompletionsPerDayAsync(string packageId, int days = 30)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - days);
        var counts = new Dictionary<DateOnly, int>();
        var query = new EventQuery(PackageId: packageId, Kind: LearningEventKinds.PackageCompleted,
            From: new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Limit: EventQuery.MaxLimit);
        while (true)
        {
            var page = await Audit.QueryEventsAsync(query);
            foreach (var e in page)
            {
                var day = DateOnly.FromDateTime(e.OccurredAt.UtcDateTime);
                counts[day] = counts.GetValueOrDefault(day) + 1;
            }

            if (page.Length < query.Limit)
            {
                break;
            }

            query = query with { AfterOccurredAt = page[^1].OccurredAt, AfterEventId = page[^1].EventId };
        }

        return [.. Enumerable.Range(0, days).Select(i => from.AddDays(i)).Select(d => new DailyCompletions(d, counts.GetValueOrDefault(d)))];
    }

    public async Task<ImmutableArray<LearningEvent>> EventsAsync(EventQuery query) => await Audit.QueryEventsAsync(query);

    public Task<Transcript> TranscriptAsync(string userId, DateTimeOffset asOf, DateTimeOffset knownAsOf) => Audit.GetTranscriptAsync(userId, asOf, knownAsOf);

    private IAuditGrain Audit => grains.GetGrain<IAuditGrain>(GrainKeys.Audit);
}
