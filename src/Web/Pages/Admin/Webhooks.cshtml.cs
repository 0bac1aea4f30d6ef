using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Webhooks;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Admin;

/// <summary>Webhooks (list, create with the secret shown once, remove), one webhook's delivery log with redelivery, and the
/// xAPI forwarding target. In local mode it says that these need PostgreSQL instead of offering forms that would refuse.</summary>
public sealed class WebhooksModel(WebhookService webhooks) : PageModel
{
    public ImmutableArray<WebhookInfo> Webhooks { get; private set; } = [];

    public CreatedWebhook? Created { get; private set; }

    /// <summary>The webhook whose log is shown (<c>?log=id</c>), with a page of its deliveries.</summary>
    public WebhookInfo? Selected { get; private set; }

    public ImmutableArray<WebhookDelivery> Deliveries { get; private set; } = [];

    public XapiForwarding? Xapi { get; private set; }

    /// <summary>Set in local mode: why there is nothing to manage here.</summary>
    public string? Unavailable { get; private set; }

    public static IReadOnlyList<string> Kinds { get; } = [.. WebhookRules.KnownKinds.Order(StringComparer.Ordinal)];

    [BindProperty]
    public NewWebhookInput Input { get; set; } = new();

    [BindProperty]
    public XapiInput XapiForm { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(string? log)
    {
        try
        {
            Webhooks = await webhooks.ListAsync();
            Xapi = await webhooks.GetXapiForwardingAsync();
            XapiForm = new XapiInput { Enabled = Xapi.Enabled, Endpoint = Xapi.Endpoint, Key = Xapi.Key };
            Selected = Webhooks.FirstOrDefault(w => w.Id == log);
            Deliveries = Selected is null ? [] : await webhooks.DeliveriesAsync(Selected.Id, null, 100);
        }
        catch (DomainException refused) when (refused.Code == ErrorCodes.WebhooksNeedDatabase)
        {
            Unavailable = refused.Message;
        }
    }

    /// <summary>Creates the webhook and shows its secret in this answer (never after a redirect, as for API tokens).</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Remove("XapiForm.Endpoint");
        ModelState.Remove("XapiForm.Key");
        return await ActAsync(async () =>
        {
            Created = await webhooks.CreateAsync(Input.Url, Input.Secret, Input.EventKinds, User.UserId()!);
            Response.Headers.CacheControl = "no-store";
            ModelState.Clear();
            Input = new();
            return null;
        }, field => field switch { "url" => "Input.Url", "secret" => "Input.Secret", _ when field.StartsWith("eventKinds", StringComparison.Ordinal) => "Input.EventKinds", _ => null });
    }

    public Task<IActionResult> OnPostRemoveAsync(string? id) => ActAsync(async () =>
    {
        var removed = await webhooks.RemoveAsync(id, User.UserId()!);
        StatusMessage = $"The webhook to {removed.Url} is removed; nothing more is sent to it.";
        return RedirectToPage();
    });

    public Task<IActionResult> OnPostRedeliverAsync(string? id, string? deliveryId) => ActAsync(async () =>
    {
        var again = await webhooks.RedeliverAsync(id, deliveryId, User.UserId()!);
        StatusMessage = $"Event {again.EventId} is queued again (delivery {again.Id}).";
        return RedirectToPage(new { log = id });
    });

    public Task<IActionResult> OnPostXapiAsync() => ActAsync(async () =>
    {
        await webhooks.SetXapiForwardingAsync(XapiForm.Enabled, XapiForm.Endpoint, XapiForm.Key, XapiForm.Secret, new Uri($"{Request.Scheme}://{Request.Host}/"), User.UserId()!);
        StatusMessage = XapiForm.Enabled ? "xAPI forwarding is on." : "xAPI forwarding is off.";
        return RedirectToPage();
    }, field => field switch { "endpoint" => "XapiForm.Endpoint", "key" => "XapiForm.Key", "secret" => "XapiForm.Secret", _ => null });

    private async Task<IActionResult> ActAsync(Func<Task<IActionResult?>> act, Func<string, string?>? fields = null)
    {
        try
        {
            if (await act() is { } done)
            {
                return done;
            }
        }
        catch (DomainException refused)
        {
            ModelState.AddDomainErrors(refused, fields ?? (_ => null));
        }

        await OnGetAsync(Request.Query["log"]);
        return Page();
    }
}

public sealed class NewWebhookInput
{
    [Display(Name = "Receiver URL")]
    public string? Url { get; set; }

    [Display(Name = "Secret (empty: generated)")]
    public string? Secret { get; set; }

    [Display(Name = "Event kinds (none ticked: every kind)")]
    public List<string> EventKinds { get; set; } = [];
}

public sealed class XapiInput
{
    public bool Enabled { get; set; }

    [Display(Name = "LRS endpoint")]
    public string? Endpoint { get; set; }

    [Display(Name = "Key")]
    public string? Key { get; set; }

    [Display(Name = "Secret (empty: keep the stored one)")]
    public string? Secret { get; set; }
}
