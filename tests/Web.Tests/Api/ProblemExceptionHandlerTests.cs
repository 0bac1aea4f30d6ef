using System.Text.Json;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoursePortal.Web.Tests.Api;

public sealed class ProblemExceptionHandlerTests
{
    [Theory]
    [InlineData(DomainErrorKind.Invalid, 400)]
    [InlineData(DomainErrorKind.NotFound, 404)]
    [InlineData(DomainErrorKind.Conflict, 409)]
    [InlineData(DomainErrorKind.Forbidden, 403)]
    public async Task ADomainRefusalBecomesProblemDetailsWithItsStableCode(DomainErrorKind kind, int status)
    {
        var (handled, context, body) = await HandleAsync(new DomainException(kind, "draft_exists", "A draft already exists."));

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("draft_exists", body.GetProperty("code").GetString());
        Assert.Equal("A draft already exists.", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnUnreachableClusterBecomesA503()
    {
        var (handled, context, body) = await HandleAsync(new SiloUnavailableException("The silo is gone"));

        Assert.True(handled);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal(ErrorCodes.Unavailable, body.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(400, "malformed_request")]
    [InlineData(413, "too_large")]
    [InlineData(415, "unsupported_media_type")]
    public async Task ARequestTheFrameworkCannotBindIsItsOwnStatusWithACode(int status, string code)
    {
        var (handled, context, body) = await HandleAsync(new BadHttpRequestException("Required parameter \"string courseId\" was not provided from query string.", status));

        Assert.True(handled);
        Assert.Equal((status, code), (context.Response.StatusCode, body.GetProperty("code").GetString()));
        Assert.Equal(status, ProblemExceptionHandler.StatusFor(new BadHttpRequestException("x", status)));
    }

    [Fact]
    public async Task AnyOtherFailureIsLeftToTheDefaultHandler()
    {
        var (handled, _, _) = await HandleAsync(new InvalidOperationException("bug"));

        Assert.False(handled);
    }

    [Fact]
    public async Task APageRequestIsLeftToTheErrorPage()
    {
        var (handled, _, _) = await HandleAsync(DomainException.NotFound("Course", "x"), "/Author/Courses/x");

        Assert.False(handled);
        Assert.Equal(404, ProblemExceptionHandler.StatusFor(DomainException.NotFound("Course", "x")));
    }

    private static async Task<(bool Handled, HttpContext Context, JsonElement Body)> HandleAsync(Exception exception, string path = "/v1/courses")
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, exception, CancellationToken.None);

        context.Response.Body.Position = 0;
        var body = context.Response.Body.Length > 0 ? await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body) : default;
        return (handled, context, body);
    }
}
