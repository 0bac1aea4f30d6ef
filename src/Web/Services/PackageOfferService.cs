using CoursePortal.Grains.Abstractions.Catalog;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Web.Services;

/// <summary>A package as one learner sees it before (or after) enrolling: the active version, the learner's enrollment
/// if they have one, the tree shown (their pinned one once enrolled, else the active one) evaluated against their
/// completions, how many of its courses they already have credit for, and each course's catalog facts.</summary>
public sealed record PackageOffer(
    ContentVersion<PackageContent> Active,
    PackageEnrollmentView? Enrollment,
    RequirementNode Requirement,
    Evaluation Evaluation,
    IReadOnlyDictionary<string, CourseCompletion> Completions,
    IReadOnlyDictionary<string, CourseSummary> Courses)
{
    /// <summary>The distinct courses of the tree shown.</summary>
    public IReadOnlyList<string> CourseIds { get; } = [.. Requirement.CourseIds().Distinct(StringComparer.Ordinal)];

    /// <summary>Courses of the tree whose completion counts for it already (for an enrollment not yet made: as if it were
    /// made now, so a retraining package counts none).</summary>
    public int Credited => Requirement.PreOrder().Zip(Evaluation.Nodes)
        .Where(p => p.First.CourseId is not null && p.Second.State == NodeState.Completed).Select(p => p.First.CourseId).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The course's duration in minutes, as the catalog lists it; null for a course it does not know.</summary>
    public int? Minutes(string courseId) => Courses.TryGetValue(courseId, out var c) ? c.EstimatedDurationMinutes : null;

    /// <summary>The sum of every course's duration.</summary>
    public int TotalMinutes => CourseIds.Sum(id => Minutes(id) ?? 0);

    public string Title(string id) => Courses.TryGetValue(id, out var c) ? c.Title : id;
}

/// <summary>The package page's read: one package for one learner.</summary>
public sealed class PackageOfferService(IGrainFactory grains, CatalogService catalog, TimeProvider clock)
{
    /// <summary>The package offered to the learner; 404 when it has no active version (or does not exist).</summary>
    public async Task<PackageOffer> GetAsync(string userId, string packageId)
    {
        var package = grains.Reference<IPackageGrain>(GrainKeys.Package(Ids.Existing("Package", packageId)));
        var active = await package.GetActiveAsync() ?? throw DomainException.NotFound("Package", packageId);
        var user = grains.Reference<IUserGrain>(GrainKeys.User(userId));
        var completions = await user.GetCompletionsAsync();
        var enrollment = (await user.GetPackageEnrollmentsAsync()).Contains(packageId) ? await FindEnrollmentAsync(userId, packageId) : null;
        var courses = (await catalog.ListCoursesAsync(new CatalogQuery(IncludeUnpublished: true)))
            .GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (enrollment is not null)
        {
            return new PackageOffer(active, enrollment, enrollment.Requirement, enrollment.Evaluation, completions, courses);
        }

        // Evaluated as if the learner enrolled now: what would count for them, and in what order they could start.
        var content = active.Content;
        var evaluation = RequirementEvaluator.Evaluate(content.Requirement, new LearnerRecord(
            completions.ToDictionary(c => c.Key, c => c.Value.CompletedAt, StringComparer.Ordinal), clock.GetUtcNow(), content.CompletionsMustFollowEnrollment));
        return new PackageOffer(active, null, content.Requirement, evaluation, completions, courses);
    }

    private async Task<PackageEnrollmentView?> FindEnrollmentAsync(string userId, string packageId)
    {
        try
        {
            return await grains.Reference<IPackageEnrollmentGrain>(GrainKeys.PackageEnrollment(userId, packageId)).GetAsync();
        }
        catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
        {
            return null;
        }
    }
}
