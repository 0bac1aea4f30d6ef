namespace CoursePortal.Web.Tests.Architecture;

/// <summary>The repository's checkout, found from the test output upwards, for tests that read its sources.</summary>
internal static class SourceTree
{
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CoursePortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CoursePortal.sln not found above the test output.");
    }

    /// <summary>The folders directly below <paramref name="relative"/> that hold C# files, build output left out.</summary>
    public static IReadOnlyList<string> CodeFolders(string relative) =>
        [.. Directory.EnumerateDirectories(Path.Combine(Root(), relative))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name is not ("bin" or "obj" or "Properties" or "wwwroot"))
            .Where(name => Directory.EnumerateFiles(Path.Combine(Root(), relative, name), "*.cs", SearchOption.AllDirectories).Any())
            .Order(StringComparer.Ordinal)];
}
