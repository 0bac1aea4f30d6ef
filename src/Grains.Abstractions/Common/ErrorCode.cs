namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>One row of the /v1 error-code catalog: the <c>code</c> of a problem-details answer, the HTTP status it
/// comes with and what it means (<see cref="ErrorCodes.All"/>).</summary>
public sealed record ErrorCode(string Code, int Status, string Meaning);
