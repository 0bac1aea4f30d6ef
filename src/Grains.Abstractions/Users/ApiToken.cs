using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>An API token as the portal lists it: never its secret, which is shown once when it is created and kept
/// nowhere, and never its hash. <see cref="Prefix"/> is the token's first characters, enough to tell tokens apart.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.api-token")]
public sealed record ApiTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Role Role,
    [property: Id(3)] string Prefix,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? ExpiresAt,
    [property: Id(7)] string? RevokedBy = null,
    [property: Id(8)] DateTimeOffset? RevokedAt = null,
    [property: Id(9)] DateTimeOffset? LastUsedAt = null,
    [property: Id(10)] string? LastUsedFrom = null)
{
    /// <summary>Whether the token has expired at <paramref name="now"/> (an expiry is the first instant it no longer works).</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && now >= expiry;
}

/// <summary>What the registry stores of a new token: its hash and prefix, never the secret itself.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.new-api-token")]
public sealed record NewApiToken(
    [property: Id(0)] string Name,
    [property: Id(1)] Role Role,
    [property: Id(2)] DateTimeOffset? ExpiresAt,
    [property: Id(3)] string Hash,
    [property: Id(4)] string Prefix);

/// <summary>The rules of a new API token, checked by the registry (and by the web before it makes a secret).</summary>
public static class ApiTokenRules
{
    public const int MaxNameLength = 100;

    /// <summary>The most tokens that may be live (neither revoked nor expired) at once.</summary>
    public const int MaxLiveTokens = 200;

    /// <summary>The actor a token's own doings are recorded under: not an id (it has a colon), so never a user's.</summary>
    public static string ActorOf(string tokenId) => "token:" + tokenId;

    /// <summary>The fields at fault in a new token's name and expiry; empty when it may be created.</summary>
    public static IReadOnlyList<FieldError> Errors(string? name, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new FieldError(ErrorCodes.Required, "name", "Name the integration the token is for."));
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            errors.Add(new FieldError(ErrorCodes.TooLong, "name", $"A token's name is at most {MaxNameLength} characters."));
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            errors.Add(new FieldError(ErrorCodes.InvalidExpiry, "expiresAt", "The expiry has passed; choose a later one, or none."));
        }

        return errors;
    }
}
