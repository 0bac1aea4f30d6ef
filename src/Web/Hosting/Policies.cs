using System.Security.Claims;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Web.Hosting;

/// <summary>One authorization policy per role. A user's cookie carries every role up to their highest
/// (an Admin is also an Approver, Contributor and Learner), so each policy is a plain role check.</summary>
public static class Policies
{
    public const string Learner = nameof(Role.Learner);
    public const string Contributor = nameof(Role.Contributor);
    public const string Approver = nameof(Role.Approver);
    public const string Admin = nameof(Role.Admin);

    /// <summary>Anyone but an API token: what acts on one's own profile, progress, enrollments or team needs a person.</summary>
    public const string Person = "Person";

    public const string UserIdClaim = "courseportal:user_id";

    /// <summary>The id of the API token a request was authenticated by; only token principals have it.</summary>
    public const string TokenIdClaim = "courseportal:token_id";

    /// <summary>The claims of a signed-in user: id, e-mail, name, and every role their highest role includes.</summary>
    public static ClaimsPrincipal Principal(UserProfile profile, string authenticationType, int sessionGeneration)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var claims = new List<Claim>
        {
            new(UserIdClaim, profile.UserId),
            new(ClaimTypes.NameIdentifier, profile.UserId),
            new(ClaimTypes.Email, profile.Email),
            new(ClaimTypes.Name, profile.DisplayName),
            // One id per sign-in, so that signing out ends this session and no other (see SignInSessions).
            new(SignInSessions.SessionClaim, Guid.NewGuid().ToString("N")),
            new(SignInSessions.GenerationClaim, sessionGeneration.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(Enum.GetValues<Role>().Where(r => r <= profile.HighestRole).Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The claims of a request authenticated by an API token: every role its role includes, and as the user id
    /// the token's actor (<c>token:{id}</c>, never a user's id), so what it changes is recorded as done by the token.</summary>
    public static ClaimsPrincipal TokenPrincipal(ApiTokenInfo token, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(token);
        var actor = ApiTokenRules.ActorOf(token.Id);
        var claims = new List<Claim>
        {
            new(UserIdClaim, actor),
            new(ClaimTypes.NameIdentifier, actor),
            new(ClaimTypes.Name, token.Name),
            new(TokenIdClaim, token.Id),
        };
        claims.AddRange(Enum.GetValues<Role>().Where(r => r <= token.Role).Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The API token the request was authenticated by; null for a person (or nobody).</summary>
    public static string? ApiTokenId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(TokenIdClaim);
    }

    public static string? UserId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(UserIdClaim);
    }
}
