using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Learning;
using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Web.Tests.Services;

[Collection(LocalModeCollection.Name)]
public sealed class HistoricalRecordImportTests(LocalModeFactory factory)
{
    private const string File = """
        email,courseId,completedAt,note
        learner@demo.local,gdpr-overview,2024-05-31,"Classroom session, Berlin"
        nobody@example.com,gdpr-overview,2024-05-31,
        learner@demo.local,no-such-course,2024-05-31,
        learner@demo.local,gdpr-overview,31/05/2024x,
        learner@demo.local,password-security,2999-01-01,
        not-an-email,gdpr-overview,2024-05-31,
        """;

    [Fact]
    public async Task EachRowIsImportedOrRejectedWithAReasonAndReImportingChangesNothing()
    {
        _ = factory.Server;
        var import = factory.Services.GetRequiredService<HistoricalRecordImport>();

        var first = await import.ImportAsync(new StringReader(File), "admin");
        var again = await import.ImportAsync(new StringReader(File), "admin");

        Assert.Equal(
            [(2, ImportOutcome.Imported), (3, ImportOutcome.Rejected), (4, ImportOutcome.Rejected), (5, ImportOutcome.Rejected), (6, ImportOutcome.Rejected), (7, ImportOutcome.Rejected)],
            first.Select(r => (r.Row, r.Outcome)));
        Assert.Equal(["no account has this e-mail address", "no such course"], first.Skip(1).Take(2).Select(r => r.Reason));
        Assert.Contains("not a date", first[3].Reason, StringComparison.Ordinal);
        Assert.Contains("future", first[4].Reason, StringComparison.Ordinal);
        Assert.Equal(ImportOutcome.AlreadyPresent, again[0].Outcome);

        var userId = await factory.Services.GetRequiredService<AccountService>().FindUserIdAsync("learner@demo.local");
        var credit = (await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(GrainKeys.User(userId!)).GetCompletionsAsync())["gdpr-overview"];
        Assert.Equal((CompletionSource.Imported, "Classroom session, Berlin", new DateTimeOffset(2024, 5, 31, 0, 0, 0, TimeSpan.Zero)),
            (credit.Source, credit.Reason, credit.CompletedAt));
    }

    [Fact]
    public async Task AFileWithoutTheRequiredColumnsIsRefusedWhole()
    {
        _ = factory.Server;
        var import = factory.Services.GetRequiredService<HistoricalRecordImport>();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => import.ImportAsync(new StringReader("mail,course\nx,y"), "admin"));

        Assert.Equal(("invalid_csv", "file"), (refusal.Code, refusal.Field));
    }
}
