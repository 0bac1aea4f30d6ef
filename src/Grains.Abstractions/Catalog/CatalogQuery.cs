using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Versioning;

namespace CoursePortal.Grains.Abstractions.Catalog;

/// <summary>Catalog search: free text over title, description and tags, plus exact filters. Learners see
/// published courses only; authors ask for <see cref="IncludeUnpublished"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.catalog-query")]
public sealed record CatalogQuery(
    [property: Id(0)] string? Text = null,
    [property: Id(1)] string? Tag = null,
    [property: Id(2)] string? ProductSuite = null,
    [property: Id(3)] string? ProductConcept = null,
    [property: Id(4)] bool IncludeUnpublished = false)
{
    public static CatalogQuery All { get; } = new();

    /// <summary>A learner's search as typed into the catalog's form or query string: blank fields filter nothing.</summary>
    public static CatalogQuery Typed(string? text, string? tag, string? productSuite, string? productConcept) =>
        new(OptionalText.TrimmedOrNull(text), OptionalText.TrimmedOrNull(tag), OptionalText.TrimmedOrNull(productSuite), OptionalText.TrimmedOrNull(productConcept));

    /// <summary>True when <paramref name="course"/> answers this query.</summary>
    public bool Matches(CourseSummary course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return (IncludeUnpublished || course.Status == VersionStatus.Published)
            && MatchesText(course)
            && (Tag is null || course.Tags.Contains(Tag, StringComparer.OrdinalIgnoreCase))
            && (ProductSuite is null || string.Equals(course.ProductSuite, ProductSuite, StringComparison.OrdinalIgnoreCase))
            && (ProductConcept is null || string.Equals(course.ProductConcept, ProductConcept, StringComparison.OrdinalIgnoreCase));
    }

    private bool MatchesText(CourseSummary course)
    {
        if (string.IsNullOrWhiteSpace(Text))
        {
            return true;
        }

        var text = Text.Trim();
        return course.Title.Contains(text, StringComparison.OrdinalIgnoreCase)
            || course.Description.Contains(text, StringComparison.OrdinalIgnoreCase)
            || course.Tags.Any(t => t.Contains(text, StringComparison.OrdinalIgnoreCase));
    }
}
