using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;

namespace CoursePortal.Web.Hosting;

/// <summary>The courses a first run of local mode publishes, so the portal is not empty.</summary>
public static class DemoData
{
    public const string Author = "demo";

    public const string PackageId = "security-basics";

    /// <summary>A package over the demo courses: both security courses, and GDPR as an optional extra.</summary>
    public static PackageContent Package { get; } = new(
        "Security Basics", "The yearly security training every employee takes.", "Compliance",
        RequirementNode.Set(null, SetMode.All,
        [
            RequirementNode.Course("password-security"),
            RequirementNode.Course("phishing-awareness"),
            RequirementNode.Course("gdpr-overview", required: false),
        ]),
        ValidityDays: 365);

    public static IReadOnlyList<(string Id, CourseContent Content)> Courses { get; } =
    [
        ("phishing-awareness", new CourseContent(
            "Phishing Awareness", "Spot and report phishing e-mails, texts and calls.", "Security Essentials", "Threats",
            ["security", "compliance"], Modules:
            [
                // The quiz shows an attempts policy (three attempts, no wait), so a demo learner sees "attempt 1 of 3".
                new Module("recognize", "Recognize phishing", null,
                [
                    new Lesson("what-is-phishing", "What phishing is", LessonType.Content, true, 10,
                        Markdown: "# What phishing is\n\nAttackers pose as someone you trust to get a click, a password or a payment."),
                    new Lesson("red-flags", "Red flags", LessonType.Content, true, 10,
                        Markdown: "## Red flags\n\n- urgency\n- a sender you do not know\n- a link whose address does not match its text"),
                ]),
                new Module("check", "Check yourself", null,
                [
                    new Lesson("quiz", "Phishing quiz", LessonType.Assessment, true, 5, Assessment: new Assessment(80,
                    [
                        new Question("report", "You get an unexpected e-mail asking you to reset your password. What do you do?", false,
                        [
                            new AnswerOption("click", "Follow the link", false),
                            new AnswerOption("report", "Report it with the Report Phishing button", true),
                        ]),
                    ], MaxAttempts: 3)),
                ]),
            ])),
        ("password-security", new CourseContent(
            "Password Security", "Pass phrases, password managers and multi-factor sign-in.", "Security Essentials", "Identity",
            ["security"], Modules:
            [
                new Module("basics", "Basics", null,
                [
                    new Lesson("pass-phrases", "Pass phrases", LessonType.Content, true, 10,
                        Markdown: "# Pass phrases\n\nFour random words beat eight random characters you cannot remember."),
                    new Lesson("mfa", "Multi-factor sign-in", LessonType.Content, true, 10,
                        Markdown: "# Multi-factor sign-in\n\nA second factor stops most account take-overs."),
                ]),
            ])),
        ("gdpr-overview", new CourseContent(
            "GDPR Overview", "What personal data is, the lawful bases, and data subject rights.", "Privacy", "Regulation",
            ["privacy", "compliance"], Modules:
            [
                new Module("essentials", "Essentials", null,
                [
                    new Lesson("personal-data", "Personal data", LessonType.Content, true, 20,
                        Markdown: "# Personal data\n\nAny information that relates to an identified or identifiable person."),
                    new Lesson("rights", "Data subject rights", LessonType.Document, false, 20,
                        DocumentUrl: "https://commission.europa.eu/law/law-topic/data-protection_en", FileName: "data-protection.html"),
                ]),
            ])),
    ];
}
