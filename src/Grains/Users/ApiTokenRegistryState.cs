using CoursePortal.Grains.Abstractions.Users;
using CoursePortal.Grains.Learning;

namespace CoursePortal.Grains.Users;

[GenerateSerializer]
[Alias("courseportal.api-token-registry-state")]
public sealed class ApiTokenRegistryState
{
    /// <summary>Every token by id: what the list shows, and the hash of its secret (never the secret).</summary>
    [Id(0)]
    public Dictionary<string, ApiTokenEntry> Tokens { get; init; } = new(StringComparer.Ordinal);

    [Id(1)]
    public Outbox Outbox { get; init; } = new();
}

[GenerateSerializer]
[Alias("courseportal.api-token-entry")]
public sealed class ApiTokenEntry
{
    [Id(0)]
    public required ApiTokenInfo Info { get; set; }

    /// <summary>SHA-256 of the token, lower-case hex.</summary>
    [Id(1)]
    public required string Hash { get; init; }

    /// <summary>The addresses the token was used from, the most recent last; a use from one not here is audited.</summary>
    [Id(2)]
    public List<string> Addresses { get; init; } = [];
}
