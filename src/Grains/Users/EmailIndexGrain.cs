using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.email-index-state")]
public sealed class EmailIndexState
{
    [Id(0)]
    public string? UserId { get; set; }
}

/// <summary>One e-mail address and its owner. Being a single grain per address, two sign-ups racing for the
/// same address are serialized here and exactly one wins.</summary>
public sealed class EmailIndexGrain(
    [PersistentState(StorageNames.EmailIndexState, StorageNames.Grains)] IPersistentState<EmailIndexState> state) : Grain, IEmailIndexGrain
{
    public async Task<string> ClaimAsync(string userId)
    {
        if (state.State.UserId is null)
        {
            state.State.UserId = userId;
            await state.WriteStateAsync();
        }

        return state.State.UserId;
    }

    public Task<string?> GetOwnerAsync() => Task.FromResult(state.State.UserId);
}
