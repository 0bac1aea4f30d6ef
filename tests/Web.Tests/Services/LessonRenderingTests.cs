using AngleSharp.Html.Parser;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Tests.Services;

/// <summary>Under a lesson's title, the page's one heading is the title: a first heading that repeats the title is left
/// out and the body's headings move down so that its highest is h2.</summary>
public sealed class LessonRenderingTests
{
    [Fact]
    public void ABodyUnderItsTitleDropsTheRepeatedHeadingAndStartsItsOwnAtH2()
    {
        var html = LessonRendering.MarkdownToHtml("# Red flags\n\nLook for these.\n\n# Urgency\n\n## Pressure\n\n###### Deepest", underTitle: " red FLAGS ");
        var body = new HtmlParser().ParseDocument(html);

        Assert.Empty(body.QuerySelectorAll("h1"));
        Assert.Equal(["H2:Urgency", "H3:Pressure", "H6:Deepest"], body.QuerySelectorAll("h2, h3, h4, h5, h6").Select(h => $"{h.TagName}:{h.TextContent}"));
        Assert.DoesNotContain("Red flags", body.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ABodyThatStartsAtH2KeepsItsLevels()
    {
        var body = new HtmlParser().ParseDocument(LessonRendering.MarkdownToHtml("# Red flags\n\n## Urgency\n\n### Pressure", underTitle: "Red flags"));

        Assert.Equal(["H2:Urgency", "H3:Pressure"], body.QuerySelectorAll("h1, h2, h3").Select(h => $"{h.TagName}:{h.TextContent}"));
    }

    [Fact]
    public void AFirstHeadingOfOtherWordsStaysAndWithoutATitleNothingMoves()
    {
        var under = new HtmlParser().ParseDocument(LessonRendering.MarkdownToHtml("# Before you begin\n\nText.", underTitle: "Red flags"));
        var plain = new HtmlParser().ParseDocument(LessonRendering.MarkdownToHtml("# Before you begin\n\nText."));

        Assert.Equal("Before you begin", under.QuerySelector("h2")!.TextContent);
        Assert.Equal("Before you begin", plain.QuerySelector("h1")!.TextContent);
    }
}
