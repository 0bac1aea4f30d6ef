namespace CoursePortal.Hosting;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary>The name under ConnectionStrings that every part of CoursePortal reads.</summary>
    public const string ConnectionStringName = "CoursePortal";

    /// <summary>The ADO.NET invariant that makes Orleans load Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>Apply pending db/ migrations when the silo starts (under an advisory lock).</summary>
    public bool ApplySchema { get; set; } = true;
}
