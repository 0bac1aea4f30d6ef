using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Grains.Packages;

[GenerateSerializer]
[Alias("courseportal.version-migration-state")]
public sealed class VersionMigrationState
{
    [Id(0)]
    public MigrationStatus? Status { get; set; }

    /// <summary>The last user id handled: the next batch starts after it.</summary>
    [Id(1)]
    public string? Cursor { get; set; }
}
