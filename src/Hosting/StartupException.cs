namespace CoursePortal.Hosting;

/// <summary>A start-up failure an operator can fix from the message alone (missing setting,
/// unreachable database); hosts print it as one line instead of a stack trace.</summary>
public sealed class StartupException(string message, Exception? innerException = null)
    : Exception(message, innerException);
