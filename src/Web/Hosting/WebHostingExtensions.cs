using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Hosting;
using CoursePortal.Web.Api;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dashboard;

namespace CoursePortal.Web.Hosting;

public static class WebHostingExtensions
{
    /// <summary>Where admins find the Orleans dashboard.</summary>
    public const string DashboardPath = "/admin/dashboard";

    /// <summary>Razor Pages, the /v1 API's problem details, health checks and page services.</summary>
    public static WebApplicationBuilder AddCoursePortalWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAdmission();
        builder.AddCoursePortalSecurity();
        builder.Services.AddCoursePortalPages();
        builder.Services.AddCoursePortalApi();
        builder.AddApplicationServices();
        builder.AddWebHealthChecks();
        return builder;
    }

    /// <summary>The request pipeline, then the health, OpenAPI, /v1, API reference, dashboard and page endpoints.</summary>
    public static WebApplication UseCoursePortalWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCoursePortalPipeline();
        app.MapCoursePortalEndpoints();
        return app;
    }

    private static void AddCoursePortalPages(this IServiceCollection services) => services.AddRazorPages(o =>
    {
        // Authorization is declared once, by folder; everything else needs a signed-in user (the fallback).
        o.Conventions.AllowAnonymousToPage("/Account/SignIn");
        o.Conventions.AllowAnonymousToPage("/Account/Denied");
        o.Conventions.AllowAnonymousToPage("/Index");
        o.Conventions.AllowAnonymousToPage("/Error");
        o.Conventions.AuthorizeFolder("/Learn", Policies.Learner);
        // The learner's pages post what the API's learner writes take: the same body limit and per-user rate limit.
        o.Conventions.AddFolderApplicationModelConvention("/Learn", page =>
        {
            page.EndpointMetadata.Add(new LearnerWriteBodyLimit(LearnerWrites.MaxBodyBytes));
            page.EndpointMetadata.Add(new EnableRateLimitingAttribute(SecurityExtensions.LearnerWritesRateLimit));
        });
        // The player also posts attempts (the last size limit added is the one that holds).
        o.Conventions.AddPageApplicationModelConvention("/Learn/Player", page => page.EndpointMetadata.Add(new LearnerWriteBodyLimit(LearnerWrites.MaxAttemptBytes)));
        o.Conventions.AuthorizeFolder("/Author", Policies.Contributor);
        o.Conventions.AuthorizePage("/Author/Courses/Publish", Policies.Approver);
        o.Conventions.AuthorizePage("/Author/Packages/Publish", Policies.Approver);
        o.Conventions.AuthorizePage("/Author/Courses/Archive", Policies.Approver);
        o.Conventions.AuthorizePage("/Author/Packages/Archive", Policies.Approver);
        o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
    });

    private static void AddCoursePortalApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddCoursePortalOpenApi();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Minimal-API binding throws a malformed request's BadHttpRequestException in every environment, not only in
        // Development (the framework's default), so ProblemExceptionHandler answers it the same way everywhere: its
        // 4xx as problem details with a code. Left to the default, Development answered 500 where Production said 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    }

    /// <summary>The services pages and /v1 handlers share, one per aggregate, and what they need.</summary>
    private static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<CatalogService>();
        services.AddSingleton<ProgressService>();
        services.AddSingleton<CourseService>();
        services.AddSingleton<PackageService>();
        services.AddSingleton<RequirementGroupService>();
        services.AddSingleton<UserService>();
        services.AddSingleton<TeamService>();
        services.AddSingleton<LearnerRecordService>();
        services.AddSingleton<MoveService>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<IdempotencyKeyService>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton(ExportSettings.From(builder.Configuration));
        services.AddSingleton<IPasswordHasher<LocalAccount>, PasswordHasher<LocalAccount>>();
        services.AddOptions<PasswordHasherOptions>().Configure<SecuritySettings>((o, security) => o.IterationCount = security.PasswordHashIterations);
        services.AddSingleton<AccountService>();
        services.AddSingleton<HistoricalRecordImport>();
        services.AddSingleton<EnrollmentService>();
        services.AddSingleton<LearnerHomeService>();
        services.AddSingleton<PackageOfferService>();
        services.AddSingleton<FirstAdministrator>();
        services.AddScoped<ActorNames>();
        services.Configure<ExportStorageOptions>(builder.Configuration.GetSection(ExportStorageOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<AccountBootstrap>();
    }

    private static void AddWebHealthChecks(this WebApplicationBuilder builder)
    {
        var health = builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpointExtensions.ReadyTag]);
        // Client mode (a connection string) has a database to be ready; local mode keeps everything in memory.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DatabaseSettings.ConnectionStringName)))
        {
            health.AddDatabaseReadiness();
        }
    }

    // Order matters: errors outermost so they catch everything after; static files before admission, so they are never
    // refused; routing before admission and the size limits, which read the endpoint's metadata; admission before
    // authentication, whose session check is a grain call a refused request must not cost; the rate limiter after
    // authorization (see below).
    private static void UseCoursePortalPipeline(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            // A page that hits a refusal (an unknown id, a conflict) shows it with its own status, not as a 500.
            StatusCodeSelector = ProblemExceptionHandler.StatusFor,
        });
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseCrossSiteWriteRefusal();
        app.UseRouting();
        app.UseAdmission();
        app.UseRequestSizeLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: the learner-write limit is per user, and a refused request spends nothing.
        app.UseRateLimiter();
        app.UseIdempotencyKeyBodies();
    }

    private static void MapCoursePortalEndpoints(this WebApplication app)
    {
        app.MapCoursePortalHealth().AllowAnonymous().AlwaysAdmitted();
        app.MapOpenApi(ApiDocument.Path).AllowAnonymous();
        app.MapV1();
        // The cluster's dashboard, for admins only; the silos collect for it (see AddCoursePortalSilo). Without the live log
        // and the grain-state browser, which would show what grains hold (see DashboardSettings).
        app.MapApiReference();
        app.MapOrleansDashboard(DashboardPath).RequireAuthorization(Policies.Admin).AddEndpointFilter(DashboardSettings.RefuseHiddenViewsAsync);
        app.MapRazorPages();
    }

    // The group's filter: no /v1 write takes a form body, so no cross-site HTML form can forge one.
    private static void MapV1(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1").AddEndpointFilter<JsonOnlyFilter>().WithApiConventions();
        v1.MapSessionEndpoints();
        v1.MapCourseEndpoints();
        v1.MapPackageEndpoints();
        v1.MapProgressEndpoints();
        v1.MapEnrollmentEndpoints();
        v1.MapUserEndpoints();
        v1.MapTeamEndpoints();
        v1.MapMoveEndpoints();
        v1.MapRecordEndpoints();
        v1.MapReportEndpoints();
        v1.MapExportEndpoints();
        v1.MapTokenEndpoints();
        v1.MapMailEndpoints();
        v1.MapAuthoringEndpoints();
        v1.MapWebhookEndpoints();
    }
}
