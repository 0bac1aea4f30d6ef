namespace CoursePortal.Grains.Abstractions.Common;

/// <summary>
/// The stable <c>code</c> of every /v1 problem-details answer, a public contract: clients branch on these, so a code
/// is never renamed. Each is defined here once; <see cref="All"/> gives its status, and README's error-code table and
/// the tests read the same list.
/// </summary>
public static class ErrorCodes
{
    // Any request: written by the web before or around an endpoint, or the generic domain refusals.
    public const string Invalid = "invalid";
    public const string MalformedRequest = "malformed_request";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string CrossSiteRequest = "cross_site_request";
    public const string NotFound = "not_found";
    public const string TooLarge = "too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string Overloaded = "overloaded";

    // API tokens (401 for the token a request carries, 400 for a new token's expiry).
    public const string InvalidToken = "invalid_token";
    public const string TokenExpired = "token_expired";
    public const string TokenRevoked = "token_revoked";
    public const string InvalidExpiry = "invalid_expiry";

    // A rejected input field (400, with the field's path): shapes and limits shared by every form and body.
    public const string Required = "required";
    public const string TooLong = "too_long";
    public const string TooMany = "too_many";
    public const string OutOfRange = "out_of_range";
    public const string InvalidId = "invalid_id";
    public const string DuplicateId = "duplicate_id";
    public const string InvalidUrl = "invalid_url";
    public const string InvalidDates = "invalid_dates";
    public const string InvalidRevision = "invalid_revision";
    public const string InvalidKind = "invalid_kind";
    public const string InvalidCursor = "invalid_cursor";
    public const string EffectiveDatePast = "effective_date_past";

    // A course's content (400): lessons, assessments and prerequisites.
    public const string InvalidType = "invalid_type";
    public const string PayloadMismatch = "payload_mismatch";
    public const string InvalidAssessment = "invalid_assessment";
    public const string NoRequiredLesson = "no_required_lesson";
    public const string SelfPrerequisite = "self_prerequisite";
    public const string PrerequisiteNotPublished = "prerequisite_not_published";
    public const string PrerequisiteCycle = "prerequisite_cycle";

    // A package's requirement tree (400).
    public const string EmptyRoot = "empty_root";
    public const string RootNotSet = "root_not_set";
    public const string EmptySet = "empty_set";
    public const string InvalidNode = "invalid_node";
    public const string InvalidMin = "invalid_min";
    public const string TooManyRequired = "too_many_required";
    public const string InvalidPoints = "invalid_points";
    public const string UnreachablePoints = "unreachable_points";
    public const string DuplicateCourse = "duplicate_course";
    public const string TooDeep = "too_deep";
    public const string TooManyNodes = "too_many_nodes";
    public const string CourseNotPublished = "course_not_published";

    // A course archive being imported (400, field "file").
    public const string InvalidZip = "invalid_zip";
    public const string ManifestMissing = "manifest_missing";
    public const string ManifestInvalid = "manifest_invalid";
    public const string ManifestVersionUnsupported = "manifest_version_unsupported";
    public const string UnsafeEntry = "unsafe_entry";
    public const string TooManyEntries = "too_many_entries";
    public const string ArchiveTooLarge = "archive_too_large";
    public const string BodyMissing = "body_missing";

    // Accounts, sign-in and admin input (400).
    public const string InvalidEmail = "invalid_email";
    public const string InvalidRole = "invalid_role";
    public const string WeakPassword = "weak_password";
    public const string InvalidCredentials = "invalid_credentials";
    public const string LockedOut = "locked_out";
    public const string UnknownUser = "unknown_user";
    public const string InvalidUsers = "invalid_users";
    public const string InvalidStatuses = "invalid_statuses";
    public const string InvalidCsv = "invalid_csv";
    public const string TooManyRows = "too_many_rows";
    public const string InvalidDueDate = "invalid_due_date";
    public const string InvalidCompletedAt = "invalid_completed_at";

    // The Idempotency-Key header of the bulk and import operations (400, 409).
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyKeyInUse = "idempotency_key_in_use";

    // Versions of a course or package (409, one 403): the draft → published → archived life.
    public const string CourseExists = "course_exists";
    public const string PackageExists = "package_exists";
    public const string DraftExists = "draft_exists";
    public const string DraftChanged = "draft_changed";
    public const string NoDraft = "no_draft";
    public const string NoActiveVersion = "no_active_version";
    public const string VersionNotCopyable = "version_not_copyable";
    public const string PublishScheduled = "publish_scheduled";
    public const string NotAnOlderVersion = "not_an_older_version";
    public const string SecondPersonRequired = "second_person_required";
    public const string NothingScheduled = "nothing_scheduled";
    public const string CourseInUse = "course_in_use";

    // A learner's course and enrollments (409 unless noted): starting, completing lessons, attempts.
    public const string NotStarted = "not_started";
    public const string LessonNotInVersion = "lesson_not_in_version";
    public const string NotAnAssessment = "not_an_assessment";
    public const string PrerequisitesIncomplete = "prerequisites_incomplete";
    public const string LockedInSeries = "locked_in_series";
    public const string AssessmentNeedsAttempt = "assessment_needs_attempt";
    public const string AttemptsExhausted = "attempts_exhausted";
    public const string AttemptTooSoon = "attempt_too_soon";
    public const string NoAttemptLimit = "no_attempt_limit";
    public const string EnrollmentClosed = "enrollment_closed";
    public const string EnrollmentCompleted = "enrollment_completed";
    public const string CourseNotAvailable = "course_not_available";

    // Users (409).
    public const string UserExists = "user_exists";
    public const string EmailTaken = "email_taken";
    public const string ExternalLinkRefused = "external_link_refused";
    public const string ManagerCycle = "manager_cycle";
    public const string SelfDeactivation = "self_deactivation";
    public const string LastAdmin = "last_admin";
    public const string AccountDeactivated = "account_deactivated";

    // Course exports.
    public const string ExportNotReady = "export_not_ready";
    public const string ExportExpired = "export_expired";

    // Webhooks and xAPI forwarding (409).
    public const string WebhooksNeedDatabase = "webhooks_need_database";
    public const string WebhookRemoved = "webhook_removed";

    /// <summary>Every code with the status the API answers it with; a code answered with two statuses (e.g.
    /// <see cref="NotStarted"/>) has a row for each.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } =
    [
        new(Invalid, 400, "The request is invalid; no more specific code applies."),
        new(MalformedRequest, 400, "The framework could not bind the request: a value missing or of the wrong type, a body that is not JSON."),
        new(Unauthorized, 401, "Not signed in."),
        new(Forbidden, 403, "The role does not allow this, or the data is someone else's."),
        new(CrossSiteRequest, 403, "A write the browser marks as cross-site."),
        new(NotFound, 404, "No such id (or text that cannot be an id)."),
        new(TooLarge, 413, "The body is over the endpoint's size limit."),
        new(UnsupportedMediaType, 415, "A write whose body is not of the media type the operation takes: application/json, or text/csv for an import."),
        new(RateLimited, 429, "Too many learner writes; Retry-After says when to try again."),
        new(Unavailable, 503, "The cluster or its database did not answer; nothing was changed."),
        new(Overloaded, 503, "The web is at its admission limit; nothing was changed. Retry-After says when to try again."),
        new(InvalidToken, 401, "The bearer token is not one the portal issued (or is malformed)."),
        new(TokenExpired, 401, "The bearer token has expired."),
        new(TokenRevoked, 401, "The bearer token was revoked."),
        new(InvalidExpiry, 400, "A new API token's expiry that has passed."),

        new(Required, 400, "A required field is empty."),
        new(TooLong, 400, "A text is over its length limit."),
        new(TooMany, 400, "Too many items (modules, lessons, questions, options, tags)."),
        new(OutOfRange, 400, "A number is outside its range."),
        new(InvalidId, 400, "Text that cannot be an id."),
        new(DuplicateId, 400, "An id used twice inside one course."),
        new(InvalidUrl, 400, "Not an absolute http:// or https:// URL."),
        new(InvalidDates, 400, "An end before its start."),
        new(InvalidRevision, 400, "A draft revision this API did not answer with."),
        new(InvalidKind, 400, "Not a kind of learning event."),
        new(InvalidCursor, 400, "A page cursor (events, users) that is not the previous page's next value."),
        new(EffectiveDatePast, 400, "A publish's effective date that has passed; leave it empty to publish now."),

        new(InvalidType, 400, "Not a lesson type."),
        new(PayloadMismatch, 400, "A lesson carries a payload of another type."),
        new(InvalidAssessment, 400, "An assessment without questions, options or a correct option."),
        new(NoRequiredLesson, 400, "A course to publish has no required lesson."),
        new(SelfPrerequisite, 400, "A course names itself as a prerequisite."),
        new(PrerequisiteNotPublished, 400, "A prerequisite course has no published version."),
        new(PrerequisiteCycle, 400, "Prerequisites that lead back to the course."),

        new(EmptyRoot, 400, "A package's requirement without any course or group."),
        new(RootNotSet, 400, "A package's requirement that is not a set."),
        new(EmptySet, 400, "A set without items."),
        new(InvalidNode, 400, "A requirement node that is both or neither a course and a set."),
        new(InvalidMin, 400, "An at-least minimum outside 1 to the items, or a minimum on another set."),
        new(TooManyRequired, 400, "More items marked required than an at-least set needs."),
        new(InvalidPoints, 400, "Points or minimum points that are not positive."),
        new(UnreachablePoints, 400, "A set needs more points than its items are worth."),
        new(DuplicateCourse, 400, "A course twice in one set."),
        new(TooDeep, 400, "A requirement tree nested too deep."),
        new(TooManyNodes, 400, "A requirement tree with too many nodes."),
        new(CourseNotPublished, 400, "A required course has no published version."),

        new(InvalidZip, 400, "An import that is not a readable ZIP."),
        new(ManifestMissing, 400, "An archive without its manifest."),
        new(ManifestInvalid, 400, "A manifest that cannot be read or lacks the course."),
        new(ManifestVersionUnsupported, 400, "A manifest version this portal does not read."),
        new(UnsafeEntry, 400, "An archive entry with an unsafe or repeated name."),
        new(TooManyEntries, 400, "An archive with too many entries."),
        new(ArchiveTooLarge, 400, "An archive that unpacks to more than the limit."),
        new(BodyMissing, 400, "A lesson body the manifest names but the archive lacks."),

        new(InvalidEmail, 400, "Not an e-mail address."),
        new(InvalidRole, 400, "Not a role: Learner, Contributor, Approver or Admin."),
        new(WeakPassword, 400, "A password that breaks the password rules."),
        new(InvalidCredentials, 400, "A wrong e-mail address or password."),
        new(LockedOut, 400, "Password sign-in to the account is locked from this address."),
        new(UnknownUser, 400, "No user has this address or id."),
        new(InvalidUsers, 400, "Too few or too many users to assign at once."),
        new(InvalidStatuses, 400, "Not a choice of enrollment statuses to move."),
        new(InvalidCsv, 400, "A historical-record file without the expected columns."),
        new(TooManyRows, 413, "A historical-record file with more rows than an import takes."),
        new(InvalidDueDate, 400, "A due date that has passed."),
        new(InvalidCompletedAt, 400, "A historical completion's completedAt that is not a date, or lies in the future (a row of an import)."),
        new(InvalidIdempotencyKey, 400, "An Idempotency-Key header that is empty, over 255 characters, not printable ASCII or sent twice."),
        new(IdempotencyKeyReused, 409, "The Idempotency-Key was used by the same caller for another request (operation, path or body) within 24 hours."),
        new(IdempotencyKeyInUse, 409, "A request with the same Idempotency-Key is still running; Retry-After says when to repeat it."),

        new(CourseExists, 409, "A course with this id already exists."),
        new(PackageExists, 409, "A package with this id already exists."),
        new(DraftExists, 409, "There is a draft already."),
        new(DraftChanged, 409, "Someone saved the draft after it was read; nothing was applied."),
        new(NoDraft, 409, "There is no draft."),
        new(NoActiveVersion, 409, "There is no active version to start, copy, archive, enroll in or move to."),
        new(VersionNotCopyable, 409, "A version of a status that cannot be copied."),
        new(PublishScheduled, 409, "Another version is already scheduled to become active."),
        new(NotAnOlderVersion, 409, "Learners can move only from a version older than the active one."),
        new(SecondPersonRequired, 403, "Publishing needs an approver other than the draft's author."),
        new(NothingScheduled, 409, "There is no scheduled publish to cancel."),
        new(CourseInUse, 409, "The course is in the active or scheduled version of a package; it cannot be archived."),

        new(NotStarted, 404, "Reading progress of a course not started."),
        new(NotStarted, 409, "A lesson or attempt in a course not started."),
        new(LessonNotInVersion, 404, "The pinned version has no such lesson."),
        new(NotAnAssessment, 400, "An attempt at a lesson that is not an assessment."),
        new(PrerequisitesIncomplete, 409, "Prerequisite courses are not completed."),
        new(LockedInSeries, 409, "The course is locked in a series until the one before it is completed."),
        new(AssessmentNeedsAttempt, 409, "An assessment is completed only by a passing attempt."),
        new(AttemptsExhausted, 409, "No attempts left at the assessment."),
        new(AttemptTooSoon, 409, "The next attempt opens later (retryAt says when)."),
        new(NoAttemptLimit, 409, "An attempt grant for an assessment without a maximum."),
        new(EnrollmentClosed, 409, "Outside the package's enrollment window."),
        new(EnrollmentCompleted, 409, "The enrollment is completed: a due date belongs to an open enrollment."),
        new(CourseNotAvailable, 409, "Starting a course before its start date or after its end date."),

        new(UserExists, 409, "A user with this id already exists."),
        new(EmailTaken, 409, "Another account uses this e-mail address."),
        new(ManagerCycle, 409, "The manager is the user, or reports to them: reporting lines cannot go round."),
        new(ExternalLinkRefused, 409, "A company sign-in cannot take over this account."),
        new(SelfDeactivation, 409, "An admin cannot deactivate their own account."),
        new(LastAdmin, 409, "The last active admin cannot be deactivated."),
        new(AccountDeactivated, 403, "Signing in to a deactivated account."),
        new(AccountDeactivated, 409, "Assigning a package to a deactivated account: nothing new is assigned to it."),

        new(ExportNotReady, 409, "The export is not completed yet."),
        new(ExportExpired, 410, "The export's ZIP was deleted after its retention; request a new one."),

        new(WebhooksNeedDatabase, 409, "Webhooks and xAPI forwarding need PostgreSQL; local mode keeps no delivery queue."),
        new(WebhookRemoved, 409, "The webhook was removed: nothing is delivered to it any more."),
    ];
}
