using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Learning;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Grains.Users;

/// <summary>
/// One user. Calls go one way only: course enrollments report completions here, and this grain calls its
/// package enrollments (enrolling, passing completions on) — never the reverse, so no two grains can wait
/// on each other.
/// </summary>
public sealed class UserGrain(
    [PersistentState(StorageNames.UserState, StorageNames.Grains)] IPersistentState<UserState> state,
    ILearningEventSink sink,
    TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private OutboxState<UserState>? _writes;

    private string UserId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.UserPrefix);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writes = OutboxState.Start(this, state, s => s.Outbox, sink, logger);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<UserProfile> CreateAsync(NewUser user, string actor)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (state.State.Profile is { } existing)
        {
            throw DomainException.Conflict(ErrorCodes.UserExists, $"User '{existing.UserId}' already exists.");
        }

        UserValidation.ThrowIfInvalid(user);
        var email = EmailAddress.Normalize(user.Email);
        var owner = await GrainFactory.GetGrain<IEmailIndexGrain>(GrainKeys.Email(email)).ClaimAsync(UserId);
        if (owner != UserId)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.EmailTaken, $"Another account already uses {email}.", "email");
        }

        state.State.Profile = UserProfiles.New(UserId, user, email, clock.GetUtcNow());
        state.State.PasswordHash = user.PasswordHash;
        await WriteAsync();
        await RegisterAsync();
        return state.State.Profile;
    }

    public Task<UserProfile> GetProfileAsync() => Task.FromResult(Profile());

    public async Task<UserProfile> UpdateProfileAsync(ProfileUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var profile = Profile();
        UserValidation.ThrowIfInvalid(update);
        state.State.Profile = UserProfiles.Updated(profile, update);
        await WriteAsync();
        await RegisterAsync();
        return state.State.Profile;
    }

    public async Task<UserProfile> SetRolesAsync(ImmutableArray<Role> roles, string actor)
    {
        var profile = Profile();
        var next = UserProfiles.Roles(roles);
        if (next.SequenceEqual(profile.Roles))
        {
            await RegisterAsync();
            return profile;
        }

        state.State.Profile = profile with { Roles = next };
        // The roles travel in the sign-in cookie: cookies issued with the old ones stop counting.
        state.State.SessionGeneration++;
        state.State.Outbox.Add(new LearningEvent(Guid.NewGuid(), clock.GetUtcNow(), LearningEventKinds.RoleChanged, actor, UserId,
            Details: Outbox.Details(new { from = profile.Roles.Select(r => r.ToString()), to = next.Select(r => r.ToString()) })));
        await WriteAsync();
        await RegisterAsync();
        return state.State.Profile;
    }

    public async Task RecordCourseStartAsync(string courseId)
    {
        if (!state.State.StartedCourses.Contains(courseId))
        {
            state.State.StartedCourses.Add(courseId);
            await WriteAsync();
        }
    }

    public Task<ImmutableArray<string>> GetStartedCoursesAsync() => Task.FromResult<ImmutableArray<string>>([.. state.State.StartedCourses]);

    public Task<string?> GetPasswordHashAsync() => Task.FromResult(state.State.PasswordHash);

    public Task<SessionRules> GetSessionRulesAsync() => Task.FromResult(new SessionRules(
        state.State.SessionGeneration, state.State.EndedSessions is { } ended ? [.. ended.Keys] : []));

    public async Task EndSessionAsync(string sessionId, DateTimeOffset expiresAt)
    {
        Profile();
        var now = clock.GetUtcNow();
        var ended = state.State.EndedSessions ??= new(StringComparer.Ordinal);
        // Sessions past their expiry need no record: their cookies are refused anyway.
        foreach (var expired in ended.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            ended.Remove(expired);
        }

        ended[sessionId] = expiresAt;
        await WriteAsync();
    }

    public async Task EndAllSessionsAsync()
    {
        Profile();
        state.State.SessionGeneration++;
        state.State.EndedSessions = null;
        await WriteAsync();
    }

    public async Task<UserProfile> LinkExternalLoginAsync(string issuer, string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var profile = Profile();
        if (state.State.PasswordHash is not null)
        {
            throw DomainException.Conflict(ErrorCodes.ExternalLinkRefused, "This account signs in with its own password; a company account cannot take it over.");
        }

        // Linked before issuers were recorded: the same subject of the (then only) provider may add its issuer.
        var sameLogin = profile.ExternalSubject == subject && (profile.ExternalIssuer is null || profile.ExternalIssuer == issuer);
        if (profile.ExternalSubject is not null && !sameLogin)
        {
            throw DomainException.Conflict(ErrorCodes.ExternalLinkRefused, "This account already belongs to another company account.");
        }

        if (profile.ExternalSubject != subject || profile.ExternalIssuer != issuer)
        {
            state.State.Profile = profile with { ExternalSubject = subject, ExternalIssuer = issuer };
            await WriteAsync();
            await RegisterAsync();
        }

        return state.State.Profile!;
    }

    public async Task SetPasswordHashAsync(string passwordHash)
    {
        Profile();
        state.State.PasswordHash = passwordHash;
        await WriteAsync();
    }

    public async Task RecordCourseCompletionAsync(CourseCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (!state.State.Completions.TryGetValue(completion.CourseId, out var known) || known.CompletedAt < completion.CompletedAt)
        {
            state.State.Completions[completion.CourseId] = completion;
            await WriteAsync();
        }

        // Passed on every time: a retry after a failed hand-over reaches the enrollments that missed it,
        // and the ones that already have it ignore it.
        foreach (var packageId in state.State.PackageEnrollments)
        {
            await GrainFactory.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(UserId, packageId)).OnCourseCompletedAsync(completion);
        }
    }

    public async Task GrantCreditAsync(string courseId, string reason, string actor)
    {
        Profile();
        UserValidation.ThrowIfInvalidCredit(courseId, reason);
        var now = clock.GetUtcNow();
        await CreditAsync(new CourseCompletion(courseId, null, now, CompletionSource.ManualCredit, actor, reason.Trim()), "manual");
    }

    public async Task<bool> ImportCreditAsync(string courseId, DateTimeOffset completedAt, string? note, string actor)
    {
        Profile();
        if (state.State.Completions.TryGetValue(courseId, out var known) && known.CompletedAt >= completedAt)
        {
            return false;
        }

        await CreditAsync(new CourseCompletion(courseId, null, completedAt, CompletionSource.Imported, actor, note), "imported");
        return true;
    }

    // Credit is audited as credit_granted with its source, then counts like any completion.
    private async Task CreditAsync(CourseCompletion credit, string source)
    {
        state.State.Outbox.Add(new LearningEvent(Guid.NewGuid(), clock.GetUtcNow(), LearningEventKinds.CreditGranted, credit.GrantedBy, UserId,
            CourseId: credit.CourseId, Details: Outbox.Details(new { reason = credit.Reason, source, completedAt = credit.CompletedAt })));
        await RecordCourseCompletionAsync(credit);
    }

    public Task<ImmutableDictionary<string, CourseCompletion>> GetCompletionsAsync() =>
        Task.FromResult(state.State.Completions.ToImmutableDictionary(StringComparer.Ordinal));

    public async Task<PackageEnrollmentView> EnrollInPackageAsync(string packageId, string actor, DateTimeOffset? dueAt)
    {
        Profile();
        var enrollment = GrainFactory.GetGrain<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(UserId, packageId));
        var completions = state.State.Completions.ToImmutableDictionary(StringComparer.Ordinal);
        if (state.State.PackageEnrollments.Contains(packageId))
        {
            return await enrollment.EnrollAsync(actor, dueAt, completions);
        }

        // The package and its window say yes before anything is stored here: a refused enrollment leaves the user's
        // record as it was. The index is written before the enrollment, so completions always find an enrollment
        // that exists; one refused in between (the package archived a moment ago) is taken out again.
        await enrollment.EnsureCanEnrollAsync(dueAt);
        state.State.PackageEnrollments.Add(packageId);
        await WriteAsync();
        try
        {
            return await enrollment.EnrollAsync(actor, dueAt, completions);
        }
        catch (DomainException)
        {
            state.State.PackageEnrollments.Remove(packageId);
            await WriteAsync();
            throw;
        }
    }

    public Task<ImmutableArray<string>> GetPackageEnrollmentsAsync() => Task.FromResult<ImmutableArray<string>>([.. state.State.PackageEnrollments]);

    // The admin registry and the directory follow every profile change; a failed call surfaces to the caller, and
    // repeating the change (same roles or profile) registers again.
    private async Task RegisterAsync()
    {
        await GrainFactory.GetGrain<IAdminRegistryGrain>(GrainKeys.AdminRegistry).SetAsync(UserId, Profile().Has(Role.Admin));
        await GrainFactory.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory(GrainKeys.UserDirectoryShard(UserId))).UpsertAsync(Profile());
    }

    private UserProfile Profile() => state.State.Profile ?? throw DomainException.NotFound("User", UserId);

    private Task WriteAsync() => _writes!.WriteAsync();
}
