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
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.UseInMemoryReminderService();
            silo.Services.AddCoursePortalGrainServices(silo.Configuration);
            silo.Services.AddInMemoryLearningEvents();
            silo.Services.AddSingleton<ILoggerProvider>(_ => Logs);
            ConfigureServices(silo.Services);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(ExportsPath, recursive: true);
    }

    /// <summary>What the portal's code logged in this cluster's silo.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Where this cluster writes export ZIPs; removed with the cluster.</summary>
    public string ExportsPath { get; } = Directory.CreateTempSubdirectory("courseportal-exports-").FullName;

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Storage:ExportsPath"] = ExportsPath };

    /// <summary>Services a subclass puts in the silo's container after the portal's own (e.g. a clock of its own).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
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
