namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>
/// A broken precondition of a domain command, with a stable <see cref="Code"/> that the web maps
/// to a status code and a problem-details body. Nothing has changed when it is thrown.
/// </summary>
[GenerateSerializer]
[Alias("courseportal.domain-exception")]
public sealed class DomainException : Exception
{
    public DomainException(string code, string message, string? field = null)
        : base(message)
    {
        Code = code;
        Field = field;
    }

    public DomainException()
        : this(ErrorCodes.Invalid, "The request is invalid.")
    {
    }

    public DomainException(string message)
        : this(ErrorCodes.Invalid, message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.Invalid;
    }

    /// <summary>Stable machine-readable code, e.g. <c>draft_exists</c>.</summary>
    [Id(0)]
    public string Code { get; private set; }

    /// <summary>The input field at fault, when there is one.</summary>
    [Id(1)]
    public string? Field { get; private set; }
}
