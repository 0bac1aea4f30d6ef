using CoursePortal.Grains.Abstractions.Idempotency;

namespace CoursePortal.Grains.Idempotency;

/// <summary>
/// One caller's idempotency key. "In progress" is written before the request runs, so a twin arriving meanwhile (on any
/// web server) is refused rather than run twice, and the answer is written before it is sent, so an acknowledged answer
/// is replayed after any restart. A run whose process died in between leaves the key in progress: repeats are refused
/// until <see cref="IdempotencyKeys.Lease"/> has passed, then the next one runs again. A reminder forgets the key
/// <see cref="IdempotencyKeys.Retention"/> after its first use, so keys do not pile up in storage.
/// </summary>
public sealed class IdempotencyKeyGrain(
    [PersistentState(StorageNames.IdempotencyKeyState, StorageNames.Grains)] IPersistentState<IdempotencyKeyState> state,
    TimeProvider clock) : Grain, IIdempotencyKeyGrain, IRemindable
{
    private const string ForgetReminder = "forget-key";

    public async Task<IdempotencyClaim> BeginAsync(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var now = clock.GetUtcNow();
        var key = state.State;
        if (key.Fingerprint is not null && now - key.ClaimedAt < IdempotencyKeys.Retention)
        {
            if (key.Fingerprint != fingerprint)
            {
                return new IdempotencyClaim(IdempotencyVerdict.Reused);
            }

            if (key.Answer is { } answer)
            {
                return new IdempotencyClaim(IdempotencyVerdict.Replay, answer);
            }

            var leaseEnds = key.ClaimedAt + IdempotencyKeys.Lease;
            if (now < leaseEnds)
            {
                return new IdempotencyClaim(IdempotencyVerdict.InUse, LeaseEndsAt: leaseEnds);
            }
        }

        (key.Fingerprint, key.ClaimedAt, key.Answer, key.AnsweredAt) = (fingerprint, now, null, null);
        await state.WriteOrResetAsync(this);
        await this.RegisterOrUpdateReminder(ForgetReminder, IdempotencyKeys.Retention, IdempotencyKeys.Retention);
        return new IdempotencyClaim(IdempotencyVerdict.Run, LeaseEndsAt: now + IdempotencyKeys.Lease);
    }

    public async Task CompleteAsync(string fingerprint, IdempotentAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (state.State.Fingerprint != fingerprint || state.State.Answer is not null)
        {
            // The run lost its lease to a repeat, or answered already: the first recorded answer stays.
            return;
        }

        (state.State.Answer, state.State.AnsweredAt) = (answer, clock.GetUtcNow());
        await state.WriteOrResetAsync(this);
    }

    public async Task ReleaseAsync(string fingerprint)
    {
        if (state.State.Fingerprint == fingerprint && state.State.Answer is null)
        {
            await ForgetAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Fingerprint is null || clock.GetUtcNow() - state.State.ClaimedAt >= IdempotencyKeys.Retention)
        {
            await ForgetAsync();
        }
    }

    private async Task ForgetAsync()
    {
        await state.ClearStateAsync();
        if (await this.GetReminder(ForgetReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        DeactivateOnIdle();
    }
}
