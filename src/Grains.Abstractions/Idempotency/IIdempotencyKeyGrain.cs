namespace CoursePortal.Grains.Abstractions.Idempotency;

/// <summary>One idempotency key of one caller: whether a request with it runs, is replayed or is refused, and the answer
/// of the request that ran. Persistent, so an answer recorded before a restart is replayed after it. Non-reentrant, so of
/// two concurrent twins exactly one runs. Key: <c>GrainKeys.IdempotencyKey(hash of caller and key)</c>.</summary>
[Alias("courseportal.idempotency-key")]
public interface IIdempotencyKeyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for a request with this fingerprint (a hash of method, path and body), recording it as in
    /// progress when it may run.</summary>
    [Alias("begin")]
    Task<IdempotencyClaim> BeginAsync(string fingerprint);

    /// <summary>Records the answer of the run that claimed the key; replays of the same request answer it from now on.</summary>
    [Alias("complete")]
    Task CompleteAsync(string fingerprint, IdempotentAnswer answer);

    /// <summary>Gives the key up after a run that may not have finished (the cluster did not answer), so a repeat runs again.</summary>
    [Alias("release")]
    Task ReleaseAsync(string fingerprint);
}
