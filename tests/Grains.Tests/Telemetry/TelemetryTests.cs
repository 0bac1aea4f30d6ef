using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using static CoursePortal.Grains.Abstractions.Packages.RequirementNode;

namespace CoursePortal.Grains.Tests.Telemetry;

[Collection(ClusterCollection.Name)]
public sealed class TelemetryTests(ClusterFixture fixture) : IDisposable
{
    private readonly LearnerSetup _setup = new(fixture.Client);
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    [Fact]
    public async Task DurableLearningIsCountedOnceWithItsCourseAndPackage()
    {
        Listen();
        var courseId = await _setup.CourseAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));
        var userId = await _setup.UserAsync();

        await _setup.User(userId).EnrollInPackageAsync(packageId, "admin", null);
        await _setup.CompleteCourseAsync(userId, courseId);
        await _setup.Progress(userId, courseId).CompleteLessonAsync("l1");
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Count("courseportal.packages.completed", "package", packageId) == 1), "the package completion is counted");

        Assert.Equal(1, Count("courseportal.publishes", "course", courseId));
        Assert.Equal(1, Count("courseportal.publishes", "package", packageId));
        Assert.Equal(1, Count("courseportal.enrollments", "package", packageId));
        // l1 and l2 once each: completing l1 again changes nothing and counts nothing.
        Assert.Equal(2, Count("courseportal.lessons.completed", "course", courseId));
        Assert.Equal(1, Count("courseportal.courses.completed", "course", courseId));
        var evaluations = Measurements("courseportal.requirement.evaluation.duration", "package", packageId);
        Assert.NotEmpty(evaluations);
        Assert.All(evaluations, seconds => Assert.InRange(seconds, 0, 1));
    }

    [Fact]
    public async Task TheOutboxBacklogRisesWithAStoredEventAndFallsBackOnceItIsDelivered()
    {
        // Deliveries left over from earlier tests in this silo would move the backlog too: let them land first.
        await QuietAsync();
        Listen();
        var courseId = await _setup.CourseAsync();
        var userId = await _setup.UserAsync();

        await _setup.Progress(userId, courseId).StartAsync();
        await LearnerSetup.EventuallyAsync(
            () => Task.FromResult(fixture.Events.Events.Any(e => e.UserId == userId && e.CourseId == courseId)), "the start is delivered");
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(Backlog().Last() == 0), "the backlog is back to where it was");

        // Each write that stores undelivered events raises the backlog; it never goes below where it started.
        Assert.True(Backlog().Max() >= 1, "the start's event was counted while it waited");
        Assert.True(Backlog().Min() >= 0);
    }

    [Fact]
    public async Task WhatAGrainLogsCarriesItsGrainId()
    {
        var courseId = await _setup.CourseAsync();
        var packageId = await _setup.PackageAsync(Set(null, SetMode.All, [Course(courseId)]));
        var package = fixture.Client.GetGrain<IPackageGrain>(GrainKeys.Package(packageId));
        await package.CreateDraftAsync(null, "author");
        await package.PublishAsync(new Abstractions.Versioning.PublishRequest("v2"), "author");
        var migrationId = Guid.NewGuid().ToString("N");

        await fixture.Client.GetGrain<IVersionMigrationGrain>(GrainKeys.Migration(migrationId)).StartAsync(packageId, 1, [EnrollmentStatus.NotStarted], "admin");
        await LearnerSetup.EventuallyAsync(() => Task.FromResult(fixture.Logs.Lines.Any(l => l.Message.Contains(migrationId, StringComparison.Ordinal))), "the migration logs its end");

        var line = fixture.Logs.Lines.First(l => l.Message.Contains(migrationId, StringComparison.Ordinal));
        Assert.EndsWith($"/{GrainKeys.Migration(migrationId)}", Assert.IsType<string>(line.Scope["GrainId"]), StringComparison.Ordinal);
        Assert.Equal("run-batch", line.Scope["GrainMethod"]);
    }

    public void Dispose() => _listener.Dispose();

    private async Task QuietAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int before;
        do
        {
            before = fixture.Events.Events.Count;
            await Task.Delay(300);
        }
        while (fixture.Events.Events.Count != before && DateTime.UtcNow < deadline);
    }

    // Only this collection's silo: its meters come from its own container's factory.
    private void Listen()
    {
        var factory = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PortalMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var fields = new Dictionary<string, object?>();
        foreach (var (key, field) in tags)
        {
            fields[key] = field;
        }

        _measurements.Enqueue((instrument.Name, value, fields));
    }

    private List<double> Measurements(string instrument, string tag, string value) =>
        [.. _measurements.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && Equals(v, value)).Select(m => m.Value)];

    private double Count(string instrument, string tag, string value) => Measurements(instrument, tag, value).Sum();

    /// <summary>The backlog after each change since listening began, relative to where it stood then.</summary>
    private List<double> Backlog()
    {
        var running = 0d;
        var levels = new List<double> { 0 };
        foreach (var (_, value, _) in _measurements.Where(m => m.Instrument == "courseportal.outbox.backlog"))
        {
            running += value;
            levels.Add(running);
        }

        return levels;
    }
}
