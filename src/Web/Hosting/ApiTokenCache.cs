using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.Extensions.Caching.Memory;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// What this web process found for a token (by the hash of its secret) and client address, kept for
/// <see cref="Freshness"/>, so a busy integration costs the token registry one call every few seconds, not one per
/// request. A revoke made through this process (<see cref="ApiTokenService.RevokeAsync"/>) calls <see cref="Forget"/>:
/// it moves the cache to a new generation, and an entry of an older one is never answered again, so the token is
/// refused from the very next request on. Entries are stamped with the generation read before their lookup began, so a
/// lookup that raced the revoke cannot store a stale answer under the new generation. Every other web process is told of
/// the revoke by the registry (<see cref="ApiTokenRevocationListener"/>) and forgets the same way; should that message be
/// lost (the registry moved between silos, a network fault), its entry still ages out within <see cref="Freshness"/>.
/// Expiry needs no lookup: it is checked on every request against the entry's expiry.
/// A revoked token is final, and an unknown hash stays unknown (a new token's secret is random), so both are kept too.
/// </summary>
public sealed class ApiTokenCache(IGrainFactory grains, SecuritySettings settings) : IDisposable
{
    /// <summary>How long this process trusts what it found (<c>Security:TokenCacheSeconds</c>, 5 by default): the bound on
    /// seeing a revoke made elsewhere when the registry's message about it is lost.</summary>
    public TimeSpan Freshness => settings.TokenCacheFreshness;

    // Small entries (a token's listing or nothing); a flood of made-up tokens past this is looked up, not kept.
    private const int Entries = 10_000;

    private readonly MemoryCache _found = new(new MemoryCacheOptions { SizeLimit = Entries });
    private readonly TaskCompletionSource _firstLookup = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _generation;

    /// <summary>Completes when this web first looks a token up: from then on it keeps what it found, and so needs to hear
    /// of revokes (<see cref="ApiTokenRevocationListener"/>).</summary>
    public Task FirstLookup => _firstLookup.Task;

    /// <summary>The token whose secret hashes to <paramref name="hash"/>, as the registry knows it (revoked and expired
    /// ones included); null when there is none. Used from <paramref name="address"/>, which the registry records.</summary>
    public async Task<ApiTokenInfo?> FindAsync(string hash, string address)
    {
        var key = (hash, address);
        var generation = Interlocked.Read(ref _generation);
        if (_found.TryGetValue(key, out Found? found) && found is not null && found.Generation == generation)
        {
            return found.Token;
        }

        _firstLookup.TrySetResult();
        var token = await grains.Reference<IApiTokenRegistryGrain>(GrainKeys.ApiTokens).UseAsync(hash, address);
        _found.Set(key, new Found(token, generation), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Freshness });
        return token;
    }

    /// <summary>Forgets everything found so far (a token was revoked through this process).</summary>
    public void Forget() => Interlocked.Increment(ref _generation);

    public void Dispose() => _found.Dispose();

    private sealed record Found(ApiTokenInfo? Token, long Generation);
}
