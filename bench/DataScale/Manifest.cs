using System.Text.Json;

namespace CoursePortal.DataScale;

/// <summary>What a generated database holds that the read measurement needs: which package, course and learner to
/// ask about, and the accounts that can sign in. Written by <c>generate</c>, read by <c>reads</c>.</summary>
public sealed record Manifest(
    DateTime Start,
    DateTime Until,
    int Years,
    int Headcount,
    int People,
    long Events,
    string CurrentPackage,
    string LastCyclePackage,
    string OldestPackage,
    string Course,
    string Learner,
    IReadOnlyList<string> SampleLearners,
    string SamplePassword,
    string AdminEmail,
    string AdminPassword)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Indented));

    public static Manifest Load(string path) => JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path))
        ?? throw new InvalidOperationException($"{path} holds no manifest.");
}
