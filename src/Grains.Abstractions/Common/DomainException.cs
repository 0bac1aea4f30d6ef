namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>
/// A broken precondition of a domain command: a <see cref="Kind"/> the web maps to a status code,
/// and a stable <see cref="Code"/> for the problem-details body. Nothing has changed when it is thrown.
/// </summary>
[GenerateSerializer]
[Alias("courseportal.domain-exception")]
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string code, string message, string? field = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Field = field;
    }

    public DomainException()
        : this(DomainErrorKind.Invalid, ErrorCodes.Invalid, "The request is invalid.")
    {
    }

    public DomainException(string message)
        : this(DomainErrorKind.Invalid, ErrorCodes.Invalid, message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.Invalid;
    }

    [Id(0)]
    public DomainErrorKind Kind { get; private set; }

    /// <summary>Stable machine-readable code, e.g. <c>draft_exists</c>.</summary>
    [Id(1)]
    public string Code { get; private set; }

    /// <summary>The input field at fault, when there is one.</summary>
    [Id(2)]
    public string? Field { get; private set; }

    public static DomainException NotFound(string what, string id) =>
        new(DomainErrorKind.NotFound, ErrorCodes.NotFound, $"{what} '{id}' does not exist.");
}
