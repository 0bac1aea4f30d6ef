using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Versioning;

namespace CoursePortal.Grains.Packages;

[GenerateSerializer]
[Alias("courseportal.package-state")]
public sealed class PackageState : IVersionedState<PackageContent>
{
    [Id(0)]
    public VersionLog<PackageContent> Versions { get; init; } = new();

    [Id(1)]
    public Learning.Outbox Outbox { get; init; } = new();
}
