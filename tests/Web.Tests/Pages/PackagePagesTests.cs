using AngleSharp.Html.Dom;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Pages;

[Collection(LocalModeCollection.Name)]
public sealed class PackagePagesTests(LocalModeFactory factory)
{
    [Fact]
    public async Task ALearnerReadsTheRulesInWordsEnrollsAndSeesEachRequirementsState()
    {
        _ = factory.Server;
        var email = $"pages-{Guid.NewGuid():N}@example.com";
        await factory.Services.GetRequiredService<AccountService>().CreateAsync(email, "Page", "Learner", "Pages-password-1", [Role.Learner], "test");
        var client = factory.CreateClient();
        await client.SignInAsync(email, "Pages-password-1");

        var before = await client.GetDocumentAsync("/Learn/MyLearning");
        var packages = await client.GetDocumentAsync("/Learn/Packages");
        var card = packages.QuerySelector($"[data-package-id={DemoData.PackageId}]")!;
        using var enrolled = await client.SubmitAsync((IHtmlFormElement)card.QuerySelector("form")!, new Dictionary<string, string>());
        var mine = await HtmlDocuments.ParseAsync(client, enrolled);

        Assert.NotNull(before.QuerySelector("#no-enrollments"));
        Assert.Equal("Complete the 2 required of these 3.", card.QuerySelector(".rule")!.TextContent.Trim());
        Assert.Contains("enrolled in version 1", mine.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        var enrollment = mine.QuerySelector($".enrollment[data-package-id={DemoData.PackageId}]")!;
        Assert.Equal(["available", "available", "available"], enrollment.QuerySelectorAll("li[data-state]").Select(li => li.GetAttribute("data-state")));
        Assert.Contains("0 %", enrollment.QuerySelector(".progress")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Security Basics", enrollment.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Password Security", "Phishing Awareness", "GDPR Overview"], enrollment.QuerySelectorAll("li[data-state] a").Select(a => a.TextContent));
        Assert.Contains("optional", enrollment.QuerySelector("li[data-course-id=gdpr-overview]")!.TextContent, StringComparison.Ordinal);

        var userId = (await factory.Services.GetRequiredService<AccountService>().FindUserIdAsync(email))!;
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(Grains.Abstractions.Common.GrainKeys.User(userId))
            .GrantCreditAsync("gdpr-overview", "Completed the vendor's privacy course", "admin");
        var credited = (await client.GetDocumentAsync("/Learn/MyLearning")).QuerySelector($".enrollment[data-package-id={DemoData.PackageId}] li[data-course-id=gdpr-overview]")!;

        Assert.Equal("completed", credited.GetAttribute("data-state"));
        Assert.Contains("credit: recognised prior learning", credited.QuerySelector(".credit")!.TextContent, StringComparison.Ordinal);

        // The transcript comes from the audit trail, which trails the grains by about a second.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        AngleSharp.Dom.IDocument transcript;
        while ((transcript = await client.GetDocumentAsync("/Learn/Transcript")).QuerySelector("#courses tr[data-course-id=gdpr-overview]") is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the credit did not reach the transcript");
            await Task.Delay(100);
        }

        Assert.NotNull(transcript.QuerySelector($"#packages tr[data-package-id={DemoData.PackageId}]"));
        Assert.Contains("manual", transcript.QuerySelector("#courses tr[data-course-id=gdpr-overview]")!.TextContent, StringComparison.Ordinal);
        var lastYear = await client.GetDocumentAsync($"/Learn/Transcript?AsOf={DateTime.UtcNow.AddYears(-1):yyyy-MM-dd}");
        Assert.NotNull(lastYear.QuerySelector("#no-packages"));
    }
}
