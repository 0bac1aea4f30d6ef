using AngleSharp.Html.Parser;
using CoursePortal.Web.Services;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// An author (or an imported archive) writes a lesson body that links to script: in every form Markdown has for a
/// link, with the scheme's case mixed and hidden behind entities, tabs and line breaks. Whatever the renderer writes
/// into an <c>href</c> or <c>src</c> is read back the way a browser reads it (AngleSharp's URL parser, the WHATWG
/// rules) and is http, https, mailto or relative to the page.
/// </summary>
public sealed class MarkdownLinkTests
{
    private static readonly string[] Schemes =
    [
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", "JavaScript:alert(1)", "jav&#x09;ascript:alert(1)", "jav&#9;ascript:alert(1)",
        "jav&#x0A;ascript:alert(1)", "&#x6A;avascript:alert(1)", "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
        "java\\script:alert(1)", "&#x01;javascript:alert(1)", "javascript&colon;alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "VBScript:msgbox(1)", "file:///etc/passwd", "livescript:alert(1)",
    ];

    public static TheoryData<string> Attacks()
    {
        var data = new TheoryData<string>();
        foreach (var url in Schemes)
        {
            data.Add($"[inline]({url})");
            data.Add($"[inline in angle brackets](<{url}>)");
            data.Add($"[titled]({url} \"title\")");
            data.Add($"[reference][r]\n\n[r]: {url}");
            data.Add($"[collapsed][]\n\n[collapsed]: {url}");
            data.Add($"[shortcut]\n\n[shortcut]: {url}");
            data.Add($"![image]({url})");
            data.Add($"![image reference][i]\n\n[i]: {url}");
            data.Add($"[![image in a link]({url})]({url})");
            data.Add($"<{url}>");
            data.Add($"bare {url} and www.example.com and https://example.com");
            data.Add($"<a href=\"{url}\">raw html</a> <img src=\"{url}\">");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public void NoLinkTheRendererWritesLeadsOutsideHttpHttpsOrMailto(string markdown)
    {
        var html = LessonRendering.MarkdownToHtml(markdown);

        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        Assert.All(document.All.SelectMany(e => e.Attributes).Where(a => a.Name is "href" or "src" or "action" or "formaction" or "srcset" or "poster"),
            a => Assert.True(a.Value.Length == 0 || new AngleSharp.Dom.Url(BasePage, a.Value).Scheme is "http" or "https" or "mailto", $"{a.Name}=\"{a.Value}\" in {html}"));
    }

    [Theory]
    [InlineData("[safe](https://example.com/a)", "a", "href", "https://example.com/a")]
    [InlineData("[safe](HTTP://example.com/a)", "a", "href", "HTTP://example.com/a")]
    [InlineData("[relative](/learn/catalog)", "a", "href", "/learn/catalog")]
    [InlineData("[fragment](#top)", "a", "href", "#top")]
    [InlineData("[mail](mailto:help@example.com)", "a", "href", "mailto:help@example.com")]
    [InlineData("<https://example.com/b>", "a", "href", "https://example.com/b")]
    [InlineData("<help@example.com>", "a", "href", "mailto:help@example.com")]
    [InlineData("![logo](https://img.example.com/logo.png)", "img", "src", "https://img.example.com/logo.png")]
    [InlineData("[ref][r]\n\n[r]: https://example.com/ref", "a", "href", "https://example.com/ref")]
    public void AllowedLinksStay(string markdown, string element, string attribute, string url)
    {
        var document = new HtmlParser().ParseDocument(LessonRendering.MarkdownToHtml(markdown));

        Assert.Equal(url, document.QuerySelector(element)?.GetAttribute(attribute));
    }

    [Fact]
    public void ARefusedLinkKeepsItsTextWithoutALink()
    {
        var document = new HtmlParser().ParseDocument(LessonRendering.MarkdownToHtml("See [the *policy*](javascript:alert(1)) and <javascript:alert(2)> or ![a chart](data:image/png;base64,AAAA)."));

        Assert.Empty(document.QuerySelectorAll("a, img"));
        Assert.Equal("See the policy and javascript:alert(2) or a chart.", document.Body!.TextContent.Trim());
        Assert.NotNull(document.QuerySelector("em"));
    }

    private static readonly AngleSharp.Dom.Url BasePage = new("https://portal.example/Learn/Player/course/lesson");
}
