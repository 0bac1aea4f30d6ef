using CoursePortal.Grains.Learning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace CoursePortal.Grains.Tests;

/// <summary>One in-process cluster with in-memory storage and reminders for the whole collection;
/// tests use unique keys. Subclasses add configuration.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The learning events the (single) silo has received.</summary>
    public InMemoryLearningEventSink Events =>
        Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredService<InMemoryLearningEventSink>();

    /// <summary>Holds batch jobs of chosen packages between batches (see <see cref="BatchPauses"/>).</summary>
    public BatchPauses Pauses =>
        Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredService<BatchPauses>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureHost(host =>
        {
            foreach (var (key, value) in Settings)
            {
                host.Configuration[key] = value;
            }
        });
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureServices(silo.Services);
            silo.Services.AddSingleton<BatchPauses>();
            silo.Services.AddSingleton<ILearningEventQueries>(sp => new PausingEventQueries(sp.GetRequiredService<InMemoryLearningEventSink>(), sp.GetRequiredService<BatchPauses>()));
            // Local mode's in-memory silo, on the test cluster's clustering; what was added above comes first.
            silo.AddCoursePortalInMemoryGrains();
            silo.Services.AddSingleton<ILoggerProvider>(_ => Logs);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(ExportsPath, recursive: true);
        Directory.Delete(MailPath, recursive: true);
    }

    /// <summary>What the portal's code logged in this cluster's silo.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Where this cluster writes export ZIPs; removed with the cluster.</summary>
    public string ExportsPath { get; } = Directory.CreateTempSubdirectory("courseportal-exports-").FullName;

    /// <summary>Where this cluster's silo writes notice mail (no SMTP relay is set); removed with the cluster.</summary>
    public string MailPath { get; } = Directory.CreateTempSubdirectory("courseportal-mail-").FullName;

    /// <summary>Services the silo gets before the portal's own (which add only what is missing, e.g. the clock).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Storage:ExportsPath"] = ExportsPath, ["Mail:PickupDirectory"] = MailPath };
}

/// <summary>A cluster with the four-eyes publishing rule on.</summary>
public sealed class FourEyesClusterFixture : ClusterFixture
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(base.Settings) { ["Publishing:RequireSecondPerson"] = "true" };
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A cluster whose grains read the time from <see cref="Clock"/>, which the tests move: waits between
/// assessment attempts and the minute in which reopening a lesson writes nothing, without sleeping.</summary>
public sealed class ScriptedClockClusterFixture : ClusterFixture
{
    public ScriptedClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

[CollectionDefinition(Name)]
public sealed class ScriptedClockCollection : ICollectionFixture<ScriptedClockClusterFixture>
{
    public const string Name = "cluster with a scripted clock";
}

/// <summary>The grains' clock, moved forward by the test.</summary>
public sealed class ScriptedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => Now;
}
