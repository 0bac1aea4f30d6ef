using CoursePortal.Grains.Abstractions.Catalog;

namespace CoursePortal.Web.Api;

/// <summary>One row of GET /v1/courses.</summary>
public sealed record CourseListItem(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<string> Tags,
    string? ProductSuite,
    string? ProductConcept,
    int EstimatedDurationMinutes,
    int ActiveVersion)
{
    public static CourseListItem From(CourseSummary c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Id, c.Title, c.Description, c.Tags, c.ProductSuite, c.ProductConcept, c.EstimatedDurationMinutes, c.ActiveVersion);
    }
}
