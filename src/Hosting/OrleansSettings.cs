using System.ComponentModel.DataAnnotations;

namespace CoursePortal.Hosting;

/// <summary>The "Orleans" configuration section: cluster identity and this silo's endpoints.</summary>
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
}
