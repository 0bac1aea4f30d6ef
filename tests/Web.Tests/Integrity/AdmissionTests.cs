using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoursePortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Integrity;

/// <summary>
/// A crowd arrives at a web whose places are all taken (Admission:MaxConcurrentRequests 1, on real Kestrel): one
/// learner's lesson completion holds the only place while its body is still on the way (the test sends the rest when
/// it chooses). Every other request is refused at once, or after its short wait in the queue, with 503 problem details
/// <c>overloaded</c> and <c>Retry-After</c>, and changes nothing; health probes and static files are still answered; the
/// held completion, once its body arrives, is recorded as the only change.
/// </summary>
public sealed class AdmissionTests
{
    private const string Course = "phishing-awareness";

    [Fact]
    public async Task PastTheLimitEveryRequestIsRefusedAtOnceAndChangesNothing()
    {
        using var portal = Portal(queueLimit: 0, queueTimeoutMilliseconds: 0);
        using var learner = await FreshLearners.SignedInAsync(() => Streaming(portal));
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/start"), new { })).EnsureSuccessStatusCode();

        var held = new HeldBody($$"""{"lessonId":"what-is-phishing"}""");
        var holding = learner.PostAsync(Uri($"/v1/courses/{Course}/progress/complete"), held);
        await WaitUntilFullAsync(portal, holding);
        var crowd = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/progress/complete"), new { lessonId = "red-flags" })
            : learner.GetAsync(Uri($"/v1/courses/{Course}/progress"))));
        using var live = await learner.GetAsync(Uri("/health/live"));
        using var ready = await learner.GetAsync(Uri("/health/ready"));
        using var styles = await learner.GetAsync(Uri("/css/site.css"));
        using var page = await learner.GetAsync(Uri("/Learn/MyLearning"));
        held.Release();
        using var heldAnswer = await holding;

        foreach (var refused in crowd)
        {
            await AssertOverloadedAsync(refused);
        }

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, ready.StatusCode, styles.StatusCode));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("1", Assert.Single(page.Headers.GetValues("Retry-After")));
        Assert.Equal(HttpStatusCode.OK, heldAnswer.StatusCode);
        var progress = await learner.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{Course}/progress"));
        Assert.Equal(["what-is-phishing"], progress.GetProperty("completedLessons").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task ARequestThatWaitsPastTheQueueBudgetIsRefusedAndChangesNothing()
    {
        using var portal = Portal(queueLimit: 8, queueTimeoutMilliseconds: 50);
        using var learner = await FreshLearners.SignedInAsync(() => Streaming(portal));
        (await learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/start"), new { })).EnsureSuccessStatusCode();

        var held = new HeldBody($$"""{"lessonId":"what-is-phishing"}""");
        var holding = learner.PostAsync(Uri($"/v1/courses/{Course}/progress/complete"), held);
        await WaitUntilFullAsync(portal, holding);
        var queued = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            learner.PostAsJsonAsync(Uri($"/v1/courses/{Course}/progress/complete"), new { lessonId = "red-flags" })));
        held.Release();
        using var heldAnswer = await holding;

        foreach (var refused in queued)
        {
            await AssertOverloadedAsync(refused);
        }

        Assert.Equal(HttpStatusCode.OK, heldAnswer.StatusCode);
        var progress = await learner.GetFromJsonAsync<JsonElement>(Uri($"/v1/courses/{Course}/progress"));
        Assert.Equal(["what-is-phishing"], progress.GetProperty("completedLessons").EnumerateArray().Select(l => l.GetString()));
    }

    private static LocalPortal Portal(int queueLimit, int queueTimeoutMilliseconds) => new("Testing", kestrel: true, settings: new Dictionary<string, string>
    {
        ["Admission:MaxConcurrentRequests"] = "1",
        ["Admission:QueueLimit"] = queueLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Admission:QueueTimeoutMilliseconds"] = queueTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    // The test client's redirect handler reads a body whole before sending it: without it, the held body streams.
    private static HttpClient Streaming(LocalPortal portal) => portal.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = portal.Factory.ClientOptions.BaseAddress });

    // The held request takes its place when its headers arrive, which the client cannot see: watch the gate itself. Asking
    // over HTTP raced it: a probe that took the place first had the held request refused (its answer waiting behind the
    // held body), and every later probe found the place free.
    private static async Task WaitUntilFullAsync(LocalPortal portal, Task<HttpResponseMessage> holding)
    {
        var gate = portal.Factory.Services.GetRequiredService<AdmissionGate>();
        for (var attempt = 0; attempt < 1_500 && !holding.IsCompleted; attempt++)
        {
            if (gate.Active == 1)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"The held request never took the portal's only place ({holding.Status}: {(holding.IsCompletedSuccessfully ? holding.Result.StatusCode : holding.Exception?.GetBaseException().Message)}).");
    }

    private static async Task AssertOverloadedAsync(HttpResponseMessage refused)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", Assert.Single(refused.Headers.GetValues("Retry-After")));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("overloaded", problem.GetProperty("code").GetString());
        refused.Dispose();
    }

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    /// <summary>A JSON body sent in two parts: the first at once, the rest when the test releases it (chunked, so the
    /// server has the request, and has given it a place, while it still waits for the body).</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly byte[] _text;
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBody(string json)
        {
            _text = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_text.AsMemory(0, 1));
            await stream.FlushAsync();
            await _released.Task;
            await stream.WriteAsync(_text.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
