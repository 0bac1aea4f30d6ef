using System.Runtime.CompilerServices;

namespace CoursePortal.Web.Services;

/// <summary>
/// Reads a keyset-ordered source to its end a bounded page at a time, for exports that must not hold more than a page or
/// two whatever the size of the range. Any source that answers "the next page after this item" fits: learning events
/// after (occurred at, event id), a package's enrollments after a user id. The page after the last one is asked for while
/// the caller writes the current one, so reading and writing overlap; at most two pages are held at once.
/// </summary>
public static class KeysetPages
{
    /// <summary>The pages of the source, in order, until it answers an empty page. <paramref name="readAfter"/> gets the last
    /// item of the previous page (null for the first page) and answers the page after it. A short page does not end the
    /// reading, because a source may answer fewer than asked (a silo of the previous release caps its pages lower).</summary>
    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadAsync<T>(
        Func<T?, CancellationToken, Task<IReadOnlyList<T>>> readAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(readAfter);
        var next = readAfter(null, cancellationToken);
        try
        {
            while (true)
            {
                var page = await next;
                if (page.Count == 0)
                {
                    yield break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                next = readAfter(page[^1], cancellationToken);
                yield return page;
            }
        }
        finally
        {
            // A reader that stops early (the client left) leaves the page read ahead in flight: observe it, so its fault
            // is not reported as unobserved.
            if (!next.IsCompleted)
            {
                _ = next.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }
}
