using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Learning;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace CoursePortal.Grains.Users;

/// <summary>
/// The portal's API tokens. One grain: there are tens of tokens, not thousands, and the live-token limit is a rule over
/// all of them. A request's token is found by its hash in an index held in memory (built on activation), so a lookup
/// loads nothing; the web keeps what it found for a few seconds (see the web's ApiTokenAuthentication), so this grain
/// sees one call per token and address every few seconds, not one per request. A use is written at most once a minute
/// per token, and at once from a new address, which is audited. Created, revoked and new-address events travel in the
/// state's outbox like every other audited change.
/// </summary>
public sealed class ApiTokenRegistryGrain(
    [PersistentState(StorageNames.ApiTokenRegistryState, StorageNames.Grains)] IPersistentState<ApiTokenRegistryState> state,
    ILearningEventSink sink,
    TimeProvider clock,
    ILogger<ApiTokenRegistryGrain> logger) : Grain, IApiTokenRegistryGrain
{
    /// <summary>How precisely "last used" is kept: a token in steady use writes once per this.</summary>
    public static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    /// <summary>How long a revoked or expired token stays in the list; the audit trail keeps it for good.</summary>
    public static readonly TimeSpan EndedTokensKept = TimeSpan.FromDays(90);

    // Addresses remembered per token; an integration behind more than this many rotating addresses is audited again.
    private const int AddressesKept = 20;

    /// <summary>How long a web's subscription to revokes lasts unless renewed.</summary>
    public static readonly TimeSpan RevocationSubscription = TimeSpan.FromMinutes(3);

    private readonly Dictionary<string, string> _idsByHash = new(StringComparer.Ordinal);
    private readonly ObserverManager<IApiTokenRevocationObserver> _revocationObservers = new(RevocationSubscription, logger);
    private OutboxState<ApiTokenRegistryState>? _writes;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writes = OutboxState.Start(this, state, s => s.Outbox, sink, logger);
        foreach (var (id, entry) in state.State.Tokens)
        {
            _idsByHash[entry.Hash] = id;
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<ApiTokenInfo> CreateAsync(NewApiToken token, string actor)
    {
        ArgumentNullException.ThrowIfNull(token);
        var now = clock.GetUtcNow();
        if (ApiTokenRules.Errors(token.Name, token.ExpiresAt, now) is { Count: > 0 } errors)
        {
            throw new DomainException(errors);
        }

        if (token.Hash.Length != 64 || _idsByHash.ContainsKey(token.Hash))
        {
            // The web hashes a fresh 256-bit secret; a repeat means a caller reused one, which must never make two tokens.
            throw new DomainException(DomainErrorKind.Invalid, ErrorCodes.Invalid, "The token's secret is not a new one.");
        }

        if (state.State.Tokens.Values.Count(t => Live(t.Info, now)) >= ApiTokenRules.MaxLiveTokens)
        {
            throw new DomainException([new FieldError(ErrorCodes.TooMany, "name",
                $"There are {ApiTokenRules.MaxLiveTokens} live tokens already; revoke one that is no longer used first.")]);
        }

        var id = NewId();
        var info = new ApiTokenInfo(id, token.Name.Trim(), token.Role, token.Prefix, actor, now, token.ExpiresAt);
        Prune(now);
        state.State.Tokens[id] = new ApiTokenEntry { Info = info, Hash = token.Hash };
        _idsByHash[token.Hash] = id;
        Audit(LearningEventKinds.ApiTokenCreated, actor, now, new { tokenId = id, name = info.Name, role = info.Role.ToString(), prefix = info.Prefix, expiresAt = info.ExpiresAt });
        await WriteAsync();
        return info;
    }

    public Task<ImmutableArray<ApiTokenInfo>> ListAsync() =>
        Task.FromResult(state.State.Tokens.Values.Select(t => t.Info).OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToImmutableArray());

    public async Task<ApiTokenInfo> RevokeAsync(string tokenId, string actor)
    {
        if (!state.State.Tokens.TryGetValue(tokenId, out var entry))
        {
            throw DomainException.NotFound("API token", tokenId);
        }

        if (entry.Info.RevokedAt is not null)
        {
            return entry.Info;
        }

        var now = clock.GetUtcNow();
        entry.Info = entry.Info with { RevokedBy = actor, RevokedAt = now };
        Audit(LearningEventKinds.ApiTokenRevoked, actor, now, new { tokenId, name = entry.Info.Name });
        await WriteAsync();
        // After the write: a web told now looks the token up again and finds it revoked.
        await _revocationObservers.Notify(o => o.TokenRevokedAsync());
        return entry.Info;
    }

    public Task SubscribeToRevocationsAsync(IApiTokenRevocationObserver observer)
    {
        _revocationObservers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public async Task<ApiTokenInfo?> UseAsync(string hash, string address)
    {
        if (!_idsByHash.TryGetValue(hash, out var id) || !state.State.Tokens.TryGetValue(id, out var entry))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (!Live(entry.Info, now))
        {
            return entry.Info;
        }

        var newAddress = !entry.Addresses.Contains(address);
        if (newAddress)
        {
            entry.Addresses.Add(address);
            if (entry.Addresses.Count > AddressesKept)
            {
                entry.Addresses.RemoveAt(0);
            }

            Audit(LearningEventKinds.ApiTokenUsedFromNewAddress, ApiTokenRules.ActorOf(id), now, new { tokenId = id, name = entry.Info.Name, address });
        }

        if (newAddress || entry.Info.LastUsedAt is not { } last || now - last >= UseResolution)
        {
            entry.Info = entry.Info with { LastUsedAt = now, LastUsedFrom = address };
            await WriteAsync();
        }

        return entry.Info;
    }

    private static bool Live(ApiTokenInfo token, DateTimeOffset now) => token.RevokedAt is null && !token.IsExpired(now);

    private void Audit(string kind, string actor, DateTimeOffset now, object details) =>
        state.State.Outbox.Add(new LearningEvent(Guid.NewGuid(), now, kind, actor, null, Details: Outbox.Details(details)));

    private string NewId()
    {
        string id;
        do
        {
            id = Guid.NewGuid().ToString("N")[..12];
        }
        while (state.State.Tokens.ContainsKey(id));
        return id;
    }

    // Tokens that ended long ago leave the list (their events stay in the audit trail), so the state stays small.
    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, entry) in state.State.Tokens.Where(t => (t.Value.Info.RevokedAt ?? t.Value.Info.ExpiresAt) is { } ended && now - ended > EndedTokensKept).ToList())
        {
            state.State.Tokens.Remove(id);
            _idsByHash.Remove(entry.Hash);
        }
    }

    private Task WriteAsync() => _writes!.WriteAsync();
}
