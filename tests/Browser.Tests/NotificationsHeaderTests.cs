using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CoursePortal.Browser.Tests;

/// <summary>The header's notifications in a real browser: the unread count, the list opening under its button without
/// JavaScript's help, a notice opened (it leads to its package and counts as read), then all marked read. The page with
/// the list open passes the axe scan and fits a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class NotificationsHeaderTests(BrowserFixture fixture)
{
    [Fact]
    public Task TheDemoLearnerOpensANoticeFromTheHeaderAndMarksTheRestRead() => Journeys.RunAsync(nameof(TheDemoLearnerOpensANoticeFromTheHeaderAndMarksTheRestRead), async pages =>
    {
        // Local mode gives the demo learner notices (an assignment and a due-date reminder) when their inbox starts empty.
        var learner = await Journeys.SignedInAsync(fixture, "learner@demo.local");
        pages.Add(learner);
        var found = new List<string>();
        var badge = learner.Locator("#notifications #unread-count");
        await Assertions.Expect(badge).ToHaveTextAsync(Digits());
        var unread = int.Parse(await badge.InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.True(unread >= 1, $"the demo learner has {unread} unread notices");

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
