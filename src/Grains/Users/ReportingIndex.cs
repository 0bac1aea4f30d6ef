namespace CoursePortal.Grains.Users;

/// <summary>The org chart in memory both ways: each user's manager (the stored dictionary itself, so the two never
/// differ) and each manager's direct reports, built when the grain activates rather than stored as a second copy that
/// could disagree with the first. Lists of the people below a manager are sorted once per change of the chart.</summary>
internal sealed class ReportingIndex
{
    // Enough for the managers looking at their teams at one time; past it the lists are made again when asked for.
    private const int MaxListsKept = 64;

    private readonly Dictionary<string, string> _managers;
    private readonly Dictionary<string, HashSet<string>> _reports = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Manager, bool Everyone), string[]> _lists = [];

    public ReportingIndex(Dictionary<string, string> managers)
    {
        _managers = managers;
        foreach (var (user, manager) in managers)
        {
            Reports(manager).Add(user);
        }
    }

    public string? ManagerOf(string userId) => _managers.GetValueOrDefault(userId);

    public int DirectReportsOf(string managerId) => _reports.TryGetValue(managerId, out var reports) ? reports.Count : 0;

    /// <summary>Whether <paramref name="userId"/> reports to <paramref name="managerId"/>, directly or further down.</summary>
    public bool IsBelow(string userId, string managerId)
    {
        // The chart has no cycle, so the walk up ends; the bound only guards against a stored state that has one.
        var steps = 0;
        for (var at = ManagerOf(userId); at is not null && steps <= _managers.Count; at = ManagerOf(at), steps++)
        {
            if (at == managerId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether giving <paramref name="userId"/> the manager <paramref name="managerId"/> would close a loop.</summary>
    public bool WouldCycle(string userId, string managerId) => managerId == userId || IsBelow(managerId, userId);

    /// <summary>Gives the user the manager (null: none); false when they already had it.</summary>
    public bool Set(string userId, string? managerId)
    {
        var old = ManagerOf(userId);
        if (old == managerId)
        {
            return false;
        }

        if (old is not null && _reports.TryGetValue(old, out var former))
        {
            former.Remove(userId);
            if (former.Count == 0)
            {
                _reports.Remove(old);
            }
        }

        if (managerId is null)
        {
            _managers.Remove(userId);
        }
        else
        {
            _managers[userId] = managerId;
            Reports(managerId).Add(userId);
        }

        _lists.Clear();
        return true;
    }

    /// <summary>The people below the manager (directly, or at any depth), sorted by user id with ordinal comparison.</summary>
    public string[] Below(string managerId, bool everyone)
    {
        if (_lists.TryGetValue((managerId, everyone), out var known))
        {
            return known;
        }

        var below = new List<string>();
        var next = new Queue<string>([managerId]);
        while (next.TryDequeue(out var manager))
        {
            if (_reports.TryGetValue(manager, out var reports))
            {
                below.AddRange(reports);
                if (everyone)
                {
                    foreach (var report in reports)
                    {
                        next.Enqueue(report);
                    }
                }
            }
        }

        var sorted = below.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        if (_lists.Count >= MaxListsKept)
        {
            _lists.Clear();
        }

        _lists[(managerId, everyone)] = sorted;
        return sorted;
    }

    private HashSet<string> Reports(string managerId)
    {
        if (!_reports.TryGetValue(managerId, out var reports))
        {
            _reports[managerId] = reports = new HashSet<string>(StringComparer.Ordinal);
        }

        return reports;
    }
}
