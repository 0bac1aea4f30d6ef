namespace CoursePortal.Grains;

/// <summary>Names of the storage providers and grain states; each grain class has its own state name
/// because the ADO.NET provider identifies a row by (service, state name, key) only.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider every grain uses (PostgreSQL, or memory in local mode).</summary>
    public const string Grains = "courseportal";

    public const string CatalogState = "catalog";
    public const string CourseState = "course";
    public const string CourseExportState = "course-export";
    public const string PackageState = "package";
    public const string GroupLibraryState = "group-library";
    public const string PackageVersionStatsState = "package-version-stats";
    public const string CourseEnrollmentState = "course-enrollment";
    public const string PackageEnrollmentState = "package-enrollment";
    public const string UserState = "user";
    public const string UserCredentialsState = "user-credentials";
    public const string EmailIndexState = "email-index";
    public const string ExternalLoginState = "external-login";
    public const string MigrationState = "version-migration";
    public const string AdminRegistryState = "admin-registry";
    public const string OrgChartState = "org-chart";
    public const string NotificationInboxState = "notification-inbox";
    public const string NoticeMailState = "notice-mail";
    public const string FailedMailRegistryState = "failed-mail-registry";
    public const string UserDirectoryState = "user-directory";
    public const string ApiTokenRegistryState = "api-token-registry";
    public const string IdempotencyKeyState = "idempotency-key";
}
