namespace CoursePortal.Web.Tests.Architecture;

/// <summary>A test sits in the folder of the code it tests, so the tests of a source file are found one folder over.</summary>
public sealed class TestLayoutTests
{
    /// <summary>Web test folders that test across the layers rather than one folder of the web.</summary>
    private static readonly string[] CrossCutting =
    [
        "Architecture", // rules over the whole solution
        "Integrity", // the attacks on the record, each through every route that reaches it (page, /v1, import)
    ];

    [Theory]
    [InlineData("tests/Domain.Tests", "src/Grains.Abstractions")]
    [InlineData("tests/Grains.Tests", "src/Grains")]
    [InlineData("tests/Web.Tests", "src/Web")]
    public void EveryTestFolderHasASourceFolderOfTheSameName(string tests, string source)
    {
        var sourceFolders = SourceTree.CodeFolders(source);
        var strays = SourceTree.CodeFolders(tests).Except(sourceFolders).Except(CrossCutting).ToList();

        Assert.NotEmpty(sourceFolders);
        Assert.True(strays.Count == 0, $"Move these test folders' tests beside the source folder they test: {string.Join(", ", strays)}");
    }
}
