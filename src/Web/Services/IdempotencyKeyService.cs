using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Idempotency;

namespace CoursePortal.Web.Services;

/// <summary>The <c>Idempotency-Key</c> filter's way to the key grains: a key (hashed with its caller) runs once, and its
/// recorded answer is replayed.</summary>
public sealed class IdempotencyKeyService(IGrainFactory grains)
{
    /// <summary>Claims the key for a request with this fingerprint, or says why not (a replay, in use, reused).</summary>
    public Task<IdempotencyClaim> BeginAsync(string keyHash, string fingerprint) => Key(keyHash).BeginAsync(fingerprint);

    /// <summary>Records the answer of the run that claimed the key.</summary>
    public Task CompleteAsync(string keyHash, string fingerprint, IdempotentAnswer answer) => Key(keyHash).CompleteAsync(fingerprint, answer);

    /// <summary>Gives the key up after a run that had no answer worth replaying.</summary>
    public Task ReleaseAsync(string keyHash, string fingerprint) => Key(keyHash).ReleaseAsync(fingerprint);

    private IIdempotencyKeyGrain Key(string keyHash) => grains.Reference<IIdempotencyKeyGrain>(GrainKeys.IdempotencyKey(keyHash));
}
