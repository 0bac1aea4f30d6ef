using System.ComponentModel.DataAnnotations;

namespace CoursePortal.Hosting;

/// <summary>The "Orleans" configuration section: cluster identity, this silo's endpoints and how fast a dead silo is
/// noticed.</summary>
public sealed class OrleansSettings
{
    public const string Section = "Orleans";

    /// <summary>Silos and clients of one cluster share it; membership rows are scoped by it.</summary>
    [Required]
    [MaxLength(150)]
    public string ClusterId { get; set; } = "courseportal";

    /// <summary>Grain state and reminders are scoped by it: changing it "loses" all state.</summary>
    [Required]
    [MaxLength(150)]
    public string ServiceId { get; set; } = "courseportal";

    /// <summary>Shown in membership and the dashboard; defaults to the host name and silo port.</summary>
    [MaxLength(150)]
    public string? SiloName { get; set; }

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at. Empty: the address the host
    /// name resolves to (a container's own address), else loopback.</summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>Silo: the initial period and timeout of the liveness probes between silos. A silo that misses three probes
    /// in a row is suspected, and dead once the others agree, so a killed silo is declared dead in about three probe
    /// periods. Orleans adapts the period per monitored silo between half and four times this value.</summary>
    [Range(typeof(TimeSpan), "00:00:00.2", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Web (client mode): how long a grain call may take before it fails with a timeout. A call sent to a silo
    /// that then died gets no answer at all, so this bounds a learner's wait when a silo dies; calls that are safe to
    /// send again are then sent once more.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3.5);

    /// <summary>Web: true makes the web process also a silo of the PostgreSQL cluster (its grains, providers and
    /// migrations as src/Silo's), for small installations; false, the default, keeps it an Orleans client of separate
    /// silos. Needs the connection string.</summary>
    public bool CoHosted { get; set; }
}
