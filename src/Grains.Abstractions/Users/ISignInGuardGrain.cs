using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>Wrong passwords given for one e-mail address from one client address, and the lock they earn. Keyed by both,
/// so that someone guessing from one place locks only themselves out: the account's owner, signing in from anywhere
/// else, is not locked. It exists whether or not an account has that address, so an unknown address answers exactly as
/// a known one does. Kept in memory only: a throttle, not a record. Key: <c>GrainKeys.SignInGuard(email, address)</c>.</summary>
[Alias("courseportal.sign-in-guard")]
public interface ISignInGuardGrain : IGrainWithStringKey
{
    /// <summary>Whether password sign-in is locked now for this e-mail address from this client address.</summary>
    [Alias("get-lock")]
    [ReadOnly]
    Task<SignInLock> GetLockAsync();

    /// <summary>Counts an attempt: a success clears the failures; the <paramref name="maxFailures"/>th failure in a row
    /// locks for <paramref name="lockout"/>.</summary>
    [Alias("record-attempt")]
    Task<SignInLock> RecordAttemptAsync(bool succeeded, int maxFailures, TimeSpan lockout);
}
