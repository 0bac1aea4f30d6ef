using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using CoursePortal.Web.Tests.Architecture;

namespace CoursePortal.Web.Tests.Api;

/// <summary>
/// Learning Locker's conformance-tested xAPI validator (npm <c>@learninglocker/xapi-validation</c>, pinned in
/// tests/xapi-validation/package-lock.json), run by Node.js as a process: statements in on stdin, each one's errors out.
/// A missing install fails the test that asks, naming the command that installs it; nothing is skipped.
/// </summary>
public static class XapiValidator
{
    public const string Folder = "tests/xapi-validation";
    public const string InstallCommand = "npm ci --prefix tests/xapi-validation";

    /// <summary>The installed validator's version; fails when it is missing or is not the one the lock file pins.</summary>
    public static string Version()
    {
        var folder = Path.Combine(SourceTree.Root(), Folder);
        var installed = Path.Combine(folder, "node_modules", "@learninglocker", "xapi-validation", "package.json");
        if (!File.Exists(installed))
        {
            Assert.Fail($"The xAPI validator is not installed ({installed} is missing). Install it from the repository root with: {InstallCommand}");
        }

        using var package = JsonDocument.Parse(File.ReadAllText(installed));
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "package-lock.json")));
        var version = package.RootElement.GetProperty("version").GetString()!;
        var pinned = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/@learninglocker/xapi-validation").GetProperty("version").GetString();
        Assert.True(version == pinned, $"{Folder}/node_modules has @learninglocker/xapi-validation {version}, the lock file pins {pinned}; reinstall with: {InstallCommand}");
        return version;
    }

    /// <summary>Each statement of <paramref name="statements"/> (a JSON array) with the validator's errors, in order; an
    /// empty list means a conformant LRS accepts it.</summary>
    public static async Task<IReadOnlyList<(string? Id, IReadOnlyList<JsonElement> Errors)>> ValidateAsync(string statements)
    {
        Version();
        var start = new ProcessStartInfo("node", "validate.js")
        {
            WorkingDirectory = Path.Combine(SourceTree.Root(), Folder),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"Node.js could not be started ({e.Message}); the xAPI conformance test runs `node` from PATH (Node.js 18 or later), then needs: {InstallCommand}");
            throw;
        }

        using (process)
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(statements.AsMemory(), timeout.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            var (stdout, stderr) = (await output, await error);
            Assert.True(process.ExitCode == 0, $"the validator exited with {process.ExitCode}: {stderr}");
            using var results = JsonDocument.Parse(stdout);
            return [.. results.RootElement.EnumerateArray().Select(r => (
                r.GetProperty("id").GetString(),
                (IReadOnlyList<JsonElement>)[.. r.GetProperty("errors").EnumerateArray().Select(e => e.Clone())]))];
        }
    }
}
