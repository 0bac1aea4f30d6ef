using System.Net.Http.Json;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Web.Hosting;

namespace CoursePortal.Web.Tests;

/// <summary>Reads pages with a real HTML parser and submits their forms as a browser would.</summary>
public static class HtmlDocuments
{
    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await ParseAsync(client, response);
    }

    public static async Task<IDocument> ParseAsync(HttpClient client, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html).Address(response.RequestMessage?.RequestUri ?? client.BaseAddress!));
    }

    /// <summary>Fills the named fields of <paramref name="form"/> and posts every field the form has
    /// (hidden ones included, such as the antiforgery token).</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlFormElement form, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(values);
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not "submit" and not "button")
            .ToDictionary(i => i.Name!, i => values.TryGetValue(i.Name!, out var v) ? v : i.Value);
        var action = string.IsNullOrEmpty(form.Action) ? form.BaseUri : form.Action;
        return client.PostAsync(new Uri(new Uri(action).PathAndQuery, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in through the real sign-in form.</summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password = AccountBootstrap.DemoPassword)
    {
        var page = await client.GetDocumentAsync("/Account/SignIn");
        using var response = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#sign-in")!,
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        if (!response.IsSuccessStatusCode && (int)response.StatusCode is < 300 or >= 400)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {response.StatusCode}");
        }
    }

    /// <summary>Signs in through the API, as scripts do.</summary>
    public static async Task SignInThroughApiAsync(this HttpClient client, string email, string password = AccountBootstrap.DemoPassword)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email, password });
        response.EnsureSuccessStatusCode();
    }
}
