using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

/// <summary>Failed password sign-ins for one (e-mail address, client address). Nothing is stored: the counts live as long
/// as the activation, which a lock keeps alive until it ends. A restart forgets them, which costs an attacker nothing
/// they could not get from another address anyway, and keeps guessed addresses out of the database.</summary>
public sealed class SignInGuardGrain(TimeProvider clock) : Grain, ISignInGuardGrain
{
    private int _failures;
    private DateTimeOffset? _lockedUntil;

    public Task<SignInLock> GetLockAsync() => Task.FromResult(Lock());

    public Task<SignInLock> RecordAttemptAsync(bool succeeded, int maxFailures, TimeSpan lockout)
    {
        if (succeeded)
        {
            (_failures, _lockedUntil) = (0, null);
        }
        else if (++_failures >= Math.Max(1, maxFailures))
        {
            // A new round of attempts starts when the lock ends.
            (_failures, _lockedUntil) = (0, clock.GetUtcNow() + lockout);
            DelayDeactivation(lockout);
        }

        return Task.FromResult(Lock());
    }

    private SignInLock Lock() => new(_lockedUntil is { } until && until > clock.GetUtcNow() ? until : null);
}
