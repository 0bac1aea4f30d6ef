namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>What sort of refusal a <see cref="DomainException"/> is (400, 404, 409, 403 on the API).</summary>
[GenerateSerializer]
[Alias("courseportal.domain-error-kind")]
public enum DomainErrorKind
{
    Invalid = 0,
    NotFound = 1,
    Conflict = 2,
    Forbidden = 3,
}
