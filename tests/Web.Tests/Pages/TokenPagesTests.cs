using System.Net;
using System.Net.Http.Headers;
using CoursePortal.Web.Tests.Integrity;

namespace CoursePortal.Web.Tests.Pages;

/// <summary>/Admin/Tokens: an admin creates a token and sees it once, finds it in the list without its secret, and revokes
/// it; a form with bad input creates nothing and says why.</summary>
[Collection(LocalModeCollection.Name)]
public sealed class TokenPagesTests(LocalModeFactory factory)
{
    [Fact]
    public async Task AnAdminCreatesATokenSeesItOnceAndRevokesIt()
    {
        var admin = await Learners.AdminAsync(factory);
        var name = $"Payroll {Guid.NewGuid():N}"[..20];
        var page = await admin.GetDocumentAsync("/Admin/Tokens");

        var created = await admin.PostFormAsync(page, "form#new-token", new() { ["Input.Name"] = name, ["Input.Role"] = "Contributor", ["Input.ExpiresOn"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        var secret = created.QuerySelector("#created #secret")!.GetAttribute("value")!;
        var row = created.QuerySelectorAll("#tokens tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        var integration = factory.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var used = await integration.GetAsync(new Uri("/v1/courses", UriKind.Relative));
        var reloaded = await admin.GetDocumentAsync("/Admin/Tokens");

        Assert.StartsWith("cpt_", secret, StringComparison.Ordinal);
        Assert.Contains("Contributor", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("active", row.QuerySelector(".token-status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Null(reloaded.QuerySelector("#created"));
        Assert.DoesNotContain(secret[4..], reloaded.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var usedRow = reloaded.QuerySelectorAll("#tokens tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain("never", usedRow.QuerySelector(".token-last-used")!.TextContent, StringComparison.Ordinal);

        var tokenId = usedRow.GetAttribute("data-token-id");
        var revoked = await admin.PostFormAsync(reloaded, $"#tokens tr[data-token-id='{tokenId}'] form");
        using var refused = await integration.GetAsync(new Uri("/v1/courses", UriKind.Relative));

        Assert.Contains("revoked", revoked.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("revoked", revoked.QuerySelector($"#tokens tr[data-token-id='{tokenId}'] .token-status")!.TextContent, StringComparison.Ordinal);
        Assert.Null(revoked.QuerySelector($"#tokens tr[data-token-id='{tokenId}'] form"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task AFormWithoutANameOrWithAPastExpiryCreatesNothing()
    {
        var admin = await Learners.AdminAsync(factory);
        var page = await admin.GetDocumentAsync("/Admin/Tokens");
        var before = page.QuerySelectorAll("#tokens tbody tr").Length;

        var unnamed = await admin.PostFormAsync(page, "form#new-token", new() { ["Input.Name"] = "", ["Input.Role"] = "Admin" });
        var past = await admin.PostFormAsync(page, "form#new-token", new() { ["Input.Name"] = "Yesterday's", ["Input.Role"] = "Admin", ["Input.ExpiresOn"] = "2020-01-01" });

        Assert.Null(unnamed.QuerySelector("#created"));
        Assert.Null(past.QuerySelector("#created"));
        Assert.Contains("Integration", HtmlDocuments.Problems(unnamed), StringComparison.Ordinal);
        Assert.Contains("expiry has passed", HtmlDocuments.Problems(past), StringComparison.Ordinal);
        var after = await admin.GetDocumentAsync("/Admin/Tokens");
        Assert.Equal(before, after.QuerySelectorAll("#tokens tbody tr").Length);
        Assert.DoesNotContain("Yesterday's", after.QuerySelector("#tokens")!.TextContent, StringComparison.Ordinal);
    }
}
