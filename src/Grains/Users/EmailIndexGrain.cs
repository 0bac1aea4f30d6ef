using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Users;

/// <summary>One e-mail address and its owner: two sign-ups racing for the same address, exactly one wins.</summary>
public sealed class EmailIndexGrain(
    [PersistentState(StorageNames.EmailIndexState, StorageNames.Grains)] IPersistentState<OwnerClaimState> state) : OwnerClaimGrain(state), IEmailIndexGrain;
