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
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.UseInMemoryReminderService();
            silo.Services.AddCoursePortalGrainServices(silo.Configuration);
            silo.Services.AddSingleton<BatchPauses>();
            silo.Services.AddSingleton<ILearningEventQueries>(sp => new PausingEventQueries(sp.GetRequiredService<InMemoryLearningEventSink>(), sp.GetRequiredService<BatchPauses>()));
            silo.Services.AddInMemoryLearningEvents();
            silo.Services.AddSingleton<ILoggerProvider>(_ => Logs);
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
