using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace CoursePortal.Web.Services;

/// <summary>What the password hasher hashes for; the hash does not depend on it.</summary>
public sealed class LocalAccount;

/// <summary>Local accounts: passwords hashed with ASP.NET Core Identity's PasswordHasher before they reach a grain.</summary>
public sealed class AccountService(IGrainFactory grains, IPasswordHasher<LocalAccount> hasher)
{
    private static readonly LocalAccount Account = new();

    /// <summary>Creates an account; without a password it can only sign in through the company's identity provider.</summary>
    public async Task<UserProfile> CreateAsync(
        string email, string firstName, string lastName, string? password, ImmutableArray<Role> roles, string actor, string? displayName = null)
    {
        var userId = Guid.NewGuid().ToString("N");
        return await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).CreateAsync(
            new NewUser(email, firstName, lastName, roles, password is null ? null : hasher.HashPassword(Account, password), displayName), actor);
    }

    public const int MinPasswordLength = 12;

    /// <summary>The account of a user the identity provider signed in: matched by e-mail, else created without a
    /// password. When the provider sends role claims they are authoritative: the account's roles follow them at every
    /// sign-in. A provider that sends none leaves the roles to the portal's admins.</summary>
    public async Task<UserProfile> ProvisionExternalAsync(ExternalIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var userId = await FindUserIdAsync(identity.Email);
        if (userId is null)
        {
            userId = Guid.NewGuid().ToString("N");
            try
            {
                return await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).CreateAsync(
                    new NewUser(identity.Email, identity.FirstName, identity.LastName, identity.Roles, null, identity.DisplayName, identity.Subject), "identity-provider");
            }
            catch (DomainException taken) when (taken.Code == "email_taken")
            {
                // Two first sign-ins at once: the other one created the account.
                userId = await FindUserIdAsync(identity.Email) ?? throw new InvalidOperationException($"{identity.Email} is claimed but has no account.", taken);
            }
        }

        var user = grains.GetGrain<IUserGrain>(GrainKeys.User(userId));
        return identity.RolesSent ? await user.SetRolesAsync(identity.Roles, "identity-provider") : await user.GetProfileAsync();
    }

    /// <summary>Replaces the password after checking the current one; false when the current one is wrong.</summary>
    public async Task<bool> ChangePasswordAsync(string userId, string currentPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(newPassword);
        var user = grains.GetGrain<IUserGrain>(GrainKeys.User(userId));
        if (await user.GetPasswordHashAsync() is not { } hash || hasher.VerifyHashedPassword(Account, hash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return false;
        }

        await user.SetPasswordHashAsync(hasher.HashPassword(Account, newPassword));
        return true;
    }

    /// <summary>The user who owns <paramref name="email"/>, or null.</summary>
    public Task<string?> FindUserIdAsync(string email) =>
        EmailAddress.IsValid(email)
            ? grains.GetGrain<IEmailIndexGrain>(GrainKeys.Email(EmailAddress.Normalize(email))).GetOwnerAsync()
            : Task.FromResult<string?>(null);

    /// <summary>The profile of the account with this e-mail and password, or null when either is wrong.</summary>
    public async Task<UserProfile?> VerifyAsync(string email, string password)
    {
        if (await FindUserIdAsync(email) is not { } userId)
        {
            return null;
        }

        var user = grains.GetGrain<IUserGrain>(GrainKeys.User(userId));
        var hash = await user.GetPasswordHashAsync();
        if (hash is null)
        {
            return null;
        }

        var result = hasher.VerifyHashedPassword(Account, hash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await user.SetPasswordHashAsync(hasher.HashPassword(Account, password));
        }

        return result == PasswordVerificationResult.Failed ? null : await user.GetProfileAsync();
    }
}
