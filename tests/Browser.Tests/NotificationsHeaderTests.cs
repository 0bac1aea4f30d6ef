using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>The header's notifications in a real browser: a new learner assigned two packages with due dates gets the two
/// assignment notices their enrollments send; the unread count, the list opening under its button without JavaScript's
/// help, a notice opened (it leads to its package and counts as read), then all marked read. The page with the list open
/// passes the axe scan and fits a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class NotificationsHeaderTests(BrowserFixture fixture)
{
    [Fact]
    public Task AnAssignedLearnerOpensANoticeFromTheHeaderAndMarksTheRestRead() => Journeys.RunAsync(nameof(AnAssignedLearnerOpensANoticeFromTheHeaderAndMarksTheRestRead), async pages =>
    {
        var admin = await Journeys.SignedInAsync(fixture, "admin@demo.local");
        pages.Add(admin);
        var email = $"notice-{Guid.NewGuid():N}"[..15] + "@example.com";
        var userId = (await Journeys.ApiAsync(admin, "POST", "/v1/users", new { email, firstName = "Nora", lastName = "Notice", password = Journeys.Password, roles = new[] { "learner" } }))
            .GetProperty("userId").GetString()!;
        var due = DateTimeOffset.UtcNow.AddDays(30).ToString("O", CultureInfo.InvariantCulture);
        // The development package first, so the newest notice, at the top of the list, is Security Basics'.
        foreach (var package in new[] { "professional-development", "security-basics" })
        {
            await Journeys.ApiAsync(admin, "POST", $"/v1/packages/{package}/assignments", new { userIds = new[] { userId }, dueDate = due });
        }

        var learner = await Journeys.SignedInAsync(fixture, email);
        pages.Add(learner);
        var found = new List<string>();
        var badge = learner.Locator("#notifications #unread-count");
        // The enrollments hand their notices to the inbox just after their writes.
        for (var tries = 0; tries < 20 && !(await badge.CountAsync() == 1 && await badge.InnerTextAsync() == "2"); tries++)
        {
            await Task.Delay(250);
            await learner.ReloadAsync();
        }

        await Assertions.Expect(badge).ToHaveTextAsync(Digits());
        var unread = int.Parse(await badge.InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.Equal(2, unread);

        await Assertions.Expect(learner.Locator("#notifications-list")).Not.ToBeVisibleAsync();
        await learner.Locator("#notifications > summary").ClickAsync();
        var list = learner.Locator("#notifications-list");
        await Assertions.Expect(list).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator(".notice-unread").First).ToContainTextAsync("Security Basics");
        await Journeys.CheckPageAsync(learner, "notifications-header-open", found);

        await list.Locator(".notice-unread .notice-open").First.ClickAsync();
        await Assertions.Expect(learner).ToHaveURLAsync(new Regex("/Learn/Package/security-basics$"));
        await Assertions.Expect(learner.Locator("main h1")).ToHaveTextAsync("Security Basics");
        if (unread > 1)
        {
            await Assertions.Expect(badge).ToHaveTextAsync((unread - 1).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            await Assertions.Expect(badge).ToHaveCountAsync(0);
        }

        await learner.Locator("#notifications > summary").ClickAsync();
        if (unread > 1)
        {
            await learner.Locator("#mark-all-read").ClickAsync();
            await Assertions.Expect(learner.Locator("#status")).ToContainTextAsync("marked read");
        }

        await Assertions.Expect(badge).ToHaveCountAsync(0);
        await learner.GotoAsync("/Account/Notifications");
        await Assertions.Expect(learner.Locator("#notices .notice-unread")).ToHaveCountAsync(0);
        await Assertions.Expect(learner.Locator("#notices .notice-read").First).ToBeVisibleAsync();
        await Journeys.CheckPageAsync(learner, "notifications-page", found);
        Assert.Empty(found);
    });

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Digits();
}
