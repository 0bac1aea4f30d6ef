using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CoursePortal.Web.Services;

/// <summary>
/// Lesson bodies as safe HTML: CommonMark with raw HTML disabled (so a body's &lt;script&gt; is shown as text),
/// and every link the renderer would write (inline, reference, autolink, image) kept only when it is relative or
/// http, https or mailto: any other is shown as its text, without a link. Videos are embedded only from an
/// allow-list of hosts, otherwise linked.
/// </summary>
public static class LessonRendering
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    private static readonly HashSet<string> AllowedSchemes = new(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase);

    // What a browser trims from around a URL: C0 controls and space.
    private static readonly char[] SpaceAndControls = [.. Enumerable.Range(0, 0x21).Select(c => (char)c)];

    private static readonly Dictionary<string, Func<Uri, string?>> EmbeddableVideoHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["www.youtube.com"] = uri => System.Web.HttpUtility.ParseQueryString(uri.Query)["v"] is { Length: > 0 } id ? $"https://www.youtube-nocookie.com/embed/{Uri.EscapeDataString(id)}" : null,
        ["youtu.be"] = uri => uri.AbsolutePath.Trim('/') is { Length: > 0 } id ? $"https://www.youtube-nocookie.com/embed/{Uri.EscapeDataString(id)}" : null,
        ["vimeo.com"] = uri => uri.AbsolutePath.Trim('/') is { Length: > 0 } id && id.All(char.IsAsciiDigit) ? $"https://player.vimeo.com/video/{id}" : null,
    };

    /// <summary>The Markdown as safe HTML. Under a lesson's title (<paramref name="underTitle"/>), the page's one heading
    /// is that title: a first heading repeating it is left out, and the body's headings move down so its highest is h2.</summary>
    public static string MarkdownToHtml(string? markdown, string? underTitle = null)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        if (underTitle is not null)
        {
            UnderTitle(document, underTitle);
        }

        // Both kinds are listed before anything moves: moving a link's children breaks a walk still under way.
        var links = document.Descendants<LinkInline>().ToList();
        var autolinks = document.Descendants<AutolinkInline>().ToList();
        foreach (var link in links)
        {
            // A reference link may take its URL from a delegate at render time; the check is on what would be written.
            if (!IsAllowedUrl(link.GetDynamicUrl?.Invoke() ?? link.Url))
            {
                // The link's text (an image's alt text) stays, as text.
                while (link.FirstChild is { } child)
                {
                    child.Remove();
                    link.InsertBefore(child);
                }

                link.Remove();
            }
        }

        foreach (var autolink in autolinks)
        {
            if (!IsAllowedUrl(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        return document.ToHtml(Pipeline);
    }

    private static void UnderTitle(MarkdownDocument document, string title)
    {
        if (document.FirstOrDefault() is HeadingBlock first && string.Equals(HeadingText(first), title.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            document.Remove(first);
        }

        var headings = document.Descendants<HeadingBlock>().ToList();
        var down = headings.Count == 0 ? 0 : Math.Max(0, 2 - headings.Min(h => h.Level));
        foreach (var heading in headings)
        {
            heading.Level = Math.Min(6, heading.Level + down);
        }
    }

    private static string HeadingText(HeadingBlock heading) =>
        string.Concat(heading.Inline?.Descendants<LiteralInline>().Select(l => l.Content.ToString()) ?? []).Trim();

    /// <summary>Whether a link may point at <paramref name="url"/>: a relative URL, or an http, https or mailto one.
    /// The scheme is read the way a browser reads it: tabs and line breaks anywhere are dropped, and control
    /// characters and spaces around it trimmed, so <c>jav&amp;#x09;ascript:</c> is javascript. Anything before a
    /// colon that is not an allowed scheme is refused, even where a browser would see a relative path.</summary>
    public static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        var read = new string([.. url.Where(c => c is not ('\t' or '\n' or '\r'))]).Trim(SpaceAndControls);
        var colon = read.IndexOf(':', StringComparison.Ordinal);
        var pathStart = read.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (pathStart >= 0 && pathStart < colon))
        {
            return true;
        }

        var scheme = read[..colon];
        return AllowedSchemes.Contains(scheme);
    }

    /// <summary>The embed URL of a video on an allow-listed host, or null (show a plain link instead).</summary>
    public static string? EmbedUrl(string? videoUrl) =>
        Uri.TryCreate(videoUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && EmbeddableVideoHosts.TryGetValue(uri.Host, out var embed)
            ? embed(uri)
            : null;
}
