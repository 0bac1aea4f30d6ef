using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Web.Pages.Author.Packages;

/// <summary>What the read-only requirement tree partial shows: a set and the titles of the courses in it.</summary>
public sealed record RequirementTreeView(RequirementNode Set, IReadOnlyDictionary<string, string> Titles);
