using System.Collections.Immutable;
using CoursePortal.Grains.Abstractions.Courses;
using CoursePortal.Grains.Abstractions.Packages;
using CoursePortal.Grains.Abstractions.Users;

namespace CoursePortal.Web.Hosting;

/// <summary>Local mode's fictional company, Fjordline Logistics: its people, the courses its authors wrote (every lesson
/// type) and its three packages (a series, a family inside a certification, a choice of 6 of 10 with 2 required). What
/// they did over the last 90 days is <see cref="DemoHistory"/>.</summary>
public static class DemoCompany
{
    public const string Domain = "fjordline.example";

    public const string Onboarding = "warehouse-onboarding";

    public const string Certification = "safety-certification";

    public const string Development = "professional-development";

    /// <summary>The authors and the approver who publishes and assigns training. None is an administrator: the first
    /// administrator of Bootstrap:AdminEmail is created only while there is none.</summary>
    public static IReadOnlyList<(string Id, string First, string Last, ImmutableArray<Role> Roles, string Bio)> Staff { get; } =
    [
        ("demo-ines-berg", "Ines", "Berg", [Role.Learner, Role.Contributor],
            "Runs onboarding at Fjordline and teaches first aid; twelve years on the warehouse floor before that."),
        ("demo-omar-haddad", "Omar", "Haddad", [Role.Learner, Role.Contributor],
            "Safety engineer and certified forklift instructor; writes the courses he wished he had had."),
        ("demo-hanna-lind", "Hanna", "Lind", [Role.Learner, Role.Contributor, Role.Approver],
            "Head of learning: approves what is published and decides who takes what, and by when."),
    ];

    public const string Approver = "demo-hanna-lind";

    private static readonly string[] FirstNames =
    [
        "Aksel", "Birte", "Camille", "Dario", "Elin", "Farid", "Greta", "Henrik", "Ida", "Jonas", "Karin", "Lukas", "Maja", "Nils",
        "Olga", "Pavel", "Quinn", "Rasmus", "Sofia", "Tobias", "Ulla", "Viktor", "Wiebke", "Xenia", "Yusuf", "Zoe", "Anton", "Bente",
        "Carlos", "Dagny", "Emil", "Frida", "Gustav", "Hilde", "Ivan", "Janne", "Kasper", "Liv", "Mads", "Nora",
    ];

    private static readonly string[] LastNames =
    [
        "Andersen", "Bauer", "Costa", "Dahl", "Eriksen", "Fischer", "Garcia", "Hansen", "Iversen", "Jensen", "Kowalski", "Larsen",
        "Meyer", "Nielsen", "Olsen", "Petersen", "Quist", "Rossi", "Schmidt", "Thomsen",
    ];

    /// <summary>The 40 learners: ids demo-learner-01 to -40, e-mail first.last@fjordline.example. They have no password:
    /// they are the colleagues whose records fill the reports, not accounts to sign in with.</summary>
    public static IReadOnlyList<(string Id, string First, string Last)> Learners { get; } =
        [.. FirstNames.Select((first, i) => ($"demo-learner-{i + 1:00}", first, LastNames[(i * 7) % LastNames.Length]))];

    public static string Email(string first, string last)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(last);
        return $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@{Domain}";
    }

    /// <summary>The courses Fjordline's authors wrote, beside the three security courses of <see cref="DemoData"/>.</summary>
    public static IReadOnlyList<(string Id, string Author, CourseContent Content)> Courses { get; } =
    [
        ("warehouse-orientation", "demo-ines-berg", Course("Warehouse Orientation", "Your first day: the site, the people, the rules.", "Operations", "Onboarding",
            Module("site", "The site",
                Content("welcome", "Welcome to Fjordline", "# Welcome\n\nWho we are, what we move, and who to ask."),
                Video("tour", "A walk through the warehouse", "walking-tour"),
                Content("house-rules", "House rules", "# House rules\n\nHigh-visibility vests on the floor, always.")))),
        ("forklift-safety", "demo-omar-haddad", Course("Forklift Safety", "Daily checks, safe loads and pedestrians.", "Operations", "Safety",
            Module("drive", "Driving safely",
                Video("checks", "The daily check", "forklift-daily-check"),
                Content("loads", "Safe loads", "# Safe loads\n\nKnow the rated capacity and keep the load low."),
                Quiz("quiz", "Forklift quiz", ("pedestrian", "A pedestrian steps into your aisle. What do you do?", "Stop and wait", "Sound the horn and drive on"))))),
        ("working-at-height", "demo-omar-haddad", Course("Working at Height", "Ladders, platforms and harnesses.", "Operations", "Safety",
            Module("height", "Up safely",
                Content("ladders", "Ladders", "# Ladders\n\nThree points of contact."),
                Video("harness", "Putting on a harness", "harness-fitting"),
                Document("checklist", "Pre-use checklist", "height-checklist.pdf")))),
        ("first-aid-basics", "demo-ines-berg", Course("First Aid Basics", "Recovery position, bleeding, burns, and when to call.", "Health", "First aid",
            Module("aid", "First aid",
                Video("recovery", "The recovery position", "recovery-position"),
                Content("burns", "Burns", "# Burns\n\nCool with running water for twenty minutes."),
                Quiz("quiz", "First aid quiz", ("burn", "How long do you cool a burn?", "Twenty minutes under running water", "Until it stops hurting"))))),
        ("customer-service", "demo-ines-berg", Course("Customer Service", "Calls, complaints and promises we keep.", "Customer Care", "Customers",
            Module("calls", "On the phone",
                Content("greeting", "The greeting", "# The greeting\n\nName, company, how can I help."),
                Document("scripts", "Call scripts", "call-scripts.pdf")))),
        ("data-handling", "demo-omar-haddad", Course("Handling Customer Data", "Shipping data, retention and sharing.", "Customer Care", "Data",
            Module("data", "Customer data",
                Content("what", "What we keep", "# What we keep\n\nOnly what the delivery needs, for as long as it needs it."),
                Quiz("quiz", "Data quiz", ("share", "A caller asks where a parcel for their neighbour is. You…", "Tell them only the parcel's own recipient can ask", "Read out the address"))))),
        ("leadership-essentials", "demo-ines-berg", Course("Leadership Essentials", "One-to-ones, feedback and delegation.", "People", "Leadership",
            Module("lead", "Leading a team",
                Content("one-to-ones", "One-to-ones", "# One-to-ones\n\nTheir agenda first."),
                Video("feedback", "Giving feedback", "feedback-model"),
                Document("delegation", "Delegation worksheet", "delegation.pdf")))),
    ];

    /// <summary>The onboarding series: each course opens when the one before is done. Version 2 (published 30 days ago)
    /// adds first aid at the end.</summary>
    public static PackageContent OnboardingV1 { get; } = new(
        "Warehouse Onboarding", "The first month at a Fjordline warehouse, one course after the other.", "Onboarding",
        RequirementNode.Set(null, SetMode.AllInOrder,
            [RequirementNode.Course("warehouse-orientation"), RequirementNode.Course("forklift-safety"), RequirementNode.Course("working-at-height")]));

    public static PackageContent OnboardingV2 { get; } = OnboardingV1 with
    {
        Requirement = RequirementNode.Set(null, SetMode.AllInOrder,
            [RequirementNode.Course("warehouse-orientation"), RequirementNode.Course("forklift-safety"), RequirementNode.Course("working-at-height"),
             RequirementNode.Course("first-aid-basics")]),
    };

    /// <summary>A certification valid 90 days: first aid, and one course of the hands-on safety family.</summary>
    public static PackageContent CertificationContent { get; } = new(
        "Floor Safety Certification", "Renewed every 90 days by everyone who works on the floor.", "Compliance",
        RequirementNode.Set(null, SetMode.All,
        [
            RequirementNode.Course("first-aid-basics"),
            RequirementNode.Set("Hands-on safety", SetMode.AtLeast, [RequirementNode.Course("forklift-safety", required: false), RequirementNode.Course("working-at-height", required: false)], min: 1),
        ]),
        ValidityDays: 90);

    /// <summary>Any 6 of the 10 courses, customer service and data handling among them.</summary>
    public static PackageContent DevelopmentContent { get; } = new(
        "Professional Development", "Choose six of ten courses this year; customer service and data handling are required.", "Development",
        RequirementNode.Set(null, SetMode.AtLeast,
        [
            RequirementNode.Course("customer-service"), RequirementNode.Course("data-handling"),
            RequirementNode.Course("leadership-essentials", required: false), RequirementNode.Course("first-aid-basics", required: false),
            RequirementNode.Course("forklift-safety", required: false), RequirementNode.Course("working-at-height", required: false),
            RequirementNode.Course("warehouse-orientation", required: false), RequirementNode.Course("password-security", required: false),
            RequirementNode.Course("phishing-awareness", required: false), RequirementNode.Course("gdpr-overview", required: false),
        ], min: 6));

    private static CourseContent Course(string title, string description, string suite, string concept, Module module) =>
        new(title, description, suite, concept, [concept.ToLowerInvariant().Replace(' ', '-')], Modules: [module]);

    private static Module Module(string id, string title, params Lesson[] lessons) => new(id, title, null, [.. lessons]);

    private static Lesson Content(string id, string title, string markdown) => new(id, title, LessonType.Content, true, 10, Markdown: markdown);

    private static Lesson Video(string id, string title, string file) =>
        new(id, title, LessonType.Video, true, 8, VideoUrl: $"https://media.{Domain}/training/{file}.mp4", Transcript: $"Transcript of \"{title}\".");

    private static Lesson Document(string id, string title, string file) =>
        new(id, title, LessonType.Document, false, 15, DocumentUrl: $"https://media.{Domain}/training/{file}", FileName: file);

    // Two attempts at most three: the history has learners who fail once and pass on the next attempt.
    private static Lesson Quiz(string id, string title, (string Id, string Text, string Right, string Wrong) question) =>
        new(id, title, LessonType.Assessment, true, 5, Assessment: new Assessment(100,
        [
            new Question(question.Id, question.Text, false, [new AnswerOption("right", question.Right, true), new AnswerOption("wrong", question.Wrong, false)]),
        ], MaxAttempts: 3));
}
