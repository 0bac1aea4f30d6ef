using System.Net;
using System.Net.Http.Json;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Web.Tests.Pages;

[Collection(LocalModeCollection.Name)]
public sealed class AuthorPagesTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AuthorsSeeEveryVersionWithItsBadgeAndLearnersAreTurnedAway()
    {
        var id = $"badges-{Guid.NewGuid():N}"[..16];
        var author = factory.CreateClient();
        await author.SignInAsync("author@demo.local");
        var approver = factory.CreateClient();
        await approver.SignInThroughApiAsync("approver@demo.local");
        var course = new { id, title = "Badges", modules = new[] { new { id = "m", title = "M", lessons = new[] { new { id = "l", title = "L", type = "content", required = true, markdown = "x" } } } } };
        await approver.PostAsJsonAsync(new Uri("/v1/courses", UriKind.Relative), course);
        await approver.PostAsJsonAsync(new Uri($"/v1/courses/{id}/publish", UriKind.Relative), new { changeNotes = "v1" });
        await approver.PutAsJsonAsync(new Uri($"/v1/courses/{id}", UriKind.Relative), course with { title = "Badges" });
        var learner = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await learner.SignInAsync("learner@demo.local");

        var page = await author.GetDocumentAsync("/Author");
        var refused = await learner.GetAsync(new Uri("/Author", UriKind.Relative));

        var badges = page.QuerySelectorAll($"#courses li[data-id={id}] .version-badge").Select(b => b.TextContent).ToList();
        Assert.Equal(["v2 Draft · edited today", $"v1 Active · published {DateTime.UtcNow:yyyy-MM-dd}"], badges);
        Assert.Contains(page.QuerySelectorAll($"#packages li[data-id={DemoData.PackageId}] .version-badge").Select(b => b.TextContent),
            text => text.StartsWith("v1 Active · ", StringComparison.Ordinal) && text.EndsWith(" enrolled", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
