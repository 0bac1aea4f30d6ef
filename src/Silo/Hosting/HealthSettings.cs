using System.ComponentModel.DataAnnotations;

namespace CoursePortal.Silo.Hosting;

/// <summary>The "Health" configuration section: the silo's small HTTP port for probes.</summary>
public sealed class HealthSettings
{
    public const string Section = "Health";

    /// <summary>0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8081;
}
