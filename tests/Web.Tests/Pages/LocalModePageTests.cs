using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests.Pages;

[Collection(LocalModeCollection.Name)]
public sealed class LocalModePageTests(LocalModeFactory factory)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Learn/Catalog")]
    [InlineData("/Account/SignIn")]
    public async Task EveryPageSaysThatLocalModeKeepsDataInMemory(string path)
    {
        var client = factory.CreateClient();
        await client.SignInAsync("learner@demo.local");
        var page = await client.GetDocumentAsync(path);

        var banner = page.QuerySelector(".local-mode-banner");
        Assert.NotNull(banner);
        Assert.Contains(PortalMode.LocalModeNotice, banner.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCatalogPageListsTheDemoCoursesByTitle()
    {
        var client = factory.CreateClient();
        await client.SignInAsync("learner@demo.local");
        var page = await client.GetDocumentAsync("/Learn/Catalog");

        var titles = page.QuerySelectorAll(".course-card .card-title").Select(t => t.TextContent.Trim()).ToList();

        // Other tests in this collection publish courses too: the demo ones must be there, and all in title order.
        Assert.Superset(DemoData.Courses.Select(c => c.Content.Title).ToHashSet(), titles.ToHashSet());
        Assert.Equal(titles.Order(StringComparer.OrdinalIgnoreCase), titles);
    }

    [Fact]
    public async Task SearchingTheCatalogNarrowsTheCards()
    {
        var client = factory.CreateClient();
        await client.SignInAsync("learner@demo.local");
        var page = await client.GetDocumentAsync("/Learn/Catalog?Q=gdpr");

        var card = Assert.Single(page.QuerySelectorAll(".course-card"));
        Assert.Equal("gdpr-overview", card.GetAttribute("data-course-id"));
    }

    [Fact]
    public async Task TheFiltersOfferTheCatalogsTagsSuitesAndConceptsAndNarrowTheCards()
    {
        var client = factory.CreateClient();
        await client.SignInAsync("learner@demo.local");

        var all = await client.GetDocumentAsync("/Learn/Catalog");
        var privacy = await client.GetDocumentAsync("/Learn/Catalog?Suite=Privacy");
        var identity = await client.GetDocumentAsync("/Learn/Catalog?Tag=security&Concept=Identity");

        Assert.Contains("Security Essentials", all.QuerySelectorAll("select#Suite option").Select(o => o.TextContent));
        Assert.Contains("compliance", all.QuerySelectorAll("select#Tag option").Select(o => o.TextContent));
        Assert.Equal(["gdpr-overview"], privacy.QuerySelectorAll(".course-card").Select(c => c.GetAttribute("data-course-id")));
        Assert.Equal(["password-security"], identity.QuerySelectorAll(".course-card").Select(c => c.GetAttribute("data-course-id")));
    }

    [Fact]
    public async Task ASearchWithNoMatchSaysSo()
    {
        var client = factory.CreateClient();
        await client.SignInAsync("learner@demo.local");
        var page = await client.GetDocumentAsync("/Learn/Catalog?Q=no-such-course");

        Assert.Empty(page.QuerySelectorAll(".course-card"));
        Assert.Contains("match your search", page.QuerySelector("#empty-catalog")?.TextContent, StringComparison.Ordinal);
    }
}
