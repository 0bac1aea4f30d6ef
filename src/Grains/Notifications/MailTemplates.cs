using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Hosting;

namespace CoursePortal.Grains.Notifications;

/// <summary>The subject and bodies of one mail.</summary>
public sealed record RenderedMail(string Subject, string Html, string Text);

/// <summary>
/// The mail templates: per notice kind an HTML and a text file, and the same pair with <c>.manager</c> for a manager's copy
/// (e.g. <c>Overdue.html</c>, <c>Overdue.txt</c>, <c>Overdue.manager.html</c>, <c>Overdue.manager.txt</c>). The text file's
/// first line is <c>Subject: …</c>. A file of that name in <c>Mail:TemplatesPath</c> replaces the built-in one, read at each
/// send so a deployment can change wording without a restart. <c>{{name}}</c> is replaced by a value, HTML-encoded in HTML
/// files; the values are plain strings, so a template stays a file anyone can edit and no template engine is needed.
/// </summary>
public sealed partial class MailTemplates(MailSettings settings)
{
    /// <summary>Every placeholder a template may use (docs/operations.md says what each holds).</summary>
    public static readonly ImmutableArray<string> Placeholders =
    [
        "recipientName", "learnerName", "packageName", "packageVersion", "dueDate", "expiryDate", "daysBefore", "link", "notificationsLink",
        "profileLink", "portalUrl",
    ];

    private const string SubjectPrefix = "Subject:";
    private static readonly string[] Audiences = ["", ".manager"];
    private static readonly string[] Extensions = [".html", ".txt"];

    /// <summary>Every template file name, built-in and replaceable.</summary>
    public static IEnumerable<string> FileNames =>
        from kind in Enum.GetNames<NoticeKind>()
        from audience in Audiences
        from extension in Extensions
        select kind + audience + extension;

    /// <summary>The mail of <paramref name="kind"/> for the learner or (<paramref name="toManager"/>) their manager.</summary>
    public RenderedMail Render(NoticeKind kind, bool toManager, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var name = kind + (toManager ? ".manager" : "");
        var text = Fill(Read(name + ".txt"), values, html: false);
        var html = Fill(Read(name + ".html"), values, html: true);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var subject = (newline < 0 ? text : text[..newline]).Trim();
        return new RenderedMail(subject[SubjectPrefix.Length..].Trim(), html, newline < 0 ? "" : text[(newline + 1)..].TrimStart('\r', '\n'));
    }

    /// <summary>Reads every template the deployment replaced, so a broken one stops the start instead of failing mails later.</summary>
    public void Check()
    {
        foreach (var name in FileNames)
        {
            var problem = Problem(name, Read(name));
            if (problem is not null)
            {
                throw new StartupException($"Mail template {Source(name)}: {problem}");
            }
        }
    }

    /// <summary>Where the template <paramref name="name"/> is read from.</summary>
    public string Source(string name) => Override(name) ?? $"(built-in) {name}";

    /// <summary>What is wrong with a template, or null: an unknown placeholder, or a text file without its subject line.</summary>
    public static string? Problem(string name, string template)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(template);
        if (PlaceholderPattern().Matches(template).Select(m => m.Groups[1].Value).FirstOrDefault(p => !Placeholders.Contains(p)) is { } unknown)
        {
            return $"{{{{{unknown}}}}} is not a placeholder (known: {string.Join(", ", Placeholders)})";
        }

        return name.EndsWith(".txt", StringComparison.Ordinal) && !template.TrimStart().StartsWith(SubjectPrefix, StringComparison.Ordinal)
            ? $"the first line must be '{SubjectPrefix} …'" : null;
    }

    /// <summary>Replaces each placeholder by its value (HTML-encoded when <paramref name="html"/>); a template with an unknown
    /// placeholder fails, so a mistyped name never reaches a recipient as braces.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values, bool html)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return PlaceholderPattern().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? html ? WebUtility.HtmlEncode(value) : value
            : throw new InvalidOperationException($"The mail template uses {{{{{m.Groups[1].Value}}}}}, which is not a placeholder."));
    }

    private string Read(string name) => Override(name) is { } file ? File.ReadAllText(file) : BuiltIn(name);

    private string? Override(string name) =>
        string.IsNullOrWhiteSpace(settings.TemplatesPath) ? null : Path.Combine(settings.TemplatesPath, name) is var file && File.Exists(file) ? file : null;

    private static string BuiltIn(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("mail/" + name)
            ?? throw new InvalidOperationException($"The built-in mail template {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z]+)\s*\}\}")]
    private static partial Regex PlaceholderPattern();
}
