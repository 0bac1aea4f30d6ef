using Orleans.Concurrency;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>One normalized e-mail address and the user who owns it: what keeps addresses unique.
/// Key: <c>GrainKeys.Email(Normalize(email))</c>.</summary>
[Alias("courseportal.email-index")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Claims the address for <paramref name="userId"/>; returns the owner, which is someone else when it was taken.</summary>
    [Alias("claim")]
    Task<string> ClaimAsync(string userId);

    /// <summary>The owner, or null.</summary>
    [Alias("get-owner")]
    [ReadOnly]
    Task<string?> GetOwnerAsync();
}
