using CoursePortal.Grains.Abstractions.Catalog;

namespace CoursePortal.Grains.Tests.Catalog;

[Collection(ClusterCollection.Name)]
public sealed class CatalogGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ListsCoursesByTitleWhateverTheOrderTheyArrived()
    {
        var catalog = NewCatalog();
        await catalog.UpsertCourseAsync(Course("c", "charlie"));
        await catalog.UpsertCourseAsync(Course("a", "Alpha"));
        await catalog.UpsertCourseAsync(Course("b", "bravo"));

        var courses = await catalog.ListCoursesAsync(CatalogQuery.All);

        Assert.Equal(["Alpha", "bravo", "charlie"], courses.Select(c => c.Title));
    }

    [Fact]
    public async Task AnUpsertReplacesTheCourseWithTheSameId()
    {
        var catalog = NewCatalog();
        await catalog.UpsertCourseAsync(Course("gdpr", "GDPR Overview", version: 1));
        await catalog.UpsertCourseAsync(Course("gdpr", "GDPR Overview (2026)", version: 2));

        var course = Assert.Single(await catalog.ListCoursesAsync(CatalogQuery.All));

        Assert.Equal(("GDPR Overview (2026)", 2), (course.Title, course.ActiveVersion));
    }

    [Fact]
    public async Task AQueryReturnsOnlyMatchingCourses()
    {
        var catalog = NewCatalog();
        await catalog.UpsertCourseAsync(Course("phishing", "Phishing Awareness", tags: ["security"]));
        await catalog.UpsertCourseAsync(Course("gdpr", "GDPR Overview", tags: ["privacy"]));

        var security = await catalog.ListCoursesAsync(new CatalogQuery(Tag: "security"));
        var text = await catalog.ListCoursesAsync(new CatalogQuery(Text: "gdpr"));

        Assert.Equal("phishing", Assert.Single(security).Id);
        Assert.Equal("gdpr", Assert.Single(text).Id);
    }

    [Fact]
    public async Task RemovingACourseTakesItOffAndRemovingAnUnknownOneChangesNothing()
    {
        var catalog = NewCatalog();
        await catalog.UpsertCourseAsync(Course("keep", "Keep"));
        await catalog.UpsertCourseAsync(Course("drop", "Drop"));

        await catalog.RemoveCourseAsync("drop");
        await catalog.RemoveCourseAsync("never-listed");

        Assert.Equal("keep", Assert.Single(await catalog.ListCoursesAsync(CatalogQuery.All)).Id);
    }

    [Fact]
    public async Task TheCatalogSurvivesDeactivation()
    {
        var catalog = NewCatalog();
        await catalog.UpsertCourseAsync(Course("durable", "Durable", tags: ["ops", "storage"]));

        await fixture.Cluster.DeactivateAsync(catalog);
        var course = Assert.Single(await catalog.ListCoursesAsync(CatalogQuery.All));

        Assert.Equal(("durable", "Durable"), (course.Id, course.Title));
        Assert.Equal(["ops", "storage"], course.Tags.ToArray());
    }

    private ICatalogGrain NewCatalog() => fixture.Client.GetGrain<ICatalogGrain>($"catalog:test-{Guid.NewGuid():N}");

    private static CourseSummary Course(string id, string title, int version = 1, string[]? tags = null) =>
        new(id, title, $"About {title}", [.. tags ?? []], null, null, 10, version);
}
