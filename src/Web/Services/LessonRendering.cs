using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CoursePortal.Web.Services;

/// <summary>
/// Lesson bodies as safe HTML: CommonMark with raw HTML disabled (so a body's &lt;script&gt; is shown as text)
/// and every link or image that is not http(s), mailto or relative emptied; videos are embedded only from an
/// allow-list of hosts, otherwise linked.
/// </summary>
public static class LessonRendering
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    private static readonly Dictionary<string, Func<Uri, string?>> EmbeddableVideoHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["www.youtube.com"] = uri => System.Web.HttpUtility.ParseQueryString(uri.Query)["v"] is { Length: > 0 } id ? $"https://www.youtube-nocookie.com/embed/{Uri.EscapeDataString(id)}" : null,
        ["youtu.be"] = uri => uri.AbsolutePath.Trim('/') is { Length: > 0 } id ? $"https://www.youtube-nocookie.com/embed/{Uri.EscapeDataString(id)}" : null,
        ["vimeo.com"] = uri => uri.AbsolutePath.Trim('/') is { Length: > 0 } id && id.All(char.IsAsciiDigit) ? $"https://player.vimeo.com/video/{id}" : null,
    };

    public static string MarkdownToHtml(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "";
            }
        }

        return document.ToHtml(Pipeline);
    }

    /// <summary>The embed URL of a video on an allow-listed host, or null (show a plain link instead).</summary>
    public static string? EmbedUrl(string? videoUrl) =>
        Uri.TryCreate(videoUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && EmbeddableVideoHosts.TryGetValue(uri.Host, out var embed)
            ? embed(uri)
            : null;

    private static bool IsSafe(string? url) =>
        string.IsNullOrEmpty(url)
        || (Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            ? absolute.Scheme is "http" or "https" or "mailto"
            : !url.Contains(':', StringComparison.Ordinal));
}
