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
        builder.AddCoursePortalSecurity();
        builder.Services.AddRazorPages(o =>
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
            o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Minimal-API binding throws a malformed request's BadHttpRequestException in every environment, not only in
        // Development (the framework's default), so ProblemExceptionHandler answers it the same way everywhere: its
        // 4xx as problem details with a code. Left to the default, Development answered 500 where Production said 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton<CatalogService>();
        builder.Services.AddSingleton<ProgressService>();
        builder.Services.AddSingleton<CourseService>();
        builder.Services.AddSingleton<PackageService>();
        builder.Services.AddSingleton<RequirementGroupService>();
        builder.Services.AddSingleton<UserService>();
        builder.Services.AddSingleton<LearnerRecordService>();
        builder.Services.AddSingleton<MoveService>();
        builder.Services.AddSingleton<ReportService>();
        builder.Services.AddSingleton<IPasswordHasher<LocalAccount>, PasswordHasher<LocalAccount>>();
        builder.Services.AddOptions<PasswordHasherOptions>().Configure<SecuritySettings>((o, security) => o.IterationCount = security.PasswordHashIterations);
        builder.Services.AddSingleton<AccountService>();
        builder.Services.AddSingleton<HistoricalRecordImport>();
        builder.Services.AddSingleton<EnrollmentService>();
        builder.Services.Configure<ExportStorageOptions>(builder.Configuration.GetSection(ExportStorageOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<AccountBootstrap>();

        var health = builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpointExtensions.ReadyTag]);
        // Client mode (a connection string) has a database to be ready; local mode keeps everything in memory.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DatabaseSettings.ConnectionStringName)))
        {
            health.AddDatabaseReadiness();
        }

        return builder;
    }

    public static WebApplication UseCoursePortalWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
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
        app.UseRequestSizeLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: the learner-write limit is per user, and a refused request spends nothing.
        app.UseRateLimiter();
        app.MapCoursePortalHealth().AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        var v1 = app.MapGroup("/v1").AddEndpointFilter<JsonOnlyFilter>();
        v1.MapSessionEndpoints();
        v1.MapCourseEndpoints();
        v1.MapPackageEndpoints();
        v1.MapProgressEndpoints();
        v1.MapEnrollmentEndpoints();
        v1.MapUserEndpoints();
        v1.MapMoveEndpoints();
        v1.MapReportEndpoints();
        v1.MapExportEndpoints();
        // The cluster's dashboard, for admins only; the silos collect for it (see AddCoursePortalSilo). Without the live log
        // and the grain-state browser, which would show what grains hold (see DashboardSettings).
        app.MapOrleansDashboard(DashboardPath).RequireAuthorization(Policies.Admin).AddEndpointFilter(DashboardSettings.RefuseHiddenViewsAsync);
        app.MapRazorPages();
        return app;
    }
}
