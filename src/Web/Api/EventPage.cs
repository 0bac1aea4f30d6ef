using System.Globalization;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Web.Api;

/// <summary>Turns the events browser's parameters (API and page alike) into a query, refusing bad ones with 400.</summary>
public static class EventPage
{
    public static EventQuery Query(string? userId, string? packageId, string? courseId, string? kind, DateTimeOffset? from, DateTimeOffset? to, string? after, int? limit)
    {
        var errors = new List<FieldError>();
        foreach (var (name, value) in new[] { ("userId", userId), ("packageId", packageId), ("courseId", courseId) })
        {
            if (!string.IsNullOrEmpty(value) && !Ids.IsValid(value))
            {
                errors.Add(new FieldError(ErrorCodes.InvalidId, name, $"'{value}' is not an id."));
            }
        }

        if (!string.IsNullOrEmpty(kind) && typeof(LearningEventKinds).GetFields().All(f => (string?)f.GetValue(null) != kind))
        {
            errors.Add(new FieldError(ErrorCodes.InvalidKind, "kind", $"'{kind}' is not a kind of learning event."));
        }

        if (from is { } f && to is { } t && t < f)
        {
            errors.Add(new FieldError(ErrorCodes.InvalidDates, "to", "'to' is before 'from'."));
        }

        if (limit is < 1 or > EventQuery.MaxLimit)
        {
            errors.Add(new FieldError(ErrorCodes.OutOfRange, "limit", $"A page holds 1 to {EventQuery.MaxLimit} events."));
        }

        (DateTimeOffset At, Guid Id)? position = null;
        if (!string.IsNullOrEmpty(after))
        {
            var parts = after.Split('_');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                position = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
            else
            {
                errors.Add(new FieldError(ErrorCodes.InvalidCursor, "after", "'after' must be the 'next' value of the previous page."));
            }
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
}
