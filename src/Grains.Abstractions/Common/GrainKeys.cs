namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>
/// Builds the string keys of every grain. Each key starts with a short prefix that is not a hex
/// digit: the ADO.NET storage provider reads keys such as "42" or "add" as hex integers, so "42"
/// and "042" would otherwise share one row. A prefix is part of every stored row's identity: changing one
/// orphans the rows stored under it.
/// </summary>
public static class GrainKeys
{
    /// <summary>The single catalog grain's key.</summary>
    public const string Catalog = "catalog:all";

    public const string CoursePrefix = "course:";
    public const string PackagePrefix = "package:";
    public const string UserPrefix = "user:";
    public const string UserCredentialsPrefix = "credentials:";
    public const string EmailPrefix = "email:";
    public const string ExportPrefix = "export:";
    public const string StatsPrefix = "stats:";

    /// <summary>The key prefix of <c>ICourseEnrollmentGrain</c>, not "course-enrollment:": it names what the grain holds
    /// (one learner's progress through a course) and is in the identity of every stored course enrollment, so it stays.</summary>
    public const string CourseEnrollmentPrefix = "progress:";

    public const string PackageEnrollmentPrefix = "enrollment:";
    public const string MigrationPrefix = "migration:";
    public const string SignInGuardPrefix = "signin:";
    public const string ExternalLoginPrefix = "login:";

    /// <summary>The audit query grain (a stateless worker: the key only names it).</summary>
    public const string Audit = "audit:queries";

    /// <summary>The registry of administrators.</summary>
    public const string AdminRegistry = "admins:all";

    /// <summary>The single org chart (who reports to whom).</summary>
    public const string OrgChart = "org:chart";

    public const string NotificationInboxPrefix = "inbox:";
    public const string IdempotencyKeyPrefix = "idem:";
    public const string NoticeMailPrefix = "mail:";

    /// <summary>The single list of mails that failed past their retry budget.</summary>
    public const string FailedMailRegistry = "mail-failures:all";

    /// <summary>The single registry of API tokens.</summary>
    public const string ApiTokens = "apitokens:all";

    /// <summary>The webhook registry (a stateless worker over PostgreSQL: the key only names it).</summary>
    public const string Webhooks = "webhooks:all";

    /// <summary>The single library of reusable course groups.</summary>
    public const string GroupLibrary = "groups:library";

    /// <summary>How many shards the user directory has: a shard writes its whole state on every change, so shards stay
    /// small (about 400 users each at 100,000 users) and an admin search asks them all at once.</summary>
    public const int UserDirectoryShards = 256;

    public static string UserDirectory(int shard) => $"users:directory:{shard.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The directory shard of a user, stable across processes (string.GetHashCode is not).</summary>
    public static int UserDirectoryShard(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var hash = 2166136261u;
        foreach (var c in userId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % UserDirectoryShards);
    }

    public static string Course(string courseId) => CoursePrefix + RequireId(courseId, nameof(courseId));

    public static string Package(string packageId) => PackagePrefix + RequireId(packageId, nameof(packageId));

    public static string User(string userId) => UserPrefix + RequireId(userId, nameof(userId));

    public static string NotificationInbox(string userId) => NotificationInboxPrefix + RequireId(userId, nameof(userId));

    /// <summary>The mail queue of one recipient.</summary>
    public static string NoticeMail(string userId) => NoticeMailPrefix + RequireId(userId, nameof(userId));

    /// <summary>How one user signs in (password hash, sessions).</summary>
    public static string UserCredentials(string userId) => UserCredentialsPrefix + RequireId(userId, nameof(userId));

    public static string PackageVersionStats(string packageId, int version) =>
        $"{StatsPrefix}{RequireId(packageId, nameof(packageId))}/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>One learner's progress through one course.</summary>
    public static string CourseEnrollment(string userId, string courseId) =>
        $"{CourseEnrollmentPrefix}{RequireId(userId, nameof(userId))}/{RequireId(courseId, nameof(courseId))}";

    /// <summary>One learner's enrollment(s) in one package.</summary>
    public static string PackageEnrollment(string userId, string packageId) =>
        $"{PackageEnrollmentPrefix}{RequireId(userId, nameof(userId))}/{RequireId(packageId, nameof(packageId))}";

    /// <summary>Splits a "{user}/{other}" key (after its prefix) into its two ids.</summary>
    public static (string UserId, string OtherId) SplitPair(string grainKey, string prefix)
    {
        var pair = Strip(grainKey, prefix);
        var slash = pair.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (pair[..slash], pair[(slash + 1)..]) : throw new ArgumentException($"Grain key '{grainKey}' is not a user/id pair.", nameof(grainKey));
    }

    /// <summary>One caller's idempotency key, named by a hash of the caller and the key (the key's text is the client's,
    /// of any printable characters and up to 255 long; the hash makes it a short, safe grain key).</summary>
    public static string IdempotencyKey(string callerAndKeyHash) => IdempotencyKeyPrefix + RequireId(callerAndKeyHash, nameof(callerAndKeyHash));

    public static string Migration(string migrationId) => MigrationPrefix + RequireId(migrationId, nameof(migrationId));

    public static string Export(string exportId) => ExportPrefix + RequireId(exportId, nameof(exportId));

    public static string Email(string normalizedEmail) => EmailPrefix + RequireId(normalizedEmail, nameof(normalizedEmail));

    /// <summary>One user of an identity provider: the issuer's length leads, so no issuer and subject run into another pair.</summary>
    public static string ExternalLogin(string issuer, string subject) =>
        $"{ExternalLoginPrefix}{RequireId(issuer, nameof(issuer)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{issuer}{RequireId(subject, nameof(subject))}";

    /// <summary>Password sign-ins for one normalized e-mail address from one client address.</summary>
    public static string SignInGuard(string normalizedEmail, string clientAddress) =>
        $"{SignInGuardPrefix}{RequireId(normalizedEmail, nameof(normalizedEmail))}|{RequireId(clientAddress, nameof(clientAddress))}";

    /// <summary>Removes <paramref name="prefix"/> from a grain key, failing loudly on a key of another kind.</summary>
    public static string Strip(string grainKey, string prefix)
    {
        if (!grainKey.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Grain key '{grainKey}' does not start with '{prefix}'.", nameof(grainKey));
        }

        return grainKey[prefix.Length..];
    }

    private static string RequireId(string id, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, name);
        return id;
    }
}
