using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>One user: profile, roles, and their course completions (the credit every package containing a course
/// shares). How they sign in is in <see cref="IUserCredentialsGrain"/>. Key: <c>GrainKeys.User(userId)</c>.</summary>
[Alias("courseportal.user")]
public partial interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user, claiming the e-mail address; 409 when the address belongs to someone else.</summary>
    [Alias("create")]
    Task<UserProfile> CreateAsync(NewUser user, string actor);

    /// <summary>The profile; 404 when the user does not exist.</summary>
    [Alias("get-profile")]
    [ReadOnly]
    Task<UserProfile> GetProfileAsync();

    /// <summary>Replaces the profile's names, image and instructor bio (e-mail and roles have their own calls).</summary>
    [Alias("update-profile")]
    Task<UserProfile> UpdateProfileAsync(ProfileUpdate update);

    /// <summary>Replaces the user's roles; the change is audited.</summary>
    [Alias("set-roles")]
    Task<UserProfile> SetRolesAsync(ImmutableArray<Role> roles, string actor);

    /// <summary>Deactivates the account: it can no longer sign in, its sessions end at once, its record stays (audited as
    /// <c>user_deactivated</c>). 409 <c>self_deactivation</c> when <paramref name="actor"/> is the user, 409 <c>last_admin</c>
    /// for the last active admin; an account already deactivated is answered as it is, with no second event.</summary>
    [Alias("deactivate")]
    Task<UserProfile> DeactivateAsync(string actor);

    /// <summary>Lets a deactivated account sign in again (audited as <c>user_reactivated</c>); an active one is answered as it is.</summary>
    [Alias("reactivate")]
    Task<UserProfile> ReactivateAsync(string actor);

    /// <summary>Lets the identity provider's user (<paramref name="issuer"/>, <paramref name="subject"/>) sign in as this
    /// account. 409 <c>external_link_refused</c> when the account has a password of its own (a local account is never
    /// taken over) or already belongs to another provider user; linking the same one again changes nothing.</summary>
    [Alias("link-external-login")]
    Task<UserProfile> LinkExternalLoginAsync(string issuer, string subject);

    /// <summary>Records a completion (the latest per course is kept) and passes it on to every package
    /// enrollment of the user; repeating it changes nothing. Called off the learner's request path.</summary>
    [Alias("record-completion")]
    Task RecordCourseCompletionAsync(CourseCompletion completion);

    /// <summary>Recognition of prior learning: an admin credits a course with a reason; the credit is marked as
    /// such everywhere and counts like a completion.</summary>
    [Alias("grant-credit")]
    Task GrantCreditAsync(string courseId, string reason, string actor);

    /// <summary>A historical record: credit for a course completed before the portal, at <paramref name="completedAt"/>,
    /// marked as imported. Returns false when that completion (or a later one) is already recorded, so
    /// importing the same file again changes nothing.</summary>
    [Alias("import-credit")]
    Task<bool> ImportCreditAsync(string courseId, DateTimeOffset completedAt, string? note, string actor);

    /// <summary>Every course the user has completed, by course id.</summary>
    [Alias("get-completions")]
    [ReadOnly]
    Task<ImmutableDictionary<string, CourseCompletion>> GetCompletionsAsync();

    /// <summary>Enrolls the user in a package (self-enrollment, or an admin's assignment with a due date): the
    /// enrollment pins the active version and starts with the user's completions as credit. Enrollment always
    /// goes through the user, so the user calls its enrollments and never the other way round.</summary>
    [Alias("enroll-in-package")]
    Task<PackageEnrollmentView> EnrollInPackageAsync(string packageId, string actor, DateTimeOffset? dueAt);

    /// <summary>The packages the user is enrolled in.</summary>
    [Alias("get-package-enrollments")]
    [ReadOnly]
    Task<ImmutableArray<string>> GetPackageEnrollmentsAsync();

    /// <summary>Notes that the user started a course (called by the course enrollment; repeating it changes nothing).</summary>
    [Alias("record-course-start")]
    Task RecordCourseStartAsync(string courseId);

    /// <summary>The courses the user has started, in the order they were started.</summary>
    [Alias("get-started-courses")]
    [ReadOnly]
    Task<ImmutableArray<string>> GetStartedCoursesAsync();

    /// <summary>The password hash and sessions this record kept before they had a grain of their own; null when there is
    /// no such user. Asked once, by <see cref="IUserCredentialsGrain"/> as it first activates. It interleaves: the user grain
    /// may itself be waiting on the credentials grain (a change of roles ends the sessions).</summary>
    [Alias("get-carried-credentials")]
    [ReadOnly]
    [AlwaysInterleave]
    Task<CarriedCredentials?> GetCarriedCredentialsAsync();

    /// <summary>Forgets what <see cref="GetCarriedCredentialsAsync"/> returned, once the credentials grain has stored it.
    /// One way, so the credentials grain never waits on a user grain that may be waiting on it.</summary>
    [Alias("forget-carried-credentials")]
    [OneWay]
    Task ForgetCarriedCredentialsAsync();
}
