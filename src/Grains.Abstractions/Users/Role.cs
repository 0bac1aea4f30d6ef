namespace CoursePortal.Grains.Abstractions.Users;

/// <summary>What a user may do; each role includes the ones before it (Learner &lt; Contributor &lt; Approver &lt; Admin).</summary>
[GenerateSerializer]
[Alias("courseportal.role")]
public enum Role
{
    Learner = 0,
    Contributor = 1,
    Approver = 2,
    Admin = 3,
}
