using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace CoursePortal.Web.Services;

/// <summary>What the password hasher hashes for; the hash does not depend on it.</summary>
public sealed class LocalAccount;

/// <summary>Local accounts: passwords hashed with ASP.NET Core Identity's PasswordHasher before they reach a grain.</summary>
public sealed class AccountService(IGrainFactory grains, IPasswordHasher<LocalAccount> hasher, SecuritySettings security)
{
    private static readonly LocalAccount Account = new();

    // What a password is checked against when there is no hash to check it against: a hash made the way new ones are,
    // so that checking costs the same.
    private readonly Lazy<string> _unknownAccountHash = new(() => hasher.HashPassword(Account, Guid.NewGuid().ToString("N")));

    /// <summary>Creates an account; without a password it can only sign in through the company's identity provider.</summary>
    public async Task<UserProfile> CreateAsync(
        string email, string firstName, string lastName, string? password, ImmutableArray<Role> roles, string actor, string? displayName = null)
    {
        if (password is not null)
        {
            PasswordRules.ThrowIfWeak(password, email);
        }

        var userId = Guid.NewGuid().ToString("N");
        return await grains.Reference<IUserGrain>(GrainKeys.User(userId)).CreateAsync(
            new NewUser(email, firstName, lastName, roles, password is null ? null : hasher.HashPassword(Account, password), displayName), actor);
    }

    public const int MinPasswordLength = PasswordRules.MinLength;

    /// <summary>
    /// The account of a user the identity provider signed in, found by the provider's issuer and subject, never by
    /// e-mail alone. At their first sign-in they get a new account without a password, unless their e-mail address
    /// already has an account: that one is theirs only if it was made for company sign-in (no password of its own, no
    /// other provider user; an admin creates such accounts) and the provider says it verified the address
    /// (<c>email_verified</c>). Anything else is refused (409 <see cref="ErrorCodes.ExternalLinkRefused"/>) and changes nothing: a
    /// provider account that merely carries an admin's address gets nothing of the admin's. When the provider sends role
    /// claims they are authoritative: the account's roles follow them at every sign-in. A provider that sends none leaves
    /// the roles to the portal's admins.
    /// </summary>
    public async Task<UserProfile> ProvisionExternalAsync(ExternalIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var login = grains.Reference<IExternalLoginGrain>(GrainKeys.ExternalLogin(identity.Issuer, identity.Subject));
        var userId = await login.GetOwnerAsync() ?? await FirstSignInAsync(identity, login);
        var user = grains.Reference<IUserGrain>(GrainKeys.User(userId));
        var profile = await user.GetProfileAsync();
        // A deactivated account's roles are not the provider's to change: the sign-in is refused as it stands.
        if (!identity.RolesSent || profile.Deactivated)
        {
            return profile;
        }

        try
        {
            return await user.SetRolesAsync(identity.Roles, "identity-provider");
        }
        catch (DomainException refused) when (refused.Code == ErrorCodes.LastAdmin)
        {
            // The provider demotes the portal's last active admin: they keep the role, so someone can still administer the
            // portal, and sign in with it; the provider's roles apply once another admin exists.
            return profile;
        }
    }

    private async Task<string> FirstSignInAsync(ExternalIdentity identity, IExternalLoginGrain login)
    {
        var userId = await FindUserIdAsync(identity.Email);
        if (userId is null)
        {
            userId = Guid.NewGuid().ToString("N");
            try
            {
                await grains.Reference<IUserGrain>(GrainKeys.User(userId)).CreateAsync(
                    new NewUser(identity.Email, identity.FirstName, identity.LastName, identity.Roles, null, identity.DisplayName, identity.Subject, identity.Issuer),
                    "identity-provider");
            }
            catch (DomainException taken) when (taken.Code == ErrorCodes.EmailTaken)
            {
                // Two first sign-ins at once (the other made the account, and it is this provider user's), or an account
                // made in the meantime, which has to pass the same test as any other.
                userId = await FindUserIdAsync(identity.Email) ?? throw new InvalidOperationException($"{identity.Email} is claimed but has no account.", taken);
                await LinkAsync(identity, userId);
            }
        }
        else
        {
            await LinkAsync(identity, userId);
        }

        // The first claim wins: should two first sign-ins of one provider user have made two accounts, both use the first.
        return await login.ClaimAsync(userId);
    }

    private async Task LinkAsync(ExternalIdentity identity, string userId)
    {
        var user = grains.Reference<IUserGrain>(GrainKeys.User(userId));
        var profile = await user.GetProfileAsync();
        // The same provider user needs no one's word: the racing first sign-in above, or an account linked by e-mail before
        // issuers were recorded, which kept the subject.
        var sameUser = profile.ExternalSubject == identity.Subject && (profile.ExternalIssuer ?? identity.Issuer) == identity.Issuer;
        if (!sameUser && !identity.EmailVerified)
        {
            throw DomainException.Conflict(ErrorCodes.ExternalLinkRefused,
                $"An account with {profile.Email} exists, and the identity provider did not say it verified that address.");
        }

        // The user grain refuses an account with a password of its own, or one that belongs to another provider user.
        await user.LinkExternalLoginAsync(identity.Issuer, identity.Subject);
    }

    /// <summary>Replaces the password after checking the current one, and ends every session of the user (the caller
    /// signs the current one in again); false when the current one is wrong. A weak new one is refused.</summary>
    public async Task<bool> ChangePasswordAsync(string userId, string currentPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(newPassword);
        var credentials = grains.Reference<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));
        if (await credentials.GetPasswordHashAsync() is not { } hash || hasher.VerifyHashedPassword(Account, hash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return false;
        }

        PasswordRules.ThrowIfWeak(newPassword, (await grains.Reference<IUserGrain>(GrainKeys.User(userId)).GetProfileAsync()).Email);
        await credentials.SetPasswordHashAsync(hasher.HashPassword(Account, newPassword));
        await credentials.EndAllSessionsAsync();
        return true;
    }

    public Task<UserProfile> ProfileAsync(string userId) => grains.Reference<IUserGrain>(GrainKeys.User(userId)).GetProfileAsync();

    /// <summary>The user who owns <paramref name="email"/>, or null.</summary>
    public Task<string?> FindUserIdAsync(string email) =>
        EmailAddress.IsValid(email)
            ? grains.Reference<IEmailIndexGrain>(GrainKeys.Email(EmailAddress.Normalize(email))).GetOwnerAsync()
            : Task.FromResult<string?>(null);

    /// <summary>The profile of the account with this e-mail and password; null when either is wrong; a refusal with
    /// code <c>locked_out</c> while too many failures in a row from <paramref name="clientAddress"/> lock this e-mail
    /// address there (the password is not even checked). An unknown address, or an account without a password, costs
    /// the same hash and gets the same answers, lock included, so nothing tells whether an account exists; and the lock
    /// holds only for the client address that earned it, so guessing cannot lock the owner (an admin) out elsewhere.</summary>
    public async Task<UserProfile?> VerifyAsync(string email, string password, string clientAddress)
    {
        ArgumentNullException.ThrowIfNull(password);
        // A malformed address has no account and nothing to lock; it still pays for a hash below.
        var guard = EmailAddress.IsValid(email)
            ? grains.Reference<ISignInGuardGrain>(GrainKeys.SignInGuard(EmailAddress.Normalize(email), clientAddress))
            : null;
        if (guard is not null)
        {
            ThrowIfLocked(await guard.GetLockAsync());
        }

        var userId = await FindUserIdAsync(email);
        var credentials = userId is null ? null : grains.Reference<IUserCredentialsGrain>(GrainKeys.UserCredentials(userId));
        var hash = credentials is null ? null : await credentials.GetPasswordHashAsync();
        var result = hasher.VerifyHashedPassword(Account, hash ?? _unknownAccountHash.Value, password);
        var succeeded = hash is not null && result != PasswordVerificationResult.Failed;
        if (guard is not null)
        {
            ThrowIfLocked(await guard.RecordAttemptAsync(succeeded, security.LockoutAfterFailures, security.Lockout));
        }

        if (!succeeded)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await credentials!.SetPasswordHashAsync(hasher.HashPassword(Account, password));
        }

        return await grains.Reference<IUserGrain>(GrainKeys.User(userId!)).GetProfileAsync();
    }

    /// <summary>The client address a sign-in attempt counts against (IPv4 clients as IPv4 even on a dual-stack socket).</summary>
    public static string ClientAddress(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";
    }

    private static void ThrowIfLocked(SignInLock signInLock)
    {
        if (signInLock.LockedUntil is { } until)
        {
            throw new DomainException(DomainErrorKind.Invalid, ErrorCodes.LockedOut,
                $"Too many wrong passwords: sign-in to this account from your address is locked until {until.UtcDateTime:HH:mm} UTC.");
        }
    }
}
