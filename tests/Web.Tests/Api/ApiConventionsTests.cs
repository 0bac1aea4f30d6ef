using System.Net.Http.Json;
using System.Text.Json;
using CoursePortal.Web.Api;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Api;

/// <summary>An endpoint mapped under /v1 that says nothing about the document (as the next one will be) gets its id,
/// summary, tag, security and problem answers from the conventions alone, and the result passes the lint.</summary>
public sealed class ApiConventionsTests
{
    [Fact]
    public async Task ANewEndpointIsDocumentedWithoutALineOfItsOwn()
    {
        var document = await DocumentOfAsync(v1 =>
        {
            var admin = v1.MapGroup("/widgets").RequireAuthorization("Admin");
            admin.MapGet("/{id}", WidgetEndpoints.GetWidget);
            admin.MapPost("", WidgetEndpoints.CreateWidget);
            v1.MapGet("/widgets/peek", WidgetEndpoints.PeekWidget).AllowAnonymous();
            v1.MapDelete("/widgets/{id}", WidgetEndpoints.DropWidget)
                .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme });
        });
        var get = Operation(document, "/v1/widgets/{id}", "get");

        Assert.True(ApiDocumentLint.Faults(document).Count == 0, string.Join("\n", ApiDocumentLint.Faults(document)));
        Assert.Equal(("GetWidget", "Get widget", "Widget"), (get.GetProperty("operationId").GetString(), get.GetProperty("summary").GetString(), get.GetProperty("tags")[0].GetString()));
        Assert.Contains("Needs the Admin role", get.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(["200", "400", "401", "403", "404", "503"], Statuses(get));
        Assert.Equal(["201", "400", "401", "403", "409", "413", "415", "503"], Statuses(Operation(document, "/v1/widgets", "post")));
        Assert.Equal(["cookie", "bearer"], Schemes(get));
        Assert.Empty(Schemes(Operation(document, "/v1/widgets/peek", "get")));
        Assert.Equal(["200", "503"], Statuses(Operation(document, "/v1/widgets/peek", "get")));
        Assert.Equal(["cookie"], Schemes(Operation(document, "/v1/widgets/{id}", "delete")));
        Assert.False(document.GetProperty("paths").TryGetProperty("/elsewhere", out _));
    }

    private static async Task<JsonElement> DocumentOfAsync(Action<RouteGroupBuilder> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthorization();
        builder.Services.AddCoursePortalOpenApi();
        await using var app = builder.Build();
        map(app.MapGroup("/v1").WithApiConventions());
        app.MapGet("/elsewhere", WidgetEndpoints.PeekWidget);
        app.MapOpenApi(ApiDocument.Path);
        await app.StartAsync();
        return await app.GetTestClient().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
    }

    private static JsonElement Operation(JsonElement document, string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static IEnumerable<string> Statuses(JsonElement operation) => operation.GetProperty("responses").EnumerateObject().Select(r => r.Name);

    private static IEnumerable<string> Schemes(JsonElement operation) =>
        operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(s => s.Name);

    public sealed record WidgetJson(string Id, string Name);

    private static class WidgetEndpoints
    {
        public static Ok<WidgetJson> GetWidget(string id) => TypedResults.Ok(new WidgetJson(id, "A widget"));

        public static Created<WidgetJson> CreateWidget(WidgetJson body) => TypedResults.Created($"/v1/widgets/{body.Id}", body);

        public static Ok<WidgetJson> PeekWidget() => TypedResults.Ok(new WidgetJson("peek", "A widget"));

        public static NoContent DropWidget(string id) => TypedResults.NoContent();
    }
}
