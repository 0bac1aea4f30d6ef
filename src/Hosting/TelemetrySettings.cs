using System.ComponentModel.DataAnnotations;

namespace CoursePortal.Hosting;

/// <summary>The "Telemetry" configuration section: where traces, metrics and logs go over OTLP.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>The collector, e.g. <c>http://otel-collector:4317</c>. Empty, and no OTEL_EXPORTER_OTLP_ENDPOINT
    /// either: nothing is exported and no telemetry SDK runs (the meters stay readable with dotnet-counters).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    [RegularExpression(@"\A(grpc|http/protobuf)\z", ErrorMessage = "must be grpc or http/protobuf")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are sent.</summary>
    [Range(0.1, 3600)]
    public double MetricExportIntervalSeconds { get; set; } = 30;
}
