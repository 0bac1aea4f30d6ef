using CoursePortal.Grains.Abstractions.Idempotency;

namespace CoursePortal.Grains.Idempotency;

/// <summary>The request that claimed a key (its fingerprint), when it did, and its answer once recorded: a fingerprint
/// without an answer is a run in progress, or one whose process died before it recorded its answer.</summary>
[GenerateSerializer]
[Alias("courseportal.idempotency-key-state")]
public sealed class IdempotencyKeyState
{
    [Id(0)]
    public string? Fingerprint { get; set; }

    [Id(1)]
    public DateTimeOffset ClaimedAt { get; set; }

    [Id(2)]
    public IdempotentAnswer? Answer { get; set; }

    [Id(3)]
    public DateTimeOffset? AnsweredAt { get; set; }
}
