using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.external-login-state")]
public sealed class ExternalLoginState
{
    [Id(0)]
    public string? UserId { get; set; }
}

/// <summary>One identity provider user and their account; the first claim wins, so two first sign-ins at once end up
/// with one account.</summary>
public sealed class ExternalLoginGrain(
    [PersistentState(StorageNames.ExternalLoginState, StorageNames.Grains)] IPersistentState<ExternalLoginState> state) : Grain, IExternalLoginGrain
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
