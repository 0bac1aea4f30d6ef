using System.Text.RegularExpressions;
using CoursePortal.Grains.Abstractions.Webhooks;
using CoursePortal.Integration.Tests.Infrastructure;
using CoursePortal.Web.Tests.Architecture;

namespace CoursePortal.Integration.Tests;

/// <summary>README's signature check is the one the test receiver runs on every delivery (so every webhook test proves
/// it), and it tells a signed delivery from a tampered, re-timed or wrongly keyed one.</summary>
public sealed partial class WebhookSignatureReadmeTests
{
    private const string Secret = "whsec_readme-example-secret";
    private const string Body = """{"eventId":"0b9d2f52-5d1e-4c43-9a56-0f4a8e2b7c11","kind":"course_completed","userId":"u42"}""";

    [Fact]
    public void TheReadmesSignatureCheckIsWordForWordTheOneTheTestReceiverRuns()
    {
        var readme = File.ReadAllText(Path.Combine(SourceTree.Root(), "README.md"));
        var webhooks = readme[readme.IndexOf("### Webhooks", StringComparison.Ordinal)..];
        var example = CSharpBlock().Match(webhooks).Groups["code"].Value;
        var receiver = File.ReadAllText(Path.Combine(SourceTree.Root(), "tests", "Integration.Tests", "Infrastructure", "WebhookReceiver.cs"));

        Assert.Contains("CheckSignature", example, StringComparison.Ordinal);
        Assert.Contains(Normalized(example), Normalized(receiver), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCheckAcceptsWhatThePortalSignsAndRefusesATamperedBodyAnotherTimestampOrAnotherSecret()
    {
        const long timestamp = 1_780_000_000;
        var signature = WebhookSignature.Sign(Secret, timestamp, Body);

        Assert.Matches("^v1=[0-9a-f]{64}$", signature);
        Assert.True(WebhookReceiver.CheckSignature(Secret, "1780000000", Body, signature));
        Assert.False(WebhookReceiver.CheckSignature(Secret, "1780000000", Body.Replace("u42", "u43", StringComparison.Ordinal), signature));
        Assert.False(WebhookReceiver.CheckSignature(Secret, "1780000001", Body, signature));
        Assert.False(WebhookReceiver.CheckSignature("whsec_another-secret-0000", "1780000000", Body, signature));
        Assert.True(WebhookSignature.Verify(Secret, "1780000000", Body, signature));
    }

    // Lines trimmed and joined: indentation differs between the README and a class member.
    private static string Normalized(string code) =>
        string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
