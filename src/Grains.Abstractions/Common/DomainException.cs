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

    /// <summary>A validation failure listing every rejected field; the first one gives the code.</summary>
    public DomainException(IReadOnlyList<FieldError> errors)
        : base(Describe(errors))
    {
        Kind = DomainErrorKind.Invalid;
        Code = errors[0].Code;
        Field = errors[0].Field;
        Errors = [.. errors];
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

    /// <summary>Every rejected field of a validation failure; empty for other refusals.</summary>
    [Id(3)]
    public System.Collections.Immutable.ImmutableArray<FieldError> Errors { get; private set; } = [];

    /// <summary>When the refused command may succeed if tried again unchanged (e.g. the next assessment attempt opens);
    /// null when waiting does not help.</summary>
    [Id(4)]
    public DateTimeOffset? RetryAt { get; private set; }

    public static DomainException Conflict(string code, string message) => new(DomainErrorKind.Conflict, code, message);

    /// <summary>A conflict that resolves itself at <paramref name="retryAt"/>.</summary>
    public static DomainException Conflict(string code, string message, DateTimeOffset retryAt) =>
        new(DomainErrorKind.Conflict, code, message) { RetryAt = retryAt };

    private static string Describe(IReadOnlyList<FieldError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return errors.Count == 1 ? errors[0].Message : $"{errors[0].Message} (and {errors.Count - 1} more)";
    }

    public static DomainException NotFound(string what, string id) =>
        new(DomainErrorKind.NotFound, ErrorCodes.NotFound, $"{what} '{id}' does not exist.");
}
