using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Web.Pages.Author;

/// <summary>What the course and package history pages share: which two versions to compare, and their diff.</summary>
public abstract class VersionHistoryModel<TDiff> : PageModel
    where TDiff : class
{
    public TDiff? Diff { get; private set; }

    public int From { get; private set; }

    public int To { get; private set; }

    /// <summary>Compares <paramref name="from"/> with <paramref name="to"/>: by default <paramref name="defaultFrom"/>
    /// with the newest version, or the two newest when those are the same.</summary>
    protected async Task CompareAsync(IReadOnlyList<int> numbers, int defaultFrom, int? from, int? to, Func<int, int, Task<TDiff>> diff)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(diff);
        To = to ?? numbers[^1];
        From = from ?? defaultFrom;
        if (From == To && from is null && numbers.Count > 1)
        {
            From = numbers[^2];
        }

        if (From != To)
        {
            Diff = await diff(From, To);
        }
    }
}
