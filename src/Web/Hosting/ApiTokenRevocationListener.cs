using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// Keeps this web subscribed to the token registry's revokes, so a token revoked through another web process is refused
/// here from the next request on rather than when <see cref="ApiTokenCache"/>'s entry ages out. A web subscribes once
/// it has looked a token up (before, it keeps nothing to forget; a revoke between that first lookup and the subscription
/// is caught by the cache's freshness). The subscription is renewed well inside its lifetime, so a registry that moved
/// to another silo (and forgot its subscribers) hears of this web again within <see cref="Renewal"/>; until then the
/// cache's freshness is the bound.
/// </summary>
public sealed partial class ApiTokenRevocationListener(IServiceProvider services, ApiTokenCache cache, ILogger<ApiTokenRevocationListener> logger)
    : BackgroundService, IApiTokenRevocationObserver
{
    /// <summary>How often the subscription is renewed; a third of its lifetime, so two renewals may fail before it lapses.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromMinutes(1);

    // After a failed subscription (a cluster still starting), sooner than a renewal.
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the registry first knows of this web: revokes from then on reach it at once.</summary>
    public Task Subscribed => _subscribed.Task;

    public Task TokenRevokedAsync()
    {
        cache.Forget();
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await cache.FirstLookup.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // Resolved only now: a web that never sees a token never touches the cluster from here.
        var grains = services.GetRequiredService<IGrainFactory>();
        var self = grains.CreateObjectReference<IApiTokenRevocationObserver>(this);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = Renewal;
                try
                {
                    await grains.GetGrain<IApiTokenRegistryGrain>(GrainKeys.ApiTokens).SubscribeToRevocationsAsync(self);
                    _subscribed.TrySetResult();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cluster is starting or unreachable: the cache's freshness holds meanwhile, and the next renewal tries again.
                    LogSubscriptionFailed(logger, e);
                    next = Retry;
                }

                await Task.Delay(next, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            grains.DeleteObjectReference<IApiTokenRevocationObserver>(self);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to API token revokes; revokes made elsewhere reach this web within the token cache's freshness.")]
    private static partial void LogSubscriptionFailed(ILogger logger, Exception exception);
}
