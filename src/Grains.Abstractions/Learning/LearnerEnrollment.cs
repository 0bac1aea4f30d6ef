namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>Where one learner stood in one package at a moment: a row of a team's view, which reads a page of people's
/// enrollments in every package at once.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.learner-enrollment")]
public sealed record LearnerEnrollment(
    [property: Id(0)] string PackageId,
    [property: Id(1)] PackageLearner Standing);
