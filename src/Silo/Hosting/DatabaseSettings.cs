namespace CoursePortal.Silo.Hosting;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary>The name under ConnectionStrings that every part of CoursePortal reads.</summary>
    public const string ConnectionStringName = "CoursePortal";

    /// <summary>Apply pending db/ migrations when the silo starts (under an advisory lock).</summary>
    public bool ApplySchema { get; set; } = true;
}
