using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Every learner enrolled in a package (one version or all) as they stand now: status, progress, due date,
/// overdue, certification expiry; filtered by version and status, searched by name or e-mail, a page at a time, and the
/// whole filtered list as a CSV download.</summary>
public sealed class EnrollmentsModel(ReportService reports, UserService users) : PageModel
{
    public const int PageSize = 25;

    public IReadOnlyList<PackageSummary> Packages { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? PackageId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Version { get; set; }

    [BindProperty(SupportsGet = true)]
    public EnrollmentStatus? Status { get; set; }

    /// <summary>Part of a learner's e-mail address or name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The last user id of the previous page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>The versions the package has, to filter by.</summary>
    public IReadOnlyList<int> Versions { get; private set; } = [];

    public IReadOnlyList<PackageLearner> Learners { get; private set; } = [];

    public IReadOnlyDictionary<string, UserProfile> Profiles { get; private set; } = new Dictionary<string, UserProfile>();

    public IReadOnlyDictionary<string, int> Progress { get; private set; } = new Dictionary<string, int>();

    /// <summary>The cursor of the next page, when there may be one.</summary>
    public string? Next { get; private set; }

    public bool Searching => !string.IsNullOrWhiteSpace(Q);

    public async Task OnGetAsync()
    {
        Packages = await reports.ListPackagesAsync();
        PackageId = Packages.Any(p => p.Id == PackageId) ? PackageId : Packages.Count > 0 ? Packages[0].Id : null;
        if (PackageId is null)
        {
            return;
        }

        Versions = [.. Enumerable.Range(1, Math.Max(1, Packages.First(p => p.Id == PackageId).ActiveVersion))];
        if (Searching)
        {
            Learners = await reports.SearchPackageEnrollmentsAsync(PackageId, Q!.Trim(), Version, Status);
        }
        else
        {
            Learners = await reports.PackageEnrollmentsAsync(PackageId, Version, Status is { } status ? EnrollmentStatusWords.Token(status) : null, After, PageSize);
            Next = Learners.Count == PageSize ? Learners[^1].UserId : null;
        }

        Profiles = (await users.FindProfilesAsync(Learners.Select(l => l.UserId))).ToDictionary(p => p.UserId, StringComparer.Ordinal);
        Progress = await reports.ProgressAsync(PackageId, Learners.Select(l => l.UserId));
    }

    /// <summary>The CSV download of every enrollment passing the filters (a search is a page's view, not the export's).</summary>
    public string CsvUrl
    {
        get
        {
            var query = QueryString.Create(new Dictionary<string, string?>
            {
                ["format"] = "csv", ["version"] = Version?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["status"] = Status is { } s ? EnrollmentStatusWords.Token(s) : null,
            }.Where(p => p.Value is not null));
            return $"/v1/packages/{Uri.EscapeDataString(PackageId ?? "")}/enrollments{query}";
        }
    }

    /// <summary>This list with another cursor.</summary>
    public IDictionary<string, string> Route(string? after)
    {
        var route = new Dictionary<string, string>(StringComparer.Ordinal) { ["packageId"] = PackageId ?? "" };
        if (Version is { } v)
        {
            route["version"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (Status is { } s)
        {
            route["status"] = s.ToString();
        }

        if (after is not null)
        {
            route["after"] = after;
        }

        return route;
    }
}
