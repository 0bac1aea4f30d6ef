using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

/// <summary>One identity provider user and their account; the first claim wins, so two first sign-ins at once end up
/// with one account.</summary>
public sealed class ExternalLoginGrain(
    [PersistentState(StorageNames.ExternalLoginState, StorageNames.Grains)] IPersistentState<OwnerClaimState> state) : OwnerClaimGrain(state), IExternalLoginGrain;
