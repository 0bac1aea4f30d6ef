using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Idempotency;

namespace CoursePortal.Grains.Tests.Idempotency;

/// <summary>One caller's idempotency key on a scripted clock: the first request runs, its repeat is replayed, a twin is
/// refused while it runs, another request under the key is refused, a run that never answered is given up after its
/// lease, and the key is forgotten after its retention. Each test has a key of its own.</summary>
[Collection(ScriptedClockCollection.Name)]
public sealed class IdempotencyKeyGrainTests(ScriptedClockClusterFixture fixture)
{
    private static readonly IdempotentAnswer Answer = new(200, "application/json; charset=utf-8", """{"ok":true}""", "/v1/moves/m1");

    [Fact]
    public async Task TheFirstRequestRunsItsRepeatIsReplayedAndAnotherRequestIsRefused()
    {
        var key = Key();

        var first = await key.BeginAsync("fp-a");
        var twin = await key.BeginAsync("fp-a");
        var otherWhileRunning = await key.BeginAsync("fp-b");
        await key.CompleteAsync("fp-a", Answer);
        var repeat = await key.BeginAsync("fp-a");
        var other = await key.BeginAsync("fp-b");

        Assert.Equal(IdempotencyVerdict.Run, first.Verdict);
        Assert.Equal(IdempotencyVerdict.InUse, twin.Verdict);
        Assert.Equal(first.LeaseEndsAt, twin.LeaseEndsAt);
        Assert.Equal(IdempotencyVerdict.Reused, otherWhileRunning.Verdict);
        Assert.Equal((IdempotencyVerdict.Replay, Answer), (repeat.Verdict, repeat.Answer));
        Assert.Equal(IdempotencyVerdict.Reused, other.Verdict);
    }

    [Fact]
    public async Task ALateAnswerOrAnotherRequestsAnswerDoesNotReplaceTheFirst()
    {
        var key = Key();
        await key.BeginAsync("fp-a");
        await key.CompleteAsync("fp-a", Answer);

        await key.CompleteAsync("fp-a", Answer with { Status = 409, Body = "{}" });
        await key.CompleteAsync("fp-b", Answer with { Status = 201 });

        Assert.Equal(Answer, (await key.BeginAsync("fp-a")).Answer);
    }

    [Fact]
    public async Task AReleasedKeyRunsAgainAndAReleaseAfterTheAnswerChangesNothing()
    {
        var key = Key();
        await key.BeginAsync("fp-a");

        await key.ReleaseAsync("fp-a");
        var again = await key.BeginAsync("fp-a");
        await key.CompleteAsync("fp-a", Answer);
        await key.ReleaseAsync("fp-a");

        Assert.Equal(IdempotencyVerdict.Run, again.Verdict);
        Assert.Equal(IdempotencyVerdict.Replay, (await key.BeginAsync("fp-a")).Verdict);
    }

    [Fact]
    public async Task ARunThatNeverAnsweredHoldsTheKeyUntilItsLeaseEndsThenARepeatRunsAgain()
    {
        var key = Key();
        await key.BeginAsync("fp-a");

        fixture.Clock.Advance(IdempotencyKeys.Lease - TimeSpan.FromSeconds(1));
        var withinLease = await key.BeginAsync("fp-a");
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var afterLease = await key.BeginAsync("fp-a");
        var otherAfterLease = await key.BeginAsync("fp-b");

        Assert.Equal(IdempotencyVerdict.InUse, withinLease.Verdict);
        Assert.Equal(IdempotencyVerdict.Run, afterLease.Verdict);
        Assert.Equal(IdempotencyVerdict.Reused, otherAfterLease.Verdict);
    }

    [Fact]
    public async Task AKeyIsKeptForItsRetentionAndFreeForAnyRequestAfter()
    {
        var key = Key();
        await key.BeginAsync("fp-a");
        await key.CompleteAsync("fp-a", Answer);

        fixture.Clock.Advance(IdempotencyKeys.Retention - TimeSpan.FromMinutes(1));
        var withinRetention = await key.BeginAsync("fp-b");
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        var afterRetention = await key.BeginAsync("fp-b");

        Assert.Equal(IdempotencyVerdict.Reused, withinRetention.Verdict);
        Assert.Equal(IdempotencyVerdict.Run, afterRetention.Verdict);
    }

    [Fact]
    public async Task TwinsThatArriveTogetherRunOnce()
    {
        var key = Key();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => key.BeginAsync("fp-a")));

        Assert.Single(claims, c => c.Verdict == IdempotencyVerdict.Run);
        Assert.Equal(7, claims.Count(c => c.Verdict == IdempotencyVerdict.InUse));
    }

    private IIdempotencyKeyGrain Key() => fixture.Client.GetGrain<IIdempotencyKeyGrain>(GrainKeys.IdempotencyKey(Guid.NewGuid().ToString("N")));
}
