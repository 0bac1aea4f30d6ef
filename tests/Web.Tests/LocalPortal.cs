using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests;

/// <summary>A local-mode portal of a test's own: <see cref="LocalModeFactory"/>'s settings, in the environment the
/// test names (Development as <c>dotnet run</c> starts it, or Production), with any settings of its own, optionally on
/// real Kestrel.</summary>
public sealed class LocalPortal : IDisposable
{
    private readonly LocalModeFactory _localMode = new();

    public LocalPortal(string environment, bool kestrel = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        Factory = _localMode.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            if (kestrel)
            {
                // An address of its own: without one Kestrel listened on its default 5000, which two such portals in
                // parallel test collections then both wanted.
                builder.UseSetting("urls", $"http://127.0.0.1:{LocalModeFactory.FreePort()}");
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }

            // The tests speak plain HTTP: Production's Secure-only sign-in cookie would never be sent back.
            builder.ConfigureServices(services => services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
                o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest));
        });
        if (kestrel)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
        }
    }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient CreateClient() => Factory.CreateClient();

    public void Dispose() => _localMode.Dispose();
}
