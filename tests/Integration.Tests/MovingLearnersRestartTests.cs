using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Abstractions.Versioning;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Packages;
using CoursePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CoursePortal.Integration.Tests;

/// <summary>Moving learners is a background job that outlives the silo running it.</summary>
public sealed class MovingLearnersRestartTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Learners = (VersionMigrationGrain.BatchSize * 2) + 50;

    [Fact]
    public async Task AMoveInterruptedBySiloLossCarriesOnFromItsCursorAndMovesEveryoneOnce()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (clusterId, serviceId, courseId, packageId, migrationId) = ($"cluster-{id}", $"service-{id}", $"mc-{id}", $"mp-{id}", Guid.NewGuid().ToString("N"));

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId, services =>
            services.AddSingleton<ILearningEventQueries>(sp => new StallingEventQueries(sp.GetRequiredService<PostgresLearningEventSink>()))))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var grains = client.Client;
            var course = grains.GetGrain<ICourseGrain>(GrainKeys.Course(courseId));
            await course.CreateAsync(new CourseContent("Move", Modules: [new Module("m", "M", null, [new Lesson("l1", "L", LessonType.Content, true, 5, Markdown: "x")])]), "author");
            await course.PublishAsync(new PublishRequest(null), "author");
            var package = grains.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
            var tree = RequirementNode.Set(null, SetMode.All, [RequirementNode.Course(courseId)]);
            await package.CreateAsync(new PackageContent("Move", null, null, tree), "author");
            await package.PublishAsync(new PublishRequest(null), "author");
            await Task.WhenAll(Enumerable.Range(0, Learners).Select(async i =>
            {
                var user = grains.GetGrain<IUserGrain>(GrainKeys.User($"mover{i:D4}-{id}"));
                await user.CreateAsync(new NewUser($"mover{i}-{id}@example.com", "Move", "Me", [Role.Learner]), "admin");
                await user.EnrollInPackageAsync(packageId, "admin", null);
            }));
            await Eventually.HoldsAsync(async () => await CountAsync(packageId, LearningEventKinds.Enrolled) == Learners, TimeSpan.FromSeconds(60), "every enrollment is in the audit trail");
            await package.CreateDraftAsync(null, "author");
            await package.PublishAsync(new PublishRequest("v2"), "author");

            var migration = grains.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(migrationId));
            await migration.StartAsync(packageId, 1, [EnrollmentStatus.NotStarted], "admin");
            await Eventually.HoldsAsync(async () => (await migration.GetAsync()).Processed == VersionMigrationGrain.BatchSize, TimeSpan.FromSeconds(60), "the first batch is done");
            // The stalled silo cannot fetch a second page: only a resumed job can finish.
            Assert.Equal(MigrationState.Running, (await migration.GetAsync()).State);
            await silo.KillAsync();
        }

        await using (var silo = await RealSilo.StartAsync(database.ConnectionString, clusterId, serviceId))
        await using (var client = await RealClient.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var migration = client.Client.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(migrationId));
            var waited = await Eventually.HoldsAsync(async () => (await migration.GetAsync()).State == MigrationState.Completed, TimeSpan.FromSeconds(90), "the move finishes on the new silo");
            var status = await migration.GetAsync();
            output.WriteLine($"{status.Moved} of {status.Processed} learners moved; resumed and finished {waited.TotalSeconds:0.0} s after the restart");
            Assert.Equal((Learners, Learners), (status.Processed, status.Moved));
            var report = await client.Client.GetGrain<IAuditGrain>(GrainKeys.Audit).GetPackageReportAsync(packageId, DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.Equal([(2, Learners)], report.Select(r => (r.Version, r.Enrolled)));
        }

        await Eventually.HoldsAsync(async () => await CountAsync(packageId, LearningEventKinds.MovedToVersion) == Learners, TimeSpan.FromSeconds(30), "one move event per learner");
    }

    private Task<long> CountAsync(string packageId, string kind) =>
        database.ScalarAsync<long>("SELECT count(*) FROM learning_events WHERE package_id = @p AND kind = @k", ("p", packageId), ("k", kind));
}
