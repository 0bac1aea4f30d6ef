using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages;

/// <summary>My team: the people who report to the signed-in user, or everyone below them, each with how their packages
/// stand (filters, search, pages, a CSV), and assigning a package with a due date to chosen people below them. Anyone
/// signed in may open it: it is a manager's page because people report to them, not because of a role.</summary>
public sealed class TeamModel(TeamService team, EnrollmentService enrollments, CatalogService catalog) : PageModel
{
    public const int PageSize = 25;

    /// <summary><c>direct</c> (the default) or <c>all</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Scope { get; set; }

    [BindProperty(SupportsGet = true)]
    public TeamFilter? Status { get; set; }

    /// <summary>Part of a person's name or e-mail address.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The last user id of the previous page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public AssignInput Assign { get; set; } = new();

    public bool Everyone => string.Equals(Scope, "all", StringComparison.OrdinalIgnoreCase);

    public bool Searching => !string.IsNullOrWhiteSpace(Q);

    public (int Direct, int Everyone) Size { get; private set; }

    public IReadOnlyList<TeamMember> People { get; private set; } = [];

    public string? Next { get; private set; }

    public IReadOnlyDictionary<string, string> Titles { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<ContentVersion<PackageContent>> Packages { get; private set; } = [];

    /// <summary>After an assignment: each chosen person with what happened.</summary>
    public IReadOnlyList<(string Person, string Outcome, bool Ok)> Results { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = User.UserId()!;
        Size = await team.SizeAsync(me);
        if (Size.Direct == 0)
        {
            return;
        }

        var scope = Everyone ? TeamScope.Everyone : TeamScope.Direct;
        if (Searching)
        {
            People = await team.SearchAsync(me, scope, Status, Q!.Trim());
        }
        else
        {
            var page = await team.PageAsync(me, scope, Status, After, PageSize);
            (People, Next) = (page.People, page.Next);
        }

        Titles = await catalog.TitlesAsync(People.SelectMany(p => p.Enrollments.Select(e => e.PackageId)));
        Packages = await enrollments.ListOfferedPackagesAsync();
    }

    public async Task<IActionResult> OnPostAssignAsync()
    {
        if (string.IsNullOrEmpty(Assign.PackageId))
        {
            ModelState.AddModelError("Assign.PackageId", "Choose a package.");
        }

        if (Assign.UserIds.Count == 0)
        {
            ModelState.AddModelError("Assign.UserIds", "Tick at least one person.");
        }

        if (ModelState.IsValid)
        {
            try
            {
                var due = Assign.DueDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : (DateTimeOffset?)null;
                var results = await enrollments.AssignAsManagerOrAdminAsync(Assign.PackageId!, Assign.UserIds, due, User.UserId()!, User.IsInRole(Policies.Admin));
                Results = [.. results.Select(r => (r.UserId, r.Enrollment is { } e ? $"assigned version {e.Version}" : r.Error ?? "refused", r.Enrollment is not null))];
            }
            catch (DomainException refused)
            {
                ModelState.AddDomainErrors(refused, field => field switch
                {
                    "dueDate" => "Assign.DueDate",
                    "userIds" => "Assign.UserIds",
                    _ => null,
                });
            }
        }

        await OnGetAsync();
        return Page();
    }

    /// <summary>This view (scope, filter, search) with another cursor (null: the first page).</summary>
    public IDictionary<string, string> Route(string? after)
    {
        var route = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Everyone)
        {
            route["scope"] = "all";
        }

        if (Status is { } s)
        {
            route["status"] = s.ToString();
        }

        if (Searching)
        {
            route["q"] = Q!;
        }

        if (after is not null)
        {
            route["after"] = after;
        }

        return route;
    }

    /// <summary>The download of everyone in the scope passing the filter (a search is a page's view, not the file's).</summary>
    public string CsvUrl => "/v1/me/team" + QueryString.Create(new Dictionary<string, string?>
    {
        ["format"] = "csv",
        ["scope"] = Everyone ? "all" : "direct",
        ["status"] = Status is { } s ? TeamFilters.Token(s) : null,
    }.Where(p => p.Value is not null));
}

/// <summary>The team page's assignment: a package, an optional due date (UTC) and the people ticked.</summary>
public sealed class AssignInput
{
    public string? PackageId { get; set; }

    public DateTime? DueDate { get; set; }

    public List<string> UserIds { get; set; } = [];
}
