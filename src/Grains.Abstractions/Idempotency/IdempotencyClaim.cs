namespace CoursePortal.Grains.Abstractions.Idempotency;

/// <summary>What a request with an idempotency key may do.</summary>
[GenerateSerializer]
[Alias("courseportal.idempotency-verdict")]
public enum IdempotencyVerdict
{
    /// <summary>The key is new (or its earlier run was abandoned): the request runs, and its answer is then recorded.</summary>
    Run = 0,

    /// <summary>The same request ran before: its recorded answer is the answer, and nothing runs.</summary>
    Replay = 1,

    /// <summary>The same request is running now: try again later.</summary>
    InUse = 2,

    /// <summary>The key was used for another request.</summary>
    Reused = 3,
}

/// <summary>The verdict on a request with an idempotency key; the recorded answer when it is replayed, and when a request
/// still in progress is given up if it never records one.</summary>
[GenerateSerializer]
[Immutable]
[Alias("courseportal.idempotency-claim")]
public sealed record IdempotencyClaim(
    [property: Id(0)] IdempotencyVerdict Verdict,
    [property: Id(1)] IdempotentAnswer? Answer = null,
    [property: Id(2)] DateTimeOffset? LeaseEndsAt = null);

/// <summary>How long keys are kept and how long a run may hold its key.</summary>
public static class IdempotencyKeys
{
    /// <summary>A key answers with its first answer for this long after the request that used it first.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>How long a run holds its key before a repeat may run again: longer than the largest import takes, so
    /// only a run whose process died (and so never recorded an answer) is given up.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>The longest key a client may send.</summary>
    public const int MaxKeyLength = 255;
}
