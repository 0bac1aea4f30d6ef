using CoursePortal.Grains.Abstractions.Catalog;

namespace CoursePortal.Web.Hosting;

/// <summary>What a first run of local mode shows, so the catalog is not empty.</summary>
public static class DemoData
{
    public static IReadOnlyList<CourseSummary> Courses { get; } =
    [
        new("phishing-awareness", "Phishing Awareness", "Spot and report phishing e-mails, texts and calls.",
            ["security", "compliance"], "Security Essentials", "Threats", 25, 1),
        new("password-security", "Password Security", "Pass phrases, password managers and multi-factor sign-in.",
            ["security"], "Security Essentials", "Identity", 20, 1),
        new("gdpr-overview", "GDPR Overview", "What personal data is, the lawful bases, and data subject rights.",
            ["privacy", "compliance"], "Privacy", "Regulation", 40, 1),
    ];
}
