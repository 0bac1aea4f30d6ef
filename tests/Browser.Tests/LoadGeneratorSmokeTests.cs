using System.Diagnostics;
using System.Text.Json;

namespace CoursePortal.Browser.Tests;

/// <summary>Keeps bench/LoadGenerator working: a few seconds of its setup and scenarios against the test portal. The
/// figures are not judged here (timed assertions do not belong in tests); only that requests ran and none failed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LoadGeneratorSmokeTests(BrowserFixture fixture)
{
    private async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CoursePortal.LoadGenerator.dll"));
        foreach (var argument in arguments.Concat(["--url", fixture.Portal.BaseAddress.ToString().TrimEnd('/')]))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task TheLoadGeneratorSetsUpAndRunsItsScenariosWithoutErrors()
    {
        var tag = Random.Shared.Next(100_000, 900_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var setup = await RunAsync("setup", "--admin-email", "admin@demo.local", "--admin-password", Journeys.Password,
            "--learners", "4", "--courses", "1", "--lessons", "8");
        Assert.True(setup.Exit == 0, setup.Output);

        foreach (var scenario in new[] { "complete", "mylearning", "flow" })
        {
            var file = Path.Combine(Path.GetTempPath(), $"loadgen-{scenario}-{tag}.json");
            var run = await RunAsync("run", "--scenario", scenario, "--learners", "4", "--concurrency", "2", "--courses", "1", "--lessons", "8",
                "--warmup", "1", "--duration", "2", "--think-max", scenario == "flow" ? "100" : "0", "--out", file);
            Assert.True(run.Exit == 0, run.Output);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            File.Delete(file);
            var endpoints = summary.RootElement.GetProperty("endpoints").EnumerateArray().ToList();
            Assert.True(summary.RootElement.GetProperty("requests").GetInt64() > 0, run.Output);
            Assert.All(endpoints, e => Assert.Equal(0, e.GetProperty("errors").GetInt64()));
        }
    }
}
