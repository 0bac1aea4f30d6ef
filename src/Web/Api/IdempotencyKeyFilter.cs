using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Idempotency;
using CoursePortal.Web.Hosting;
using CoursePortal.Web.Services;
using Microsoft.AspNetCore.Diagnostics;

namespace CoursePortal.Web.Api;

/// <summary>Marks an operation that takes an <c>Idempotency-Key</c> header (see <see cref="IdempotencyKeyFilter"/>); the
/// OpenAPI document lists the header on it.</summary>
public sealed class IdempotencyKeyMetadata;

/// <summary>
/// The <c>Idempotency-Key</c> header of the bulk and import operations. A request with a key runs once per caller and
/// key: its answer (success or refusal) is recorded in the key's grain before it is sent, and a repeat with the same
/// method, path and body gets that answer again (<c>Idempotency-Replayed: true</c>) without running; the same key with
/// another request is refused (409 <c>idempotency_key_reused</c>), a twin while the first still runs too (409
/// <c>idempotency_key_in_use</c>, Retry-After). An answer of 500 or more, or no answer at all, is not recorded: the key
/// is given up, so the repeat runs. Without the header the operation runs as it always did.
/// </summary>
public sealed class IdempotencyKeyFilter(IdempotencyKeyService keys) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    private const string RetryAfterSeconds = "5";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }

        if (values.Count != 1 || !IsValidKey(values[0]))
        {
            await ApiProblems.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.InvalidIdempotencyKey,
                $"An {Header} is 1 to {IdempotencyKeys.MaxKeyLength} printable ASCII characters, sent once; nothing was changed.");
            return Results.Empty;
        }

        var fingerprint = await FingerprintAsync(http.Request);
        var key = new ClaimedKey(keys, KeyHash(http.User, values[0]!), fingerprint);
        var claim = await keys.BeginAsync(key.Hash, fingerprint);
        switch (claim.Verdict)
        {
            case IdempotencyVerdict.Replay:
                await ReplayAsync(http, claim.Answer!);
                return Results.Empty;
            case IdempotencyVerdict.InUse:
                // Most runs answer within seconds; one whose process died holds the key until its lease ends.
                http.Response.Headers.RetryAfter = RetryAfterSeconds;
                await ApiProblems.WriteAsync(http, StatusCodes.Status409Conflict, ErrorCodes.IdempotencyKeyInUse,
                    "A request with this idempotency key is still running; repeat it once that one has answered.");
                return Results.Empty;
            case IdempotencyVerdict.Reused:
                await ApiProblems.WriteAsync(http, StatusCodes.Status409Conflict, ErrorCodes.IdempotencyKeyReused,
                    "This idempotency key was used for another request (another operation, path or body); nothing was changed.");
                return Results.Empty;
            default:
                return await RunAsync(context, next, key);
        }
    }

    /// <summary>Printable ASCII (space to tilde), 1 to 255 characters: what fits a header and a log line as it is.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= IdempotencyKeys.MaxKeyLength } && key.All(c => c is >= ' ' and <= '~') && !string.IsNullOrWhiteSpace(key);

    // The answer is captured instead of sent, recorded, and only then sent: a client that got it can count on its replay.
    private static async Task<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, ClaimedKey key)
    {
        var http = context.HttpContext;
        var sent = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await AnswerAsync(context, next);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
        catch
        {
            http.Response.Body = sent;
            await key.ReleaseAsync();
            throw;
        }
        finally
        {
            http.Response.Body = sent;
        }

        var answer = new IdempotentAnswer(http.Response.StatusCode, http.Response.ContentType, Encoding.UTF8.GetString(captured.ToArray()),
            http.Response.Headers.Location.FirstOrDefault());
        if (answer.Status >= StatusCodes.Status500InternalServerError)
        {
            await key.ReleaseAsync();
        }
        else
        {
            try
            {
                await key.Keys.CompleteAsync(key.Hash, key.Fingerprint, answer);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // Only a recorded answer is sent, so every answer a client got is one a repeat gets too. This one ran but
                // is not recorded: the client is told so, not that nothing changed.
                await ApiProblems.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
                    $"The request ran, but its answer could not be recorded; a repeat with this key answers {ErrorCodes.IdempotencyKeyInUse} "
                    + $"until the key's lease ({IdempotencyKeys.Lease.TotalMinutes} minutes) ends, then runs again.");
                return Results.Empty;
            }
        }

        captured.Position = 0;
        await captured.CopyToAsync(sent, http.RequestAborted);
        return Results.Empty;
    }

    // The key this request claimed: by its caller's hash, for this request's fingerprint.
    private sealed record ClaimedKey(IdempotencyKeyService Keys, string Hash, string Fingerprint)
    {
        // A key that cannot be given up (the cluster is away, which is likely why the run failed) is freed by its lease;
        // the run's own failure is what the client is told.
        public async Task ReleaseAsync()
        {
            try
            {
                await Keys.ReleaseAsync(Hash, Fingerprint);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
            }
        }
    }

    // The operation's answer written out, a refusal as the exception handler writes it everywhere else.
    private static async Task AnswerAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            var result = await next(context);
            await (result as IResult ?? Results.Json(result)).ExecuteAsync(http);
        }
        catch (DomainException refused)
        {
            foreach (var handler in http.RequestServices.GetServices<IExceptionHandler>())
            {
                if (await handler.TryHandleAsync(http, refused, http.RequestAborted))
                {
                    return;
                }
            }

            throw;
        }
    }

    private static async Task ReplayAsync(HttpContext http, IdempotentAnswer answer)
    {
        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = answer.ContentType;
        if (answer.Location is { } location)
        {
            http.Response.Headers.Location = location;
        }

        http.Response.Headers[ReplayedHeader] = "true";
        await http.Response.WriteAsync(answer.Body, Encoding.UTF8, http.RequestAborted);
    }

    // The same caller is the same person, or the same API token (a token is not its creator).
    private static string KeyHash(ClaimsPrincipal user, string key)
    {
        var caller = user.ApiTokenId() is { } token ? $"token:{token}" : $"user:{user.UserId()}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{key}")));
    }

    // What makes two requests the same one: method, path, query, media type and body. The body was buffered before it
    // was bound (UseIdempotencyKeyBodies), so it is read again from its start, and left there for a handler that reads it.
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n{request.GetTypedHeaders().ContentType?.MediaType}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            request.Body.Position = 0;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>Wiring of the <c>Idempotency-Key</c> header.</summary>
public static class IdempotentOperations
{
    /// <summary>Takes the <c>Idempotency-Key</c> header on this operation.</summary>
    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.WithMetadata(new IdempotencyKeyMetadata());
        return endpoint.AddEndpointFilter<TBuilder, IdempotencyKeyFilter>();
    }

    /// <summary>Keeps the body of a request with an idempotency key readable after it is bound, so the filter can tell
    /// a repeat from another request by it. After the size limits: the buffer holds at most the operation's limit.</summary>
    public static IApplicationBuilder UseIdempotencyKeyBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.ContainsKey(IdempotencyKeyFilter.Header) && context.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyMetadata>() is not null)
        {
            context.Request.EnableBuffering();
        }

        await next(context);
    });
}
