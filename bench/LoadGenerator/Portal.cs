using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoursePortal.LoadGenerator;

/// <summary>One virtual learner: their sign-in cookie and where they are in the bench courses.</summary>
public sealed class Learner(string email)
{
    public string Email { get; } = email;

    public string? Cookie { get; set; }

    public int Course { get; set; } = -1;

    public int Lesson { get; set; }
}

/// <summary>The portal over HTTP: one connection pool for every learner, each request carrying that learner's cookie.</summary>
public sealed class Portal(Uri baseAddress, Recorder recorder) : IDisposable
{
    public const string LearnerPassword = "bench-learner-password-1";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = 4096,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static string CourseId(int index) => $"bench-course-{index}";

    public static string LessonId(int index) => $"lesson-{index}";

    public static string Email(int index) => $"learner{index}@bench.local";

    /// <summary>Signs the learner in; the cookie is kept for every later request.</summary>
    public async Task SignInAsync(Learner learner, string password = LearnerPassword)
    {
        ArgumentNullException.ThrowIfNull(learner);
        using var response = await SendAsync("POST /v1/session", HttpMethod.Post, "/v1/session", null, JsonContent.Create(new { email = learner.Email, password }));
        response.EnsureSuccessStatusCode();
        learner.Cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    public async Task<bool> StartAsync(Learner learner, int course)
    {
        ArgumentNullException.ThrowIfNull(learner);
        using var response = await SendAsync("POST /v1/courses/{id}/start", HttpMethod.Post, $"/v1/courses/{CourseId(course)}/start", learner.Cookie, JsonContent.Create(new { }));
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> CompleteAsync(Learner learner, int course, int lesson)
    {
        ArgumentNullException.ThrowIfNull(learner);
        using var response = await SendAsync("POST /v1/courses/{id}/progress/complete", HttpMethod.Post, $"/v1/courses/{CourseId(course)}/progress/complete",
            learner.Cookie, JsonContent.Create(new { lessonId = LessonId(lesson) }));
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> ProgressAsync(Learner learner, int course)
    {
        ArgumentNullException.ThrowIfNull(learner);
        using var response = await SendAsync("GET /v1/courses/{id}/progress", HttpMethod.Get, $"/v1/courses/{CourseId(course)}/progress", learner.Cookie, null);
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> MyLearningAsync(Learner learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        using var response = await SendAsync("GET /Learn/MyLearning", HttpMethod.Get, "/Learn/MyLearning", learner.Cookie, null);
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> CeilingAsync(string kind, int key)
    {
        using var response = kind == "write"
            ? await SendAsync("POST /write/{id}", HttpMethod.Post, $"/write/k{key}", null, null)
            : await SendAsync("GET /read/{id}", HttpMethod.Get, $"/read/k{key}", null, null);
        return response.IsSuccessStatusCode;
    }

    /// <summary>A JSON call outside the measurement (setup), failing loudly unless the answer is one of <paramref name="accepted"/>.</summary>
    public async Task<JsonElement> SetupAsync(HttpMethod method, string path, string? cookie, object? body, params HttpStatusCode[] accepted)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode && !accepted.Contains(response.StatusCode))
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }

    private async Task<HttpResponseMessage> SendAsync(string endpoint, HttpMethod method, string path, string? cookie, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (IsRefusal(response))
            {
                recorder.RecordRefused(endpoint, started);
                return response;
            }

            var ok = response.IsSuccessStatusCode;
            recorder.Record(endpoint, started, ok, ok ? null : $"{(int)response.StatusCode} {Truncate(await response.Content.ReadAsStringAsync())}");
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            recorder.Record(endpoint, started, false, e.GetType().Name + ": " + e.Message);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }
    }

    // The portal's "not now": admission control (503 overloaded) or a rate limit (429), each saying when to come back.
    private static bool IsRefusal(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests && response.Headers.RetryAfter is not null;

    private static string Truncate(string text) => text.Length > 160 ? text[..160] : text;

    public void Dispose() => _http.Dispose();
}
