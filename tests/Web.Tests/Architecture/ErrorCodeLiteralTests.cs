using CoursePortal.Grains.Abstractions.Common;

namespace CoursePortal.Web.Tests.Architecture;

/// <summary>
/// Every /v1 error code is written once, in <see cref="ErrorCodes"/>; everything else names the constant. Read from the
/// sources, not the assemblies: a C# <c>const</c> is copied into its users' IL as the same <c>ldstr</c> as a literal, so
/// only the source tells <c>ErrorCodes.NoDraft</c> from <c>"no_draft"</c>. Razor markup (.cshtml) is left out: its
/// quoted strings are HTML attribute values (form field names such as <c>required</c>); its PageModels are scanned.
/// </summary>
public sealed class ErrorCodeLiteralTests
{
    private static readonly string[] Projects = ["Grains.Abstractions", "Grains", "Hosting", "Silo", "Web"];

    /// <summary>Strings equal to a code that mean something else, each with what it is.</summary>
    private static readonly (string File, string Text, string Why)[] NotCodes =
    [
        ("src/Grains.Abstractions/Courses/CourseDiff.cs", ErrorCodes.Required, "the name of a lesson's required flag in a version diff"),
        ("src/Grains.Abstractions/Packages/PackageDiff.cs", ErrorCodes.Required, "the name and the value of a requirement's required flag in a version diff"),
    ];

    [Fact]
    public void ErrorCodesAreWrittenOnlyInTheCatalog()
    {
        var codes = ErrorCodes.All.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        var root = SourceTree.Root();
        var found = Projects
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(root, "src", p), "*.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => f != "src/Grains.Abstractions/Common/ErrorCodes.cs")
            .SelectMany(f => CSharpStrings.Literals(File.ReadAllText(Path.Combine(root, f))).Where(l => codes.Contains(l.Text)).Select(l => (File: f, l.Text, l.Line)))
            .ToList();

        var notCodes = found.Where(l => NotCodes.Any(n => n.File == l.File && n.Text == l.Text)).ToList();
        var literals = found.Except(notCodes).ToList();
        var offenders = literals.Select(l => $"{l.File}:{l.Line} \"{l.Text}\"").ToList();
        var stale = NotCodes.Where(n => !notCodes.Any(l => l.File == n.File && l.Text == n.Text)).Select(n => $"{n.File} \"{n.Text}\"").ToList();

        Assert.True(offenders.Count == 0, $"Name the ErrorCodes constant instead of the literal: {string.Join("; ", offenders)}");
        Assert.True(stale.Count == 0, $"No longer hold this string, so leave NotCodes: {string.Join("; ", stale)}");
    }

    [Fact]
    public void TheScannerFindsLiteralsOutsideCommentsAndInsideInterpolationHoles()
    {
        const string Source = """
            // "commented" is not code
            var a = "plain"; /* "block" */ var c = '"';
            var b = $"{(x ? "hole" : @"verbatim""quoted")} text {{braces}}";
            var r = ~~~raw "quoted" ~~~;
            var e = "escaped \" quote";
            """;

        var literals = CSharpStrings.Literals(Source.Replace("~~~", "\"\"\"", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            [("plain", 2), ("hole", 3), ("verbatim\"\"quoted", 3), ("escaped \\\" quote", 5)],
            literals.Select(l => (l.Text, l.Line)));
    }
}
