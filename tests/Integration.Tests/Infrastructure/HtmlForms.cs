using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CoursePortal.Integration.Tests.Infrastructure;

/// <summary>Reads a page with a real HTML parser and posts one of its forms with every field it has, as a browser would
/// (the antiforgery token included).</summary>
public static class HtmlForms
{
    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        return await BrowsingContext.New(Configuration.Default).OpenAsync(request => request.Content(html).Address(new Uri(client.BaseAddress!, path)));
    }

    /// <summary>Posts <paramref name="form"/> with its fields, <paramref name="replace"/> overriding some of them (as someone
    /// who forges a form would).</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlFormElement form, IReadOnlyDictionary<string, string>? replace = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not "submit" and not "button")
            .Select(i => KeyValuePair.Create(i.Name!, replace is not null && replace.TryGetValue(i.Name!, out var value) ? value : i.Value))
            .ToList();
        var action = form.GetAttribute("action") is { Length: > 0 } raw ? raw : form.Owner!.Location.PathName;
        return client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(fields));
    }
}
