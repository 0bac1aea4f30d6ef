using AngleSharp;
using AngleSharp.Dom;

namespace CoursePortal.Web.Tests;

/// <summary>Parses pages with a real HTML parser, never with regular expressions.</summary>
public static class HtmlDocuments
{
    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html).Address(new Uri(client.BaseAddress!, path)));
    }
}
