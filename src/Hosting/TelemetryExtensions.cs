using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CoursePortal.Hosting;

public static class TelemetryExtensions
{
    /// <summary>The activity sources Orleans traces grain calls with (its own runtime, and application grains).</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>
    /// OpenTelemetry traces, metrics and logs of ASP.NET Core, Orleans, Npgsql, the .NET runtime and the portal's own
    /// meter, exported over OTLP when Telemetry:OtlpEndpoint (or the standard OTEL_EXPORTER_OTLP_ENDPOINT) is set.
    /// Log lines carry the trace and span they were written in either way.
    /// </summary>
    public static IHostApplicationBuilder AddCoursePortalTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var settings = builder.Configuration.ReadTelemetrySettings();
        var endpoint = string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? null : new Uri(settings.OtlpEndpoint);
        if (endpoint is null && string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Services.AddOtlpExport(serviceName, settings, endpoint);
        return builder;
    }

    private static void AddOtlpExport(this IServiceCollection services, string serviceName, TelemetrySettings settings, Uri? endpoint) =>
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddSource(OrleansSources)
                .AddNpgsql()
                .AddOtlpExporter(Exporter(settings, endpoint, "v1/traces")))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans", PortalMeter.Name)
                .AddNpgsqlInstrumentation()
                .AddOtlpExporter((o, reader) =>
                {
                    Exporter(settings, endpoint, "v1/metrics")(o);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)(settings.MetricExportIntervalSeconds * 1000);
                }))
            .WithLogging(l => l.AddOtlpExporter(Exporter(settings, endpoint, "v1/logs")), o => o.IncludeScopes = true);

    // Set in code, the HTTP protocol's endpoint is used as given, so each signal gets its standard path; gRPC
    // takes the collector's address.
    private static Action<OtlpExporterOptions> Exporter(TelemetrySettings settings, Uri? endpoint, string signalPath) => o =>
    {
        o.Protocol = settings.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        if (endpoint is not null)
        {
            o.Endpoint = o.Protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint, signalPath);
        }
    };

    /// <summary>Binds and validates the "Telemetry" section, failing with a message that names the key.</summary>
    public static TelemetrySettings ReadTelemetrySettings(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            throw new StartupException($"Invalid telemetry settings: {string.Join("; ", results.Select(r => $"{TelemetrySettings.Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"))}");
        }

        if (!string.IsNullOrWhiteSpace(settings.OtlpEndpoint)
            && (!Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new StartupException($"{TelemetrySettings.Section}:OtlpEndpoint '{settings.OtlpEndpoint}' is not an http or https address.");
        }

        return settings;
    }
}
