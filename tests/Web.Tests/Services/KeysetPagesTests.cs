using CoursePortal.Web.Services;

namespace CoursePortal.Web.Tests.Services;

/// <summary>Reading a keyset source to its end: every item once, in order, past short pages, and no further once the
/// reader is cancelled.</summary>
public sealed class KeysetPagesTests
{
    private sealed record Item(int Number);

    // A source of 0..count-1 that answers at most `cap` items after the one given, counting the pages it is asked for.
    private sealed class Source(int count, int cap)
    {
        public int Reads { get; private set; }

        public Task<IReadOnlyList<Item>> ReadAfterAsync(Item? last, CancellationToken cancellationToken)
        {
            Reads++;
            var first = last is null ? 0 : last.Number + 1;
            return Task.FromResult<IReadOnlyList<Item>>([.. Enumerable.Range(first, Math.Max(0, Math.Min(cap, count - first))).Select(n => new Item(n))]);
        }
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 5)]
    [InlineData(10, 5)]
    [InlineData(101, 7)]
    public async Task EveryItemArrivesOnceInOrderAndAnEmptyPageEndsTheReading(int count, int cap)
    {
        var source = new Source(count, cap);
        var items = new List<int>();

        await foreach (var page in KeysetPages.ReadAsync<Item>(source.ReadAfterAsync, CancellationToken.None))
        {
            Assert.InRange(page.Count, 1, cap);
            items.AddRange(page.Select(i => i.Number));
        }

        Assert.Equal(Enumerable.Range(0, count), items);
        // One read per page, and the empty one after the last.
        Assert.Equal((count + cap - 1) / cap + 1, source.Reads);
    }

    [Fact]
    public async Task AReaderThatIsCancelledStopsAfterThePageReadAhead()
    {
        var source = new Source(1_000, 10);
        using var cancel = new CancellationTokenSource();
        var pages = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var page in KeysetPages.ReadAsync<Item>(source.ReadAfterAsync, cancel.Token))
            {
                pages++;
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(1, pages);
        Assert.Equal(2, source.Reads);
    }
}
