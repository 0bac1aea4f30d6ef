namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.owner-claim-state")]
public sealed class OwnerClaimState
{
    [Id(0)]
    public string? UserId { get; set; }
}

/// <summary>Something that belongs to one user, the first to claim it: one grain each, so two claims racing for it are
/// serialized here and exactly one wins.</summary>
public abstract class OwnerClaimGrain(IPersistentState<OwnerClaimState> state) : Grain
{
    public async Task<string> ClaimAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (state.State.UserId is null)
        {
            state.State.UserId = userId;
            await state.WriteOrResetAsync(this);
        }

        return state.State.UserId;
    }

    public Task<string?> GetOwnerAsync() => Task.FromResult(state.State.UserId);
}
