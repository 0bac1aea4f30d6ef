using CoursePortal.Grains.Abstractions.Notifications;
using CoursePortal.Grains.Notifications;
using CoursePortal.Hosting;

namespace CoursePortal.Grains.Tests.Notifications;

/// <summary>The mail templates: built-in ones complete, values HTML-encoded in HTML only, a deployment's file replacing its
/// built-in one, and a broken replacement stopping the start with the file named.</summary>
public sealed class MailTemplatesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("courseportal-templates-").FullName;

    private static readonly Dictionary<string, string> Values = MailTemplates.Placeholders.ToDictionary(p => p, p => $"<{p}> & co", StringComparer.Ordinal);

    [Fact]
    public void EveryBuiltInTemplateHasASubjectAndUsesOnlyKnownPlaceholders()
    {
        var templates = new MailTemplates(new MailSettings());
        templates.Check();
        foreach (var kind in Enum.GetValues<NoticeKind>())
        {
            foreach (var toManager in new[] { false, true })
            {
                var mail = templates.Render(kind, toManager, Values);
                Assert.Contains("<packageName> & co", mail.Subject, StringComparison.Ordinal);
                Assert.Contains("&lt;link&gt; &amp; co", mail.Html, StringComparison.Ordinal);
                Assert.DoesNotContain("<link>", mail.Html, StringComparison.Ordinal);
                Assert.Contains("<link> & co", mail.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("Subject:", mail.Text, StringComparison.Ordinal);
                Assert.Equal(toManager, mail.Subject.Contains("<learnerName>", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void AFileInTheTemplatesFolderReplacesItsBuiltInTemplateAndNoOther()
    {
        File.WriteAllText(Path.Combine(_folder, "Overdue.txt"), "Subject: Late: {{packageName}}\n\nPlease finish {{packageName}} by today.\n");
        var templates = new MailTemplates(new MailSettings { TemplatesPath = _folder });
        templates.Check();

        var overdue = templates.Render(NoticeKind.Overdue, false, Values);
        Assert.Equal("Late: <packageName> & co", overdue.Subject);
        Assert.Equal("Please finish <packageName> & co by today.\n", overdue.Text);
        Assert.Contains("was due on", overdue.Html, StringComparison.Ordinal);
        Assert.Contains("has been assigned to you", templates.Render(NoticeKind.Assigned, false, Values).Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DueSoon.html", "<p>{{packageNmae}}</p>", "{{packageNmae}} is not a placeholder")]
    [InlineData("DueSoon.txt", "Due soon: {{packageName}}", "first line must be 'Subject:")]
    public void AReplacedTemplateThatIsBrokenStopsTheStartNamingTheFile(string name, string content, string problem)
    {
        File.WriteAllText(Path.Combine(_folder, name), content);
        var refused = Assert.Throws<StartupException>(() => new MailTemplates(new MailSettings { TemplatesPath = _folder }).Check());
        Assert.Contains(Path.Combine(_folder, name), refused.Message, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
