using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Learning;
using CoursePortal.Grains.Notifications;
using CoursePortal.Grains.Telemetry;
using CoursePortal.Grains.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoursePortal.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>What the grain classes need from the silo's container, the same in production, local mode and tests.</summary>
    public static IServiceCollection AddCoursePortalGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PortalMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, GrainLogScopeFilter>());
        services.Configure<PublishingOptions>(configuration.GetSection(PublishingOptions.Section));
        services.Configure<ExportStorageOptions>(configuration.GetSection(ExportStorageOptions.Section));
        services.Configure<EnrollmentRowOptions>(configuration.GetSection(EnrollmentRowOptions.Section));
        services.AddNoticeMail(configuration);
        NoticeOptions.Check(configuration);
        services.Configure<NoticeOptions>(configuration.GetSection(NoticeOptions.Section));
        return services;
    }

    /// <summary>Learning events kept in memory behind the same interface as PostgreSQL (local mode, grain tests).</summary>
    public static IServiceCollection AddInMemoryLearningEvents(this IServiceCollection services)
    {
        services.TryAddSingleton<InMemoryLearningEventSink>();
        services.TryAddSingleton<ILearningEventSink>(sp => sp.GetRequiredService<InMemoryLearningEventSink>());
        services.TryAddSingleton<ILearningEventQueries>(sp => sp.GetRequiredService<InMemoryLearningEventSink>());
        services.TryAddSingleton<IReportQueries, InMemoryReportQueries>();
        services.TryAddSingleton<IWebhookStore, UnavailableWebhookStore>();
        return services;
    }
}
