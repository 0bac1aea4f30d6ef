namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>The stable error codes of the /v1 API's problem details (API.md).</summary>
public static class ErrorCodes
{
    public const string Invalid = "invalid";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string Forbidden = "forbidden";
}
