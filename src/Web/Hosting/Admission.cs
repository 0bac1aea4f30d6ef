using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Api;

namespace CoursePortal.Web.Hosting;

/// <summary>
/// Admission control: the web works on at most <c>Admission:MaxConcurrentRequests</c> requests at once; up to
/// <c>Admission:QueueLimit</c> more wait, oldest first, at most <c>Admission:QueueTimeoutMilliseconds</c> for a place,
/// and anything past that is answered at once with 503 <see cref="ErrorCodes.Overloaded"/> and <c>Retry-After</c>, before
/// the sign-in cookie is checked or a grain is called, so it has changed nothing. Without it a crowd past capacity
/// queued in the web until every request outlived its client's patience (bench/overload.md): each waiting
/// request held memory, each timed-out grain call was sent once more, and the work done was for clients that had gone.
/// Health probes and static files always get through (they are answered before or exempt from it).
/// </summary>
public static class Admission
{
    /// <summary>Reads and checks the Admission settings (a start-up error for a bad value) and registers the gate.</summary>
    public static WebApplicationBuilder AddAdmission(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(AdmissionSettings.From(builder.Configuration));
        builder.Services.AddSingleton<AdmissionGate>();
        return builder;
    }

    /// <summary>Lets an endpoint through whatever the load: the health probes, which must tell an orchestrator the truth
    /// about a busy process rather than make it look dead.</summary>
    public static TBuilder AlwaysAdmitted<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.WithMetadata(AlwaysAdmittedMetadata.Instance);
    }

    /// <summary>The gate, after routing (it reads the endpoint's metadata) and before authentication (whose session check
    /// is a grain call).</summary>
    public static IApplicationBuilder UseAdmission(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.ApplicationServices.GetRequiredService<AdmissionGate>();
        return app.Use(async (context, next) =>
        {
            // An admitted request that fails is shown the error page by running the pipeline again: it already has its place.
            if (context.GetEndpoint()?.Metadata.GetMetadata<AlwaysAdmittedMetadata>() is not null || context.Items.ContainsKey(AlwaysAdmittedMetadata.Instance))
            {
                await next(context);
                return;
            }

            using var lease = await gate.EnterAsync(context.RequestAborted);
            if (lease is { IsAcquired: true })
            {
                context.Items[AlwaysAdmittedMetadata.Instance] = true;
                await next(context);
                return;
            }

            await gate.RefuseAsync(context);
        });
    }

    private sealed class AlwaysAdmittedMetadata
    {
        public static readonly AlwaysAdmittedMetadata Instance = new();
    }
}

/// <summary>The places of <see cref="Admission"/>: the framework's <see cref="ConcurrencyLimiter"/> holds them and the
/// queue, this adds the queue's time budget, the refusal and the metrics.</summary>
public sealed class AdmissionGate : IDisposable
{
    private readonly AdmissionSettings _settings;
    private readonly ConcurrencyLimiter _limiter;
    private readonly Counter<long> _refused;

    public AdmissionGate(AdmissionSettings settings, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(meters);
        _settings = settings;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.MaxConcurrentRequests,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var meter = meters.Create(PortalMeter.Name);
        _refused = meter.CreateCounter<long>("courseportal.admission.refused", "{request}", "Requests the web refused with 503 overloaded.");
        meter.CreateObservableUpDownCounter("courseportal.admission.active", () => (long)Active, "{request}", "Requests the web is working on.");
        meter.CreateObservableUpDownCounter("courseportal.admission.queued", () => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0,
            "{request}", "Requests waiting for a place.");
    }

    /// <summary>How many requests hold a place now.</summary>
    public int Active => _settings.MaxConcurrentRequests - (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>A place, at once or after waiting at most the queue budget; a lease that is not acquired (or null when
    /// the wait ran out or the client left) means refused.</summary>
    public async ValueTask<RateLimitLease?> EnterAsync(CancellationToken aborted)
    {
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired || _settings.QueueLimit == 0 || _settings.QueueTimeout <= TimeSpan.Zero)
        {
            return lease;
        }

        lease.Dispose();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        budget.CancelAfter(_settings.QueueTimeout);
        // A wait that runs out is the common case past capacity: it is seen as a cancelled task, not thrown, because a
        // thrown exception per refused request was measurable CPU when the web can least spare it (16,659 in one run).
        var acquiring = _limiter.AcquireAsync(1, budget.Token).AsTask();
        await ((Task)acquiring).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return acquiring.IsCompletedSuccessfully ? acquiring.Result : null;
    }

    /// <summary>503 with Retry-After; problem details on the API, the status page elsewhere.</summary>
    public async Task RefuseAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _refused.Add(1);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = _settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (ApiProblems.IsApi(context.Request))
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.Overloaded,
                $"The portal is busy; nothing was changed. Try again in {_settings.RetryAfterSeconds} s.");
        }
    }

    public void Dispose() => _limiter.Dispose();
}
