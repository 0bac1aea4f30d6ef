using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Grains.Notifications;

[GenerateSerializer]
[Alias("courseportal.notification-inbox-state")]
public sealed class NotificationInboxState
{
    /// <summary>The notices kept, oldest first; at most <see cref="NotificationInboxGrain.MaxKept"/>.</summary>
    [Id(0)]
    public List<Notice> Notices { get; init; } = [];

    /// <summary>Keys of the kept notices the user has read.</summary>
    [Id(1)]
    public HashSet<string> Read { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Keys of notices no longer kept (the oldest beyond the bound), so that one arriving again is still ignored.</summary>
    [Id(2)]
    public List<string> EarlierKeys { get; init; } = [];
}

/// <summary>One user's notices, each kept once by its idempotency key and handed to the user's mail queue; read marks for the
/// header's list. The list is bounded: the newest <see cref="MaxKept"/> are kept.</summary>
public sealed class NotificationInboxGrain(
    [PersistentState(StorageNames.NotificationInboxState, StorageNames.Grains)] IPersistentState<NotificationInboxState> state)
    : Grain, INotificationInboxGrain
{
    public const int MaxKept = 100;
    private const int EarlierKeysKept = 1000;

    // Names shown in the list, read once per activation: a package version's name never changes.
    private readonly Dictionary<(string, int), string> _packageNames = [];
    private readonly Dictionary<string, string> _learnerNames = new(StringComparer.Ordinal);

    private string UserId => GrainKeys.Strip(this.GetPrimaryKeyString(), GrainKeys.NotificationInboxPrefix);

    public async Task<bool> ReceiveAsync(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (state.State.Notices.Find(n => n.Key == notice.Key) is { } kept)
        {
            // Queued again: when the hand-over below failed the first time, the sender's retry is what makes the mail go.
            await Mail.QueueAsync(kept);
            return false;
        }

        if (state.State.EarlierKeys.Contains(notice.Key))
        {
            return false;
        }

        state.State.Notices.Add(notice);
        if (state.State.Notices.Count > MaxKept)
        {
            var oldest = state.State.Notices[0];
            state.State.Notices.RemoveAt(0);
            state.State.Read.Remove(oldest.Key);
            state.State.EarlierKeys.Add(oldest.Key);
            if (state.State.EarlierKeys.Count > EarlierKeysKept)
            {
                state.State.EarlierKeys.RemoveAt(0);
            }
        }

        await state.WriteOrResetAsync(this);
        await Mail.QueueAsync(notice);
        return true;
    }

    public async Task<InboxPage> GetAsync(int limit)
    {
        var items = new List<InboxItem>();
        foreach (var notice in Enumerable.Reverse(state.State.Notices).Take(Math.Clamp(limit, 0, MaxKept)))
        {
            items.Add(new InboxItem(notice, state.State.Read.Contains(notice.Key), await PackageNameAsync(notice), notice.ToManager ? await LearnerNameAsync(notice.LearnerId) : null));
        }

        return new InboxPage(state.State.Notices.Count(n => !state.State.Read.Contains(n.Key)), [.. items]);
    }

    public async Task<bool> MarkReadAsync(string key)
    {
        if (!state.State.Notices.Exists(n => n.Key == key) || !state.State.Read.Add(key))
        {
            return false;
        }

        await state.WriteOrResetAsync(this);
        return true;
    }

    public async Task<int> MarkAllReadAsync()
    {
        var marked = state.State.Notices.Count(n => state.State.Read.Add(n.Key));
        if (marked > 0)
        {
            await state.WriteOrResetAsync(this);
        }

        return marked;
    }

    private INoticeMailGrain Mail => GrainFactory.GetGrain<INoticeMailGrain>(GrainKeys.NoticeMail(UserId));

    private async Task<string> PackageNameAsync(Notice notice)
    {
        if (!_packageNames.TryGetValue((notice.PackageId, notice.Version), out var name))
        {
            _packageNames[(notice.PackageId, notice.Version)] = name = await NoticeNames.PackageAsync(GrainFactory, notice.PackageId, notice.Version);
        }

        return name;
    }

    // From the user directory, not the user grain: the learner's user grain may be waiting, through their enrollment, on this
    // inbox taking a notice, and a call back to it from here would wait for that call forever.
    private async Task<string> LearnerNameAsync(string learnerId)
    {
        if (!_learnerNames.TryGetValue(learnerId, out var name))
        {
            var directory = GrainFactory.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory(GrainKeys.UserDirectoryShard(learnerId)));
            _learnerNames[learnerId] = name = (await directory.ProfilesOfAsync([learnerId])).FirstOrDefault()?.DisplayName ?? learnerId;
        }

        return name;
    }

    public Task<ImmutableArray<Notice>> ListKeptAsync() => Task.FromResult(state.State.Notices.ToImmutableArray());
}
