using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Hosting;

[Collection(LocalModeCollection.Name)]
public sealed class AccountBootstrapTests(LocalModeFactory factory)
{
    [Fact]
    public async Task LocalModeHasADemoAccountOfEveryRoleThatSignsInWithTheDemoPassword()
    {
        _ = factory.Server;
        var accounts = factory.Services.GetRequiredService<AccountService>();

        foreach (var (email, _, role) in AccountBootstrap.DemoAccounts)
        {
            var profile = await accounts.VerifyAsync(email, LocalModeFactory.DemoPassword, "192.0.2.1");
            Assert.NotNull(profile);
            Assert.Equal(role, profile.HighestRole);
            Assert.Null(await accounts.VerifyAsync(email, "wrong password", "192.0.2.1"));
        }
    }

    [Fact]
    public async Task TheConfiguredFirstAdminIsCreatedOnceWithAHashedPassword()
    {
        await using var withBootstrap = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Bootstrap:AdminEmail", "first.admin@example.com");
            b.UseSetting("Bootstrap:AdminPassword", "Very-secret-1");
            b.UseSetting("Orleans:SiloPort", LocalModeFactory.FreePort());
            b.UseSetting("Orleans:GatewayPort", LocalModeFactory.FreePort());
        });
        _ = withBootstrap.Server;
        var accounts = withBootstrap.Services.GetRequiredService<AccountService>();
        var grains = withBootstrap.Services.GetRequiredService<IGrainFactory>();

        var admin = await accounts.VerifyAsync("First.Admin@example.com", "Very-secret-1", "192.0.2.1");
        var userId = await accounts.FindUserIdAsync("first.admin@example.com");
        var hash = await grains.GetGrain<IUserCredentialsGrain>(Grains.Abstractions.Common.GrainKeys.UserCredentials(userId!)).GetPasswordHashAsync();

        Assert.NotNull(admin);
        Assert.True(admin.Has(Role.Admin));
        Assert.DoesNotContain("Very-secret-1", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void AWeakBootstrapPasswordStopsTheStartWithTheRuleItBreaks()
    {
        static IConfiguration Settings(string password) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = "admin@example.com",
            ["Bootstrap:AdminPassword"] = password,
        }).Build();

        var refusal = Assert.Throws<CoursePortal.Hosting.StartupException>(() => AccountBootstrap.RequireStrongPassword(Settings("change-me-Admin-1")));
        AccountBootstrap.RequireStrongPassword(Settings("change-me-Root-Pass-1"));

        Assert.Contains("Bootstrap:AdminPassword is too weak", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("e-mail name", refusal.Message, StringComparison.Ordinal);
    }
}
