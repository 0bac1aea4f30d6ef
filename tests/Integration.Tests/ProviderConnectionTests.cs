using CoursePortal.Grains.Hosting;
using CoursePortal.Integration.Tests.Infrastructure;
using Npgsql;

namespace CoursePortal.Integration.Tests;

/// <summary>The Orleans providers' connections skip Npgsql's reset before reuse (ClusterSilo.ProviderConnectionString):
/// shown on PostgreSQL by session state that survives a return to the pool, which is why the providers must leave none.</summary>
public sealed class ProviderConnectionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task TheProvidersPoolKeepsSessionStateAcrossReusesWhileTheDefaultPoolResetsIt()
    {
        var providers = ClusterSilo.ProviderConnectionString(database.ConnectionString + ";Maximum Pool Size=1;Application Name=providers-test");
        var configured = database.ConnectionString + ";Maximum Pool Size=1;Application Name=default-test";

        Assert.Equal("kept", await SettingAfterReuseAsync(providers));
        Assert.Equal("", await SettingAfterReuseAsync(configured));
    }

    [Fact]
    public void OnlyTheResetChangesTheConfiguredSettingsAreKept()
    {
        var configured = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 37, Timeout = 9, ApplicationName = "portal" };

        var providers = new NpgsqlConnectionStringBuilder(ClusterSilo.ProviderConnectionString(configured.ConnectionString));

        Assert.True(providers.NoResetOnClose);
        Assert.Equal(
            (configured.Host, configured.Port, configured.Database, configured.Username, configured.Password, configured.MaxPoolSize, configured.Timeout, configured.ApplicationName),
            (providers.Host, providers.Port, providers.Database, providers.Username, providers.Password, providers.MaxPoolSize, providers.Timeout, providers.ApplicationName));
    }

    // A setting made on the pool's only connection, read again after the connection went back to the pool and came out.
    private static async Task<string> SettingAfterReuseAsync(string connectionString)
    {
        await using (var first = new NpgsqlConnection(connectionString))
        {
            await first.OpenAsync();
            await using var set = new NpgsqlCommand("SELECT set_config('courseportal.reset_probe', 'kept', false)", first);
            await set.ExecuteScalarAsync();
        }

        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT coalesce(current_setting('courseportal.reset_probe', true), '')", second);
        return (string)(await read.ExecuteScalarAsync())!;
    }
}
