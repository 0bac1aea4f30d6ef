using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using Microsoft.Extensions.Caching.Memory;

namespace CoursePortal.Web.Services;

/// <summary>Which people below a manager a team view lists: those reporting to them directly, or everyone below them.</summary>
public enum TeamScope
{
    Direct,
    Everyone,
}

/// <summary>A team view's filter: the people with at least one enrollment so (overdue, expiring and the status words of
/// <see cref="EnrollmentStatusWords"/>).</summary>
public enum TeamFilter
{
    NotStarted,
    InProgress,
    Overdue,
    Completed,
    Expiring,
}

/// <summary>The words of the team filters: the status words of <see cref="EnrollmentStatusWords"/> (label and token), the
/// overdue flag's, and certification expiring.</summary>
public static class TeamFilters
{
    public const string ExpiringLabel = "Certification expiring";

    public static IReadOnlyList<TeamFilter> All { get; } = Enum.GetValues<TeamFilter>();

    /// <summary>What people read: "In progress", "Overdue", "Certification expiring".</summary>
    public static string Label(TeamFilter filter) => filter switch
    {
        TeamFilter.Overdue => EnrollmentStatusWords.OverdueLabel,
        TeamFilter.Expiring => ExpiringLabel,
        _ => EnrollmentStatusWords.Label(Status(filter)),
    };

    /// <summary>What the API and CSV links carry: "inProgress", "overdue", "expiring".</summary>
    public static string Token(TeamFilter filter) => filter switch
    {
        TeamFilter.Overdue => "overdue",
        TeamFilter.Expiring => "expiring",
        _ => EnrollmentStatusWords.Token(Status(filter)),
    };

    /// <summary>The filter a token (any case) names; false for anything else.</summary>
    public static bool TryParse(string? token, out TeamFilter filter)
    {
        foreach (var known in All)
        {
            if (string.Equals(Token(known), token, StringComparison.OrdinalIgnoreCase))
            {
                filter = known;
                return true;
            }
        }

        filter = default;
        return false;
    }

    private static EnrollmentStatus Status(TeamFilter filter) => filter switch
    {
        TeamFilter.NotStarted => EnrollmentStatus.NotStarted,
        TeamFilter.InProgress => EnrollmentStatus.InProgress,
        _ => EnrollmentStatus.Completed,
    };
}

/// <summary>One person below a manager: who they are (null when the directory has no entry), their line on the chart and
/// where each of their package enrollments stands now, with the counts My team shows.</summary>
public sealed record TeamMember(ReportingLine Line, UserProfile? Profile, IReadOnlyList<LearnerEnrollment> Enrollments, DateTimeOffset Now)
{
    public int Assigned => Enrollments.Count;

    public int NotStarted => Enrollments.Count(e => e.Standing.Status == EnrollmentStatus.NotStarted);

    public int InProgress => Enrollments.Count(e => e.Standing.Status == EnrollmentStatus.InProgress);

    public int Overdue => Enrollments.Count(e => e.Standing.Overdue);

    public int Completed => Enrollments.Count(e => e.Standing.Status == EnrollmentStatus.Completed);

    /// <summary>Certifications that expire within <see cref="TeamService.ExpiringWithinDays"/> days (the home page's window).</summary>
    public int Expiring => Enrollments.Count(IsExpiring);

    public bool IsExpiring(LearnerEnrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        return enrollment.Standing.ExpiresAt is { } expires && expires > Now && expires <= Now.AddDays(TeamService.ExpiringWithinDays);
    }

    public bool Passes(TeamFilter? filter) => filter switch
    {
        null => true,
        TeamFilter.NotStarted => NotStarted > 0,
        TeamFilter.InProgress => InProgress > 0,
        TeamFilter.Overdue => Overdue > 0,
        TeamFilter.Completed => Completed > 0,
        _ => Expiring > 0,
    };
}

/// <summary>A page of a team, the people below the manager in all (in the scope) and the cursor of the next page (null
/// when this page ends the list).</summary>
public sealed record TeamPage(IReadOnlyList<TeamMember> People, int Total, string? Next);

/// <summary>The reporting lines (who manages whom, set by admins one by one or from an import) and a manager's view of the
/// people below them, read a page of people at a time: their lines from the org chart, their enrollments in every package
/// from the report's read model in one call, their names from the user directory. No learner's grain is activated.</summary>
public sealed class TeamService(IGrainFactory grains, UserService users, IMemoryCache cache, TimeProvider clock)
{
    public const int ExpiringWithinDays = LearnerHomeService.ExpiringWithinDays;

    public const int MaxPage = 1000;

    // A filtered page reads people in chunks until it is full, but no further than this many in one request: a filter
    // that matches few of 100,000 people answers a short page with a cursor rather than reading them all at once.
    private const int MaxPeopleReadPerPage = 20_000;

    // Whether someone has reports is asked on every page (the header's link): kept briefly so pages do not all call the
    // one org chart grain. A change made through this web is seen at once; one made through another, within this time.
    private static readonly TimeSpan HasReportsKept = TimeSpan.FromMinutes(1);

    /// <summary>Gives the user a manager (null: none) and answers their line; 404 when either is no user, 409
    /// <c>manager_cycle</c> when the manager is the user or reports to them.</summary>
    public async Task<ReportingLine> SetManagerAsync(string userId, string? managerId)
    {
        var user = (await users.ProfileAsync(userId)).UserId;
        if (managerId is not null)
        {
            await ExistingManagerAsync(managerId);
        }

        var before = await Chart.GetManagerAsync(user);
        await Chart.SetManagerAsync(user, managerId);
        Forget(before, managerId);
        return (await Chart.LinesOfAsync([user]))[0];
    }

    /// <summary>Gives each user their manager, in order and in one write of the chart (an import's lines); each line's
    /// outcome. The users and managers must exist (the caller looked them up).</summary>
    public async Task<ImmutableArray<ManagerChangeOutcome>> SetManagersAsync(IReadOnlyList<ManagerChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return [];
        }

        var before = await Chart.LinesOfAsync([.. changes.Select(c => c.UserId)]);
        var outcomes = await Chart.SetManagersAsync([.. changes]);
        Forget([.. before.Select(l => l.ManagerId), .. changes.Select(c => c.ManagerId)]);
        return outcomes;
    }

    /// <summary>The lines of the given users (their managers, their numbers of direct reports), by user id.</summary>
    public async Task<IReadOnlyDictionary<string, ReportingLine>> LinesOfAsync(IEnumerable<string> userIds) =>
        (await Chart.LinesOfAsync([.. userIds.Where(Ids.IsValid)])).ToDictionary(l => l.UserId, StringComparer.Ordinal);

    /// <summary>Whether anyone reports to the user, as the header's link asks it: remembered for a minute.</summary>
    public async Task<bool> HasReportsAsync(string userId) =>
        await cache.GetOrCreateAsync(HasReportsKey(userId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = HasReportsKept;
            return Chart.HasReportsAsync(userId);
        });

    /// <summary>Whether anyone reports to the user now, as an authorization asks it.</summary>
    public Task<bool> IsManagerAsync(string userId) => Chart.HasReportsAsync(userId);

    /// <summary>Those of the users who report to the manager, directly or further down.</summary>
    public async Task<IReadOnlySet<string>> WhoIsBelowAsync(string managerId, IEnumerable<string> userIds) =>
        (await Chart.WhoIsBelowAsync(managerId, [.. userIds.Where(Ids.IsValid)])).ToHashSet(StringComparer.Ordinal);

    /// <summary>How many people report to the manager directly, and how many are below them in all.</summary>
    public async Task<(int Direct, int Everyone)> SizeAsync(string managerId)
    {
        var direct = await Chart.ListReportsAsync(managerId, everyoneBelow: false, null, 1);
        var everyone = await Chart.ListReportsAsync(managerId, everyoneBelow: true, null, 1);
        return (direct.Total, everyone.Total);
    }

    /// <summary>A page of the people below the manager in the scope who pass the filter, by user id after
    /// <paramref name="afterUserId"/>, at most <paramref name="limit"/> (1–1,000).</summary>
    public async Task<TeamPage> PageAsync(string managerId, TeamScope scope, TeamFilter? filter, string? afterUserId, int limit)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        var people = new List<TeamMember>();
        var (cursor, read, total) = (afterUserId, 0, 0);
        while (true)
        {
            // Unfiltered, a chunk is the page; filtered, chunks as large as a read allows until the page is full.
            var lines = await Chart.ListReportsAsync(managerId, scope == TeamScope.Everyone, cursor, filter is null ? limit : MaxPage);
            total = lines.Total;
            if (lines.Lines.IsEmpty)
            {
                return new TeamPage(people, total, null);
            }

            foreach (var member in await MembersAsync(lines.Lines))
            {
                cursor = member.Line.UserId;
                if (member.Passes(filter))
                {
                    people.Add(member);
                    if (people.Count == limit)
                    {
                        return new TeamPage(people, total, cursor);
                    }
                }
            }

            read += lines.Lines.Length;
            if (read >= MaxPeopleReadPerPage)
            {
                return new TeamPage(people, total, cursor);
            }
        }
    }

    /// <summary>The people below the manager in the scope whose e-mail or name contains <paramref name="text"/> and who
    /// pass the filter (among the directory's first <see cref="UserService.MaxUsersShown"/> matches), by user id.</summary>
    public async Task<IReadOnlyList<TeamMember>> SearchAsync(string managerId, TeamScope scope, TeamFilter? filter, string text)
    {
        var matches = (await users.SearchAsync(text)).Select(u => u.UserId).ToList();
        var below = await Chart.WhoIsBelowAsync(managerId, [.. matches]);
        var lines = await Chart.LinesOfAsync(below);
        var inScope = lines.Where(l => scope == TeamScope.Everyone || l.ManagerId == managerId).OrderBy(l => l.UserId, StringComparer.Ordinal);
        return [.. (await MembersAsync([.. inScope])).Where(m => m.Passes(filter))];
    }

    /// <summary>Everyone below the manager in the scope who passes the filter, a page at a time by user id, for a download:
    /// never more than a page of people held at once.</summary>
    public async IAsyncEnumerable<IReadOnlyList<TeamMember>> PagesAsync(
        string managerId, TeamScope scope, TeamFilter? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await PageAsync(managerId, scope, filter, cursor, MaxPage);
            if (page.People.Count > 0)
            {
                yield return page.People;
            }

            cursor = page.Next;
        }
        while (cursor is not null);
    }

    private async Task<IReadOnlyList<TeamMember>> MembersAsync(ImmutableArray<ReportingLine> lines)
    {
        var now = clock.GetUtcNow();
        var ids = lines.Select(l => l.UserId).ToImmutableArray();
        var enrollments = (await grains.Reference<IAuditGrain>(GrainKeys.Audit).GetLearnerEnrollmentsAsync(ids, now))
            .GroupBy(e => e.Standing.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<LearnerEnrollment>)[.. g], StringComparer.Ordinal);
        var profiles = await users.DirectoryProfilesAsync(ids);
        return [.. lines.Select(l => new TeamMember(l, profiles.GetValueOrDefault(l.UserId), enrollments.GetValueOrDefault(l.UserId) ?? [], now))];
    }

    private async Task ExistingManagerAsync(string managerId)
    {
        try
        {
            await users.ProfileAsync(managerId);
        }
        catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
        {
            throw new DomainException(DomainErrorKind.NotFound, ErrorCodes.NotFound, $"No user has the id '{managerId}' to be the manager.", "managerId");
        }
    }

    private void Forget(params string?[] managers)
    {
        foreach (var manager in managers.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            cache.Remove(HasReportsKey(manager));
        }
    }

    private static string HasReportsKey(string userId) => $"team:has-reports:{userId}";

    private IOrgChartGrain Chart => grains.Reference<IOrgChartGrain>(GrainKeys.OrgChart);
}
