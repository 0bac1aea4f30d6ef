using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Grains.Tests.Packages;

[Collection(ClusterCollection.Name)]
public sealed class PackageVersionStatsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task CountsAreKeptPerVersionAndSurviveDeactivation()
    {
        var id = $"stats-{Guid.NewGuid():N}"[..14];
        var v1 = fixture.Client.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(id, 1));
        var v2 = fixture.Client.GetGrain<IPackageVersionStatsGrain>(GrainKeys.PackageVersionStats(id, 2));

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => v1.RecordEnrollmentAsync()));
        await v1.RecordCompletionAsync();
        await v2.RecordEnrollmentAsync();
        // One-way calls carry no ordering promise: wait until they have all arrived.
        await LearnerSetup.EventuallyAsync(async () => await v1.GetAsync() == new PackageVersionCounts(50, 1), "the increments arrive");
        await LearnerSetup.EventuallyAsync(async () => await v2.GetAsync() == new PackageVersionCounts(1, 0), "the increment arrives");

        await fixture.Cluster.DeactivateAsync(v1);

        Assert.Equal(new PackageVersionCounts(50, 1), await v1.GetAsync());
        Assert.Equal(new PackageVersionCounts(1, 0), await v2.GetAsync());
    }
}
