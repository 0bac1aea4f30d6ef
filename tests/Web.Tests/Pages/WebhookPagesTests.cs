using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Tests.Integrity;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>Local mode keeps no delivery queue (it is PostgreSQL's, db/0018): /Admin/Webhooks says so instead of offering
/// forms, and /v1/webhooks and /v1/xapi-forwarding answer 409 <c>webhooks_need_database</c> to an admin.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class WebhookPagesTests(LocalModeFactory factory)
{
    [Fact]
    public async Task InLocalModeThePageSaysWebhooksNeedPostgreSqlAndOffersNoForm()
    {
        var admin = await Learners.AdminAsync(factory);

        var page = await admin.GetDocumentAsync("/Admin/Webhooks");

        Assert.Contains("PostgreSQL", page.QuerySelector("#unavailable")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form#new-webhook"));
        Assert.Null(page.QuerySelector("form#xapi"));
    }

    [Fact]
    public async Task InLocalModeTheApiRefusesAnAdminWithWebhooksNeedDatabase()
    {
        var admin = factory.CreateClient();
        await admin.SignInThroughApiAsync("admin@demo.local");

        using var created = await admin.PostAsJsonAsync(new Uri("/v1/webhooks", UriKind.Relative), new { url = "https://receiver.example.com/hook" });
        using var listed = await admin.GetAsync(new Uri("/v1/webhooks", UriKind.Relative));
        using var xapi = await admin.PutAsJsonAsync(new Uri("/v1/xapi-forwarding", UriKind.Relative), new { enabled = true, endpoint = "https://lrs.example.com", key = "k", secret = "s" });

        foreach (var response in new[] { created, listed, xapi })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("webhooks_need_database", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }
}
