using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Web.Api;

/// <summary>Turns the events browser's parameters (API and page alike) into a query, refusing bad ones with 400.</summary>
public static class EventPage
{
    public static EventQuery Query(string? userId, string? packageId, string? courseId, string? kind, DateTimeOffset? from, DateTimeOffset? to, string? after, int? limit)
    {
        List<FieldError> errors = [.. IdErrors(userId, packageId, courseId), .. FilterErrors(kind, from, to, limit)];
        if (!TryReadCursor(after, out var position))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidCursor, "after", "'after' must be the 'next' value of the previous page."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        return new EventQuery(OptionalText.TrimmedOrNull(userId), OptionalText.TrimmedOrNull(packageId), OptionalText.TrimmedOrNull(courseId), OptionalText.TrimmedOrNull(kind), from, to, position?.At, position?.Id, limit ?? EventQuery.DefaultLimit);
    }

    /// <summary>The cursor that continues after <paramref name="last"/>.</summary>
    public static string Cursor(LearningEvent last)
    {
        ArgumentNullException.ThrowIfNull(last);
        return $"{last.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}_{last.EventId:N}";
    }

    private static IEnumerable<FieldError> IdErrors(string? userId, string? packageId, string? courseId)
    {
        foreach (var (name, value) in new[] { ("userId", userId), ("packageId", packageId), ("courseId", courseId) })
        {
            if (!string.IsNullOrEmpty(value) && !Ids.IsValid(value))
            {
                yield return new FieldError(ErrorCodes.InvalidId, name, $"'{value}' is not an id.");
            }
        }
    }

    private static IEnumerable<FieldError> FilterErrors(string? kind, DateTimeOffset? from, DateTimeOffset? to, int? limit)
    {
        if (!string.IsNullOrEmpty(kind) && typeof(LearningEventKinds).GetFields().All(f => (string?)f.GetValue(null) != kind))
        {
            yield return new FieldError(ErrorCodes.InvalidKind, "kind", $"'{kind}' is not a kind of learning event.");
        }

        if (from is { } f && to is { } t && t < f)
        {
            yield return new FieldError(ErrorCodes.InvalidDates, "to", "'to' is before 'from'.");
        }

        if (limit is < 1 or > EventQuery.MaxLimit)
        {
            yield return new FieldError(ErrorCodes.OutOfRange, "limit", $"A page holds 1 to {EventQuery.MaxLimit} events.");
        }
    }

    // No cursor is the first page; a cursor is what Cursor wrote, "<UTC ticks>_<event id>".
    private static bool TryReadCursor(string? after, out (DateTimeOffset At, Guid Id)? position)
    {
        position = null;
        if (string.IsNullOrEmpty(after))
        {
            return true;
        }

        var parts = after.Split('_');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Guid.TryParseExact(parts[1], "N", out var id))
        {
            position = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }

        return false;
    }
}
