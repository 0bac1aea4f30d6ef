using System.Net.Http.Json;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

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
        // The test server may leave the request URI relative; forms resolve their actions against an absolute address.
        var address = response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : new Uri(client.BaseAddress!, response.RequestMessage?.RequestUri?.OriginalString ?? "/");
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html).Address(address));
    }

    /// <summary>Fills the named fields of <paramref name="form"/> and posts every field the form has
    /// (inputs, selects and text areas; hidden ones included, such as the antiforgery token).</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlFormElement form, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(values);
        // In document order, as browsers send them: a check box before the hidden "false" that follows it.
        var fields = new List<KeyValuePair<string, string>>();
        var chosenGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "radio" or "checkbox" } box when !string.IsNullOrEmpty(box.Name) && !box.IsDisabled:
                    if (values.TryGetValue(box.Name, out var chosen))
                    {
                        // Several boxes of one name are chosen as "a|b".
                        if (chosenGroups.Add(box.Name))
                        {
                            fields.AddRange(chosen.Split('|').Select(c => KeyValuePair.Create(box.Name, c)));
                        }
                    }
                    else if (box.IsChecked)
                    {
                        fields.Add(KeyValuePair.Create(box.Name, box.Value));
                    }

                    break;
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled && input.Type is not "submit" and not "button" and not "file":
                    fields.Add(KeyValuePair.Create(input.Name, values.TryGetValue(input.Name, out var v) ? v : input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    fields.Add(KeyValuePair.Create(select.Name, values.TryGetValue(select.Name, out var s) ? s : select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !area.IsDisabled:
                    fields.Add(KeyValuePair.Create(area.Name, values.TryGetValue(area.Name, out var t) ? t : area.Value ?? ""));
                    break;
            }
        }

        // The raw action attribute (a site-relative URL from the tag helpers), or the page itself when there is none.
        var action = form.GetAttribute("action") is { Length: > 0 } raw ? raw : form.Owner!.Location.PathName + form.Owner.Location.Search;
        return client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    /// <summary>Submits the form <paramref name="selector"/> of <paramref name="page"/> and reads the page it leads to;
    /// a missing form or an error status fails with what the page said.</summary>
    public static async Task<IDocument> PostFormAsync(this HttpClient client, IDocument page, string selector, Dictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var form = (IHtmlFormElement?)page.QuerySelector(selector)
            ?? throw new InvalidOperationException($"No form {selector} on {page.Url}: {Problems(page)}");
        using var response = await client.SubmitAsync(form, values ?? new Dictionary<string, string>());
        var next = await ParseAsync(client, response);
        return response.IsSuccessStatusCode ? next : throw new InvalidOperationException($"{selector} answered {(int)response.StatusCode}: {Problems(next)}");
    }

    /// <summary>The messages a page shows: the validation summary, field and node errors, the status line.</summary>
    public static string Problems(IDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return $"{page.Url}: " + string.Join(" | ", page.QuerySelectorAll("#errors li, .node-errors li, .field-error, #status, #reason")
            .Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
    }

    /// <summary>Signs in through the real sign-in form.</summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password = LocalModeFactory.DemoPassword)
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
    public static async Task SignInThroughApiAsync(this HttpClient client, string email, string password = LocalModeFactory.DemoPassword)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/v1/session", UriKind.Relative), new { email, password });
        response.EnsureSuccessStatusCode();
    }
}
