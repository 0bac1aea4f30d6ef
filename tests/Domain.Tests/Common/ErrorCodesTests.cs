using System.Reflection;
using System.Text.RegularExpressions;
using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Domain.Tests.Common;

/// <summary>The /v1 error codes are a public contract: the catalog, this test's own copy of it and README's table
/// name the same codes with the same statuses, so adding, removing or re-statusing a code is a visible decision.</summary>
public sealed partial class ErrorCodesTests
{
    /// <summary>Every code with the status the API answers it with, written out by hand (by status, then code).</summary>
    private static readonly (string Code, int Status)[] Expected =
    [
        ("archive_too_large", 400),
        ("body_missing", 400),
        ("course_not_published", 400),
        ("duplicate_course", 400),
        ("duplicate_id", 400),
        ("effective_date_past", 400),
        ("empty_root", 400),
        ("empty_set", 400),
        ("invalid", 400),
        ("invalid_assessment", 400),
        ("invalid_credentials", 400),
        ("invalid_csv", 400),
        ("invalid_completed_at", 400),
        ("invalid_cursor", 400),
        ("invalid_dates", 400),
        ("invalid_due_date", 400),
        ("invalid_email", 400),
        ("invalid_expiry", 400),
        ("invalid_id", 400),
        ("invalid_idempotency_key", 400),
        ("invalid_kind", 400),
        ("invalid_min", 400),
        ("invalid_node", 400),
        ("invalid_points", 400),
        ("invalid_revision", 400),
        ("invalid_role", 400),
        ("invalid_statuses", 400),
        ("invalid_type", 400),
        ("invalid_url", 400),
        ("invalid_users", 400),
        ("invalid_zip", 400),
        ("locked_out", 400),
        ("malformed_request", 400),
        ("manifest_invalid", 400),
        ("manifest_missing", 400),
        ("manifest_version_unsupported", 400),
        ("no_required_lesson", 400),
        ("not_an_assessment", 400),
        ("out_of_range", 400),
        ("payload_mismatch", 400),
        ("prerequisite_cycle", 400),
        ("prerequisite_not_published", 400),
        ("required", 400),
        ("root_not_set", 400),
        ("self_prerequisite", 400),
        ("too_deep", 400),
        ("too_long", 400),
        ("too_many", 400),
        ("too_many_entries", 400),
        ("too_many_nodes", 400),
        ("too_many_required", 400),
        ("unknown_user", 400),
        ("unreachable_points", 400),
        ("unsafe_entry", 400),
        ("weak_password", 400),

        ("invalid_token", 401),
        ("token_expired", 401),
        ("token_revoked", 401),
        ("unauthorized", 401),

        ("account_deactivated", 403),
        ("cross_site_request", 403),
        ("forbidden", 403),
        ("second_person_required", 403),

        ("lesson_not_in_version", 404),
        ("not_found", 404),
        ("not_started", 404),

        ("assessment_needs_attempt", 409),
        ("account_deactivated", 409),
        ("attempt_too_soon", 409),
        ("attempts_exhausted", 409),
        ("course_exists", 409),
        ("course_not_available", 409),
        ("course_in_use", 409),
        ("draft_changed", 409),
        ("draft_exists", 409),
        ("email_taken", 409),
        ("enrollment_closed", 409),
        ("enrollment_completed", 409),
        ("export_not_ready", 409),
        ("idempotency_key_in_use", 409),
        ("idempotency_key_reused", 409),
        ("external_link_refused", 409),
        ("last_admin", 409),
        ("locked_in_series", 409),
        ("manager_cycle", 409),
        ("no_active_version", 409),
        ("no_attempt_limit", 409),
        ("no_draft", 409),
        ("not_an_older_version", 409),
        ("not_started", 409),
        ("nothing_scheduled", 409),
        ("package_exists", 409),
        ("prerequisites_incomplete", 409),
        ("publish_scheduled", 409),
        ("self_deactivation", 409),
        ("user_exists", 409),
        ("version_not_copyable", 409),
        ("webhook_removed", 409),
        ("webhooks_need_database", 409),

        ("export_expired", 410),

        ("too_large", 413),
        ("too_many_rows", 413),

        ("unsupported_media_type", 415),

        ("rate_limited", 429),

        ("overloaded", 503),
        ("unavailable", 503),
    ];

    [Fact]
    public void TheCatalogHoldsExactlyTheCodesAndStatusesOfTheContract()
    {
        var catalog = ErrorCodes.All.Select(e => (e.Code, e.Status)).ToList();

        Assert.Empty(Expected.Except(catalog).Select(e => $"{e.Code} {e.Status}"));
        Assert.Empty(catalog.Except(Expected).Select(e => $"{e.Code} {e.Status}"));
        Assert.Equal(catalog.Count, catalog.Distinct().Count());
    }

    [Fact]
    public void EveryConstantIsACatalogRowAndEveryRowAConstant()
    {
        var constants = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(constants.Count, constants.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(constants.Order(StringComparer.Ordinal), ErrorCodes.All.Select(e => e.Code).Distinct().Order(StringComparer.Ordinal));
        Assert.All(ErrorCodes.All, e => Assert.Matches(SnakeCase(), e.Code));
        Assert.All(ErrorCodes.All, e => Assert.InRange(e.Status, 400, 599));
        Assert.All(ErrorCodes.All, e => Assert.False(string.IsNullOrWhiteSpace(e.Meaning), e.Code));
    }

    [Fact]
    public void TheReadmeTableListsEveryCodeWithItsStatus()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme.SkipWhile(l => l != ReadmeHeading).Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        var documented = section.Select(l => ReadmeRow().Match(l)).Where(m => m.Success)
            .Select(m => (Code: m.Groups["code"].Value, Status: int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var catalog = ErrorCodes.All.Select(e => (e.Code, e.Status)).ToList();

        Assert.NotEmpty(documented);
        Assert.Empty(catalog.Except(documented).Select(e => $"missing from README: {e.Code} {e.Status}"));
        Assert.Empty(documented.Except(catalog).Select(e => $"not in ErrorCodes: {e.Code} {e.Status}"));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    private const string ReadmeHeading = "## Error codes";

    [GeneratedRegex(@"\A[a-z]+(_[a-z]+)*\z")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"^\| `(?<code>[a-z_]+)` \| (?<status>\d{3}) \|")]
    private static partial Regex ReadmeRow();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CoursePortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CoursePortal.sln not found above the test output.");
    }
}
