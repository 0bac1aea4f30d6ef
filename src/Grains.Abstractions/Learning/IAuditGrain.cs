namespace CoursePortal.Grains.Abstractions.Learning;

/// <summary>Answers audit questions from the learning events; stateless, so any silo answers any request.
/// Key: <c>GrainKeys.Audit</c>.</summary>
[Alias("courseportal.audit")]
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>What <paramref name="userId"/> was assigned, on which version, and what was complete, as of <paramref name="asOf"/>.</summary>
    [Alias("transcript")]
    Task<Transcript> GetTranscriptAsync(string userId, DateTimeOffset asOf);
}
