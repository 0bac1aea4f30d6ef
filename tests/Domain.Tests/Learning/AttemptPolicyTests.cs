using CoursePortal.Domain.Tests.Courses;
using CoursePortal.Grains.Abstractions.Common;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Learning;

namespace CoursePortal.Domain.Tests.Learning;

public sealed class AttemptPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);

    private static Assessment Quiz(int? maxAttempts, int? wait) =>
        SampleCourses.AssessmentLesson().Assessment! with { MaxAttempts = maxAttempts, MinutesBetweenAttempts = wait };

    [Fact]
    public void WithoutAPolicyEveryAttemptIsOpen()
    {
        Assert.Null(AttemptPolicy.Refusal("quiz", Quiz(null, null), made: 500, granted: 0, T0, T0));
        Assert.Null(AttemptPolicy.Allowed(Quiz(null, null), granted: 2));
        Assert.Null(AttemptPolicy.WaitEndsAt(Quiz(null, 0), T0));
    }

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(2, 0, null)]
    [InlineData(3, 0, ErrorCodes.AttemptsExhausted)]
    [InlineData(4, 0, ErrorCodes.AttemptsExhausted)]
    [InlineData(3, 1, null)]
    [InlineData(4, 1, ErrorCodes.AttemptsExhausted)]
    public void TheMaximumCountsEveryAttemptMadeAndEachGrantAddsOne(int made, int granted, string? refusal)
    {
        Assert.Equal(refusal, AttemptPolicy.Refusal("quiz", Quiz(3, null), made, granted, T0, T0)?.Code);
        Assert.Equal(3 + granted, AttemptPolicy.Allowed(Quiz(3, null), granted));
    }

    [Fact]
    public void AnAttemptWithinTheWaitIsRefusedWithWhenTheNextOneOpens()
    {
        var quiz = Quiz(null, 90);

        var justBefore = AttemptPolicy.Refusal("quiz", quiz, 1, 0, T0, T0.AddMinutes(90).AddTicks(-1));
        var atTheMinute = AttemptPolicy.Refusal("quiz", quiz, 1, 0, T0, T0.AddMinutes(90));
        var first = AttemptPolicy.Refusal("quiz", quiz, 0, 0, null, T0);

        Assert.Equal((DomainErrorKind.Conflict, ErrorCodes.AttemptTooSoon, T0.AddMinutes(90)), (justBefore!.Kind, justBefore.Code, justBefore.RetryAt));
        Assert.Contains("2026-04-01 11:30:00 UTC", justBefore.Message, StringComparison.Ordinal);
        Assert.Null(atTheMinute);
        Assert.Null(first);
    }

    [Fact]
    public void ExhaustedAttemptsAreRefusedWithoutARetryTimeEvenDuringAWait()
    {
        var refusal = AttemptPolicy.Refusal("quiz", Quiz(1, 60), 1, 0, T0, T0.AddMinutes(1));

        Assert.Equal((ErrorCodes.AttemptsExhausted, (DateTimeOffset?)null), (refusal!.Code, refusal.RetryAt));
    }
}
