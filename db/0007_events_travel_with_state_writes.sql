-- A grain's learning events reach learning_events in the transaction of the state write that records them, so a
-- completion is one commit instead of two (the write, then the outbox's delivery). Every grain that records events
-- keeps them in its state as "Outbox":{"Events":[...]} (System.Text.Json, property names as declared, UTF-8 in
-- PayloadBinary); the write function appends them after a successful upsert, ignoring ids already there, so an event
-- repeated in a later write, an old silo's own delivery during a rolling upgrade, and a row stored before this
-- migration whose outbox is delivered by the timer all land exactly once. A write that loses (NULL version) inserts
-- nothing. The signature is unchanged: the provider's WriteToStorageKey query and old silos call it as before.

CREATE OR REPLACE FUNCTION orleans_write_to_storage
(
    _GrainIdHash            integer,
    _GrainIdN0              bigint,
    _GrainIdN1              bigint,
    _GrainTypeHash          integer,
    _GrainTypeString        text,
    _GrainIdExtensionString text,
    _ServiceId              text,
    _GrainStateVersion      integer,
    _PayloadBinary          bytea
)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    _NewVersion integer;
BEGIN
    IF _GrainStateVersion IS NULL THEN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (_GrainIdHash, _GrainIdN0, _GrainIdN1, _GrainTypeHash, _GrainTypeString,
             _GrainIdExtensionString, _ServiceId, _PayloadBinary, now(), 1)
        ON CONFLICT (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
                     (COALESCE(GrainIdExtensionString, '')))
        DO NOTHING
        RETURNING Version INTO _NewVersion;
    ELSE
        -- Hashes are refreshed so they stay derived from the current hasher.
        UPDATE OrleansStorage
           SET PayloadBinary = _PayloadBinary,
               ModifiedOn    = now(),
               Version       = Version + 1,
               GrainIdHash   = _GrainIdHash,
               GrainTypeHash = _GrainTypeHash
         WHERE ServiceId       = _ServiceId
           AND GrainTypeString = _GrainTypeString
           AND GrainIdN0       = _GrainIdN0
           AND GrainIdN1       = _GrainIdN1
           AND COALESCE(GrainIdExtensionString, '') = COALESCE(_GrainIdExtensionString, '')
           AND Version         = _GrainStateVersion
        RETURNING Version INTO _NewVersion;
    END IF;

    -- The byte search skips the JSON parse for the many writes whose outbox is empty (and for payloads that are not
    -- JSON at all); an escaped quote inside a string value cannot match it.
    IF _NewVersion IS NOT NULL
       AND position(convert_to('"Outbox":{"Events":[{', 'UTF8') IN _PayloadBinary) > 0 THEN
        PERFORM learning_events_append(convert_from(_PayloadBinary, 'UTF8')::jsonb -> 'Outbox' -> 'Events');
    END IF;

    RETURN _NewVersion;
END
$$;

-- Appends serialized LearningEvent records (as System.Text.Json writes them). Times keep at most microseconds by
-- truncation, as Npgsql sends a DateTime, so a query bounded by the grain's own time of the change still finds it.
CREATE OR REPLACE FUNCTION learning_events_append(_Events jsonb)
RETURNS void
LANGUAGE sql
AS $$
    INSERT INTO learning_events (event_id, occurred_at, kind, actor_id, user_id, package_id, package_version,
                                 course_id, course_version, lesson_id, details)
    SELECT (e ->> 'EventId')::uuid,
           regexp_replace(e ->> 'OccurredAt', '(\.\d{6})\d+', '\1')::timestamptz,
           e ->> 'Kind',
           e ->> 'ActorId',
           e ->> 'UserId',
           e ->> 'PackageId',
           (e ->> 'PackageVersion')::integer,
           e ->> 'CourseId',
           (e ->> 'CourseVersion')::integer,
           e ->> 'LessonId',
           COALESCE((e ->> 'Details')::jsonb, '{}'::jsonb)
      FROM jsonb_array_elements(COALESCE(_Events, '[]'::jsonb)) AS e
    ON CONFLICT (event_id) DO NOTHING
$$;
