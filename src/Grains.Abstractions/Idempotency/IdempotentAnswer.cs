namespace CoursePortal.Grains.Abstractions.Idempotency;

/// <summary>The answer an operation gave to the first request with an idempotency key, as it is replayed: the status,
/// the body's media type and text, and the Location header of a created or accepted resource.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.idempotent-answer")]
public sealed record IdempotentAnswer(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string Body,
    [property: Id(3)] string? Location = null);
