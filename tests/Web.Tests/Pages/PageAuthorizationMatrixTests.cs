using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>Every Razor page the app maps, for every role: the page renders for the roles that may see it and is
/// refused for the others (sign-in for anonymous visitors, "denied" for signed-in users). Pages are enumerated from the
/// app's own endpoints, so a new page fails here until the table says who may see it.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class PageAuthorizationMatrixTests(LocalModeFactory factory)
{
    private enum Need
    {
        Anyone,
        SignedIn,
        Learner,
        Contributor,
        Approver,
        Admin,
    }

    private static readonly (string Email, Need Level)[] Visitors =
    [
        ("", Need.Anyone),
        ("learner@demo.local", Need.Learner),
        ("author@demo.local", Need.Contributor),
        ("approver@demo.local", Need.Approver),
        ("admin@demo.local", Need.Admin),
    ];

    // The one table of who may see which page; the most specific rule comes first.
    private static Need Required(string page) => page switch
    {
        "/Index" or "/Error" or "/Account/SignIn" or "/Account/Denied" => Need.Anyone,
        // Managers are not a role: anyone signed in has My team, empty while nobody reports to them.
        "/Team" or "/Team/DueDate" => Need.SignedIn,
        _ when page.StartsWith("/Account/", StringComparison.Ordinal) => Need.SignedIn,
        _ when page.StartsWith("/Learn/", StringComparison.Ordinal) => Need.Learner,
        _ when page.StartsWith("/Author/", StringComparison.Ordinal) && (page.EndsWith("/Publish", StringComparison.Ordinal) || page.EndsWith("/Archive", StringComparison.Ordinal)) => Need.Approver,
        _ when page.StartsWith("/Author/", StringComparison.Ordinal) => Need.Contributor,
        _ when page.StartsWith("/Admin/", StringComparison.Ordinal) => Need.Admin,
        _ => throw new InvalidOperationException($"The matrix does not say who may see {page}; add it to the table."),
    };

    // Pages about one thing named in their query: without it they answer 404 to whoever may open them. Who may open one
    // for a given enrollment is the page's own test (TeamPageTests).
    private static readonly HashSet<string> NotFoundWithoutTheirQuery = new(StringComparer.Ordinal) { "/Team/DueDate" };

    private IReadOnlyList<(string Page, string Path)> Pages() =>
        [.. factory.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath, e.RoutePattern.RawText))
            .Where(e => e.Page is not null && !e.RawText!.EndsWith("/Index", StringComparison.Ordinal) && e.Page != "/Account/SignOut")
            .Select(e => (e.Page!, Path(e.Page!, e.RawText!)))
            .DistinctBy(e => e.Item2)];

    // Route values that exist in the demo data: packages for package pages, courses (and a lesson) elsewhere.
    private static string Path(string page, string template)
    {
        var id = page.StartsWith("/Author/Packages/", StringComparison.Ordinal) || page == "/Learn/Package" ? "security-basics" : "phishing-awareness";
        var path = "/" + template.Replace("{id}", id, StringComparison.Ordinal).Replace("{lessonId?}", "", StringComparison.Ordinal).TrimEnd('/');
        return path == "/" ? "/" : path;
    }

    [Fact]
    public async Task EveryPageRendersForTheRolesThatMaySeeItAndIsRefusedToTheOthers()
    {
        var pages = Pages();
        Assert.Contains(pages, p => p.Page == "/Admin/Events");
        Assert.Contains(pages, p => p.Page == "/Author/Packages/Edit");
        var failures = new List<string>();
        foreach (var (email, level) in Visitors)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            if (email.Length > 0)
            {
                await client.SignInThroughApiAsync(email);
            }

            foreach (var (page, path) in pages)
            {
                var need = Required(page);
                var allowed = need == Need.Anyone || (level != Need.Anyone && (need == Need.SignedIn || level >= need));
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                var location = response.Headers.Location?.OriginalString ?? "";
                var refusedTo = location.Contains("/Account/SignIn", StringComparison.Ordinal) ? "sign-in"
                    : location.Contains("/Account/Denied", StringComparison.Ordinal) ? "denied" : null;
                var outcome = (int)response.StatusCode >= 500 ? $"error {(int)response.StatusCode}" : refusedTo ?? "shown";
                var expected = allowed ? "shown" : level == Need.Anyone ? "sign-in" : "denied";
                if (outcome != expected)
                {
                    failures.Add($"{path} ({page}) as {(email.Length == 0 ? "anonymous" : email)}: {outcome}, expected {expected}");
                }
                else if (allowed && response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.Redirect
                    && !(response.StatusCode == HttpStatusCode.NotFound && NotFoundWithoutTheirQuery.Contains(page)))
                {
                    failures.Add($"{path} as {email}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryTokenIsRefusedAndChangesNothing()
    {
        var author = factory.CreateClient();
        await author.SignInAsync("author@demo.local");
        var id = $"af-{Guid.NewGuid():N}"[..12];

        using var response = await author.PostAsync(new Uri("/Author/Courses/New", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Id"] = id, ["Input.Title"] = "Forged" }));
        using var lookup = await author.GetAsync(new Uri($"/v1/courses/{id}/versions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }
}
