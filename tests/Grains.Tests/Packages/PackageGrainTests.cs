using System.Collections.Immutable;
using CoursePortal.Domain.Tests.Packages;
using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Versioning;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Packages;

[Collection(ClusterCollection.Name)]
public sealed class PackageGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PublishingNeedsEveryCourseToHaveAnActiveVersion()
    {
        var (_, package) = NewPackage();
        var missing = Unique("missing");
        await package.CreateAsync(PackageSamples.Content(Set(null, SetMode.All, [Course(missing)])), "ada");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => package.PublishAsync(new PublishRequest(null), "ada"));
        await PublishCoursesAsync(missing);
        var published = await package.PublishAsync(new PublishRequest("first"), "ada");

        Assert.Equal(("course_not_published", "requirement"), (refusal.Code, refusal.Field));
        Assert.Equal((1, VersionStatus.Published), (published.Number, published.Status));
    }

    [Fact]
    public async Task OnlyADraftIsEditedAndNewVersionsAreNumberedWithoutReuse()
    {
        var (_, package) = NewPackage();
        var course = await PublishCoursesAsync(Unique("c"));
        var tree = Set(null, SetMode.All, [Course(course[0])]);
        await package.CreateAsync(PackageSamples.Content(tree), "ada");
        await package.PublishAsync(new PublishRequest(null), "ada");

        var noDraft = await Assert.ThrowsAsync<DomainException>(() => package.SaveDraftAsync(PackageSamples.Content(tree, "Changed"), "ada"));
        var v2 = await package.CreateDraftAsync(null, "ada");
        var twice = await Assert.ThrowsAsync<DomainException>(() => package.CreateDraftAsync(1, "ada"));
        await package.DiscardDraftAsync("ada");
        var v3 = await package.CreateDraftAsync(1, "ada");
        await package.SaveDraftAsync(PackageSamples.Content(tree, "Changed"), "bob");

        Assert.Equal((DomainErrorKind.Conflict, "no_draft"), (noDraft.Kind, noDraft.Code));
        Assert.Equal((DomainErrorKind.Conflict, "draft_exists"), (twice.Kind, twice.Code));
        Assert.Equal((2, 3, 1), (v2.Number, v3.Number, v3.CopiedFrom));
        Assert.Equal("Cybersecurity Basics", (await package.GetVersionAsync(1)).Content.Name);
        Assert.Equal(("Changed", "bob"), ((await package.GetDraftAsync())!.Content.Name, (await package.GetDraftAsync())!.UpdatedBy));
    }

    [Fact]
    public async Task PublishingArchivesThePreviousActiveVersionWhichStaysViewableAndClonable()
    {
        var (id, package) = NewPackage();
        var courses = await PublishCoursesAsync(Unique("a"), Unique("b"));
        await package.CreateAsync(PackageSamples.Content(Set(null, SetMode.All, [Course(courses[0])])), "ada");
        await package.PublishAsync(new PublishRequest("v1"), "ada");
        await package.CreateDraftAsync(null, "ada");
        await package.SaveDraftAsync(PackageSamples.Content(Set(null, SetMode.All, [Course(courses[0]), Course(courses[1])])), "ada");

        await package.PublishAsync(new PublishRequest("v2"), "bob");
        var clone = await package.CreateDraftAsync(1, "cy");

        var history = await package.GetHistoryAsync();
        Assert.Equal([(1, VersionStatus.Archived, false), (2, VersionStatus.Published, true), (3, VersionStatus.Draft, false)],
            history.Select(h => (h.Number, h.Status, h.IsActive)));
        Assert.Equal("bob", history[0].ArchivedBy);
        Assert.Single(clone.Content.Requirement.Children);
        Assert.Equal(2, (await package.GetActiveAsync())!.Number);
        var listed = (await Catalog.ListPackagesAsync(includeUnpublished: false)).Single(p => p.Id == id);
        Assert.Equal((2, VersionStatus.Published), (listed.ActiveVersion, listed.Status));
    }

    [Fact]
    public async Task OnlyTheActiveVersionInsideItsWindowTakesEnrollments()
    {
        var (_, package) = NewPackage();
        var course = await PublishCoursesAsync(Unique("w"));
        var now = DateTimeOffset.UtcNow;
        await package.CreateAsync(PackageSamples.Content(Set(null, SetMode.All, [Course(course[0])])) with
        {
            AvailableFrom = now.AddDays(-1),
            AvailableUntil = now.AddDays(10),
        }, "ada");
        var none = await Assert.ThrowsAsync<DomainException>(() => package.GetEnrollableVersionAsync(now));
        await package.PublishAsync(new PublishRequest(null), "ada");

        var open = await package.GetEnrollableVersionAsync(now);
        var closed = await Assert.ThrowsAsync<DomainException>(() => package.GetEnrollableVersionAsync(now.AddDays(11)));

        Assert.Equal("no_active_version", none.Code);
        Assert.Equal(1, open.Number);
        Assert.Equal((DomainErrorKind.Conflict, "enrollment_closed"), (closed.Kind, closed.Code));
    }

    [Fact]
    public async Task AScheduledPackageVersionBecomesActiveAtItsEffectiveDate()
    {
        var (_, package) = NewPackage();
        var course = await PublishCoursesAsync(Unique("s"));
        await package.CreateAsync(PackageSamples.Content(Set(null, SetMode.All, [Course(course[0])])), "ada");
        await package.PublishAsync(new PublishRequest(null), "ada");
        await package.CreateDraftAsync(null, "ada");

        await package.PublishAsync(new PublishRequest("later", DateTimeOffset.UtcNow.AddSeconds(2)), "ada");

        Assert.Equal(1, (await package.GetActiveAsync())!.Number);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await package.GetActiveAsync())!.Number != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "version 2 did not become active within 30 s");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task TheDesignScenariosEvaluateOnThePublishedVersion()
    {
        var scenarios = new (RequirementNode Tree, string[] Done, bool Complete, int Percent)[]
        {
            (PackageSamples.Standalone, ["code-of-conduct"], false, 50),
            (PackageSamples.LanguageFamily, ["german-basics"], true, 100),
            (PackageSamples.EmergencySeries, ["fire-safety"], false, 33),
            (PackageSamples.SixOfTen, ["c1", "c2", "c3", "c4", "c5", "c6"], true, 100),
            (PackageSamples.ThreeOfFiveGroups, ["onboarding", "g1-a", "g1-b", "g2-a", "g2-b", "g3-a"], false, 85),
        };

        foreach (var (tree, done, complete, percent) in scenarios)
        {
            var (_, package) = NewPackage();
            var suffix = Unique("");
            var renamed = Rename(tree, suffix);
            await PublishCoursesAsync([.. renamed.PreOrder().Where(n => n.IsCourse).Select(n => n.CourseId!)]);
            await package.CreateAsync(PackageSamples.Content(renamed), "ada");
            await package.PublishAsync(new PublishRequest(null), "ada");

            var evaluation = await package.PreviewAsync(1, Completions([.. done.Select(c => c + suffix)]));

            Assert.Equal((complete, percent), (evaluation.IsComplete, evaluation.Percent));
        }
    }

    [Fact]
    public async Task TheCybersecurityStoryV1LearnersKeepV1WhileV2AddsPhishingAndRequiresGdpr()
    {
        var (_, package) = NewPackage();
        var suffix = Unique("");
        await PublishCoursesAsync([.. Rename(PackageSamples.CyberV2, suffix).PreOrder().Where(n => n.IsCourse).Select(n => n.CourseId!)]);
        await package.CreateAsync(PackageSamples.Content(Rename(PackageSamples.CyberV1, suffix)), "ada");
        await package.PublishAsync(new PublishRequest("v1"), "ada");
        var pinnedByLearners = await package.GetEnrollableVersionAsync(DateTimeOffset.UtcNow);
        await package.CreateDraftAsync(null, "ada");
        await package.SaveDraftAsync(PackageSamples.Content(Rename(PackageSamples.CyberV2, suffix)), "ada");
        await package.PublishAsync(new PublishRequest("v2: phishing, GDPR required"), "bob");

        var passwordDone = Completions("password-security" + suffix);
        var onV1 = await package.PreviewAsync(pinnedByLearners.Number, passwordDone);
        var onV2 = await package.PreviewAsync(2, passwordDone);
        var diff = await package.DiffAsync(1, 2);

        Assert.Equal(1, pinnedByLearners.Number);
        Assert.Equal(VersionStatus.Archived, (await package.GetVersionAsync(1)).Status);
        Assert.True(onV1.IsComplete);
        Assert.Equal((false, 33), (onV2.IsComplete, onV2.Percent));
        Assert.Equal(["phishing-awareness" + suffix], diff.Added.Select(a => a.Label));
        var change = Assert.Single(diff.Modified);
        Assert.Equal(("gdpr-overview" + suffix, "optional", "required"), (change.Item.Label, change.From, change.To));
        Assert.Empty(diff.Removed);
    }

    [Fact]
    public async Task ADraftPreviewShowsALearnerWithNoCompletionsWhatToTakeFirst()
    {
        var (_, package) = NewPackage();
        await package.CreateAsync(PackageSamples.Content(PackageSamples.EmergencySeries), "ada");

        var preview = await package.PreviewAsync(null, ImmutableDictionary<string, DateTimeOffset>.Empty);

        Assert.Equal((0, false), (preview.Percent, preview.IsComplete));
        Assert.Equal(["fire-safety"], preview.NextCourses.AsEnumerable());
    }

    private ICatalogGrain Catalog => fixture.Client.GetGrain<ICatalogGrain>(GrainKeys.Catalog);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static ImmutableDictionary<string, DateTimeOffset> Completions(params string[] courses) =>
        courses.ToImmutableDictionary(c => c, _ => DateTimeOffset.UtcNow);

    private static RequirementNode Rename(RequirementNode node, string suffix) => node.IsCourse
        ? node with { CourseId = node.CourseId + suffix }
        : node with { Items = [.. node.Children.Select(c => Rename(c, suffix))] };

    private (string Id, IPackageGrain Grain) NewPackage()
    {
        var id = Unique("p");
        return (id, fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(id)));
    }

    private async Task<string[]> PublishCoursesAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            var course = fixture.Client.GetGrain<ICourseGrain>(GrainKeys.Course(id));
            await course.CreateAsync(new CourseContent($"Course {id}", Modules:
                [new Module("m", "Module", null, [new Lesson("l", "Lesson", LessonType.Content, true, 5, Markdown: "Body")])]), "ada");
            await course.PublishAsync(new PublishRequest(null), "ada");
        }

        return ids;
    }
}
