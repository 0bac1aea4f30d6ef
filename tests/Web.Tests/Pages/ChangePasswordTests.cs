using AngleSharp.Html.Dom;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Pages;

[Collection(LocalModeCollection.Name)]
public sealed class ChangePasswordTests(LocalModeFactory factory)
{
    [Fact]
    public async Task APasswordChangesOnlyWithTheCurrentOneAndAStrongNewOne()
    {
        _ = factory.Server;
        var email = $"pw-{Guid.NewGuid():N}@example.com";
        var accounts = factory.Services.GetRequiredService<AccountService>();
        await accounts.CreateAsync(email, "Pass", "Word", "Original-password-1", [Role.Learner], "test");
        var client = factory.CreateClient();
        await client.SignInAsync(email, "Original-password-1");

        var wrongCurrent = await SubmitAsync(client, "nope", "Brand-new-password-2", "Brand-new-password-2");
        var tooShort = await SubmitAsync(client, "Original-password-1", "short", "short");
        var changed = await SubmitAsync(client, "Original-password-1", "Brand-new-password-2", "Brand-new-password-2");

        Assert.Contains("current password is wrong", wrongCurrent.QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("at least 12", tooShort.QuerySelectorAll(".field-error").Select(e => e.TextContent).Aggregate(string.Concat), StringComparison.Ordinal);
        Assert.Contains("has been changed", changed.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await accounts.VerifyAsync(email, "Original-password-1", "192.0.2.1"));
        Assert.NotNull(await accounts.VerifyAsync(email, "Brand-new-password-2", "192.0.2.1"));
    }

    private static async Task<AngleSharp.Dom.IDocument> SubmitAsync(HttpClient client, string current, string next, string again)
    {
        var page = await client.GetDocumentAsync("/Account/ChangePassword");
        using var response = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#change-password")!, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = again,
        });
        return await HtmlDocuments.ParseAsync(client, response);
    }
}
