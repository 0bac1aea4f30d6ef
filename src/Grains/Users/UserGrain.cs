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
public sealed partial class UserGrain(
    [PersistentState(StorageNames.UserState, StorageNames.Grains)] IPersistentState<UserState> state,
    ILearningEventSink sink,
    TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private OutboxState<UserState>? _writes;
    private UserLearning? _learning;
    private UserAccess? _access;

    private string UserId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.UserPrefix);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writes = OutboxState.Start(this, state, s => s.Outbox, sink, logger);
        _learning = new UserLearning(GrainFactory, UserId, state, WriteAsync, clock);
        _access = new UserAccess(GrainFactory, UserId, state, WriteAsync, RegisterAsync, clock);
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

        // The credentials are stored first: an account whose profile failed to store can be created again, one without
        // its password could not.
        await Credentials.CreateAsync(user.PasswordHash);
        state.State.Profile = UserProfiles.New(UserId, user, email, clock.GetUtcNow());
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

        // Taking the Admin role away is a release like a deactivation: the registry refuses the last active admin's.
        if (profile is { Deactivated: false } && profile.Has(Role.Admin) && !next.Contains(Role.Admin)
            && !await GrainFactory.GetGrain<IAdminRegistryGrain>(GrainKeys.AdminRegistry).TryReleaseAsync(UserId))
        {
            throw DomainException.Conflict(ErrorCodes.LastAdmin, $"{profile.Email} is the last active admin; make someone else an admin first.");
        }

        // The roles travel in the sign-in cookie: cookies issued with the old ones stop counting, before the new ones do.
        await Credentials.EndAllSessionsAsync();
        state.State.Profile = profile with { Roles = next };
        state.State.Outbox.Add(new LearningEvent(Guid.NewGuid(), clock.GetUtcNow(), LearningEventKinds.RoleChanged, actor, UserId,
            Details: Outbox.Details(new { from = profile.Roles.Select(r => r.ToString()), to = next.Select(r => r.ToString()) })));
        await WriteAsync();
        await RegisterAsync();
        return state.State.Profile;
    }

    public Task<UserProfile> DeactivateAsync(string actor) => _access!.DeactivateAsync(actor);

    public Task<UserProfile> ReactivateAsync(string actor) => _access!.ReactivateAsync(actor);

    public Task<UserProfile> LinkExternalLoginAsync(string issuer, string subject) => _access!.LinkExternalLoginAsync(issuer, subject);

    public Task RecordCourseCompletionAsync(CourseCompletion completion) => _learning!.RecordCompletionAsync(completion);

    public Task GrantCreditAsync(string courseId, string reason, string actor) => _learning!.GrantCreditAsync(courseId, reason, actor);

    public Task<bool> ImportCreditAsync(string courseId, DateTimeOffset completedAt, string? note, string actor) =>
        _learning!.ImportCreditAsync(courseId, completedAt, note, actor);

    public Task<ImmutableDictionary<string, CourseCompletion>> GetCompletionsAsync() => Task.FromResult(_learning!.Completions);

    public Task<PackageEnrollmentView> EnrollInPackageAsync(string packageId, string actor, DateTimeOffset? dueAt) =>
        _learning!.EnrollAsync(packageId, actor, dueAt);

    public Task<ImmutableArray<string>> GetPackageEnrollmentsAsync() => Task.FromResult<ImmutableArray<string>>([.. state.State.PackageEnrollments]);

    public Task RecordCourseStartAsync(string courseId) => _learning!.RecordStartAsync(courseId);

    public Task<ImmutableArray<string>> GetStartedCoursesAsync() => Task.FromResult<ImmutableArray<string>>([.. state.State.StartedCourses]);

    public Task<CarriedCredentials?> GetCarriedCredentialsAsync() => Task.FromResult(state.State.CarriedCredentials());

    public Task ForgetCarriedCredentialsAsync() => state.State.ForgetCarriedCredentials() ? WriteAsync() : Task.CompletedTask;

    // The admin registry (active admins only) and the directory follow every profile change; a failed call surfaces to the
    // caller, and repeating the change (same roles or profile) registers again.
    private async Task RegisterAsync()
    {
        await GrainFactory.GetGrain<IAdminRegistryGrain>(GrainKeys.AdminRegistry).SetAsync(UserId, Profile() is { Deactivated: false } p && p.Has(Role.Admin));
        await GrainFactory.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory(GrainKeys.UserDirectoryShard(UserId))).UpsertAsync(Profile());
    }

    private IUserCredentialsGrain Credentials => GrainFactory.GetGrain<IUserCredentialsGrain>(GrainKeys.UserCredentials(UserId));

    private UserProfile Profile() => state.State.Profile ?? throw DomainException.NotFound("User", UserId);

    private Task WriteAsync() => _writes!.WriteAsync();
}
