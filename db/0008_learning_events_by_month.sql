-- learning_events becomes a table partitioned by month of occurred_at (RANGE, UTC months), so that ten years of
-- history stay cheap to read by time, and an old month can be detached, exported and kept aside without touching the
-- others (docs/operations.md, "Event log partitions"). Nothing is ever deleted by the portal.
--
-- A partitioned table's unique key must contain its partition column, so the key becomes (event_id, occurred_at).
-- Exactly-once still holds: every path that appends an event sends the time the grain recorded, truncated to
-- microseconds the same way (learning_events_append below; PostgresLearningEventSink floors its ticks), so a retried
-- event carries the same occurred_at and meets its own row.
--
-- Partitions: one per month, named learning_events_yYYYYmMM, created ahead by learning_events_create_partitions (this
-- script, the silo's daily upkeep, and bulk imports before they COPY). learning_events_default catches what no month
-- holds yet (a historical import that created no partitions, a clock far in the future), so such a write never fails;
-- creating that month later moves its rows out of the default partition first, as PostgreSQL refuses to attach a
-- range whose rows sit in the default one.
--
-- The conversion (when learning_events is still a plain table) runs in the migrator's transaction: new table, copy,
-- drop the old one, rename. Writers wait on the old table's lock for the copy (readers go on until the swap); measured
-- figures are in docs/operations.md. Run again on a partitioned table, the script changes nothing.

-- The first day (UTC) of the month holding _at, as the timestamp of the partition bounds.
CREATE OR REPLACE FUNCTION learning_events_month_of(_at timestamptz)
RETURNS timestamp
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT date_trunc('month', _at AT TIME ZONE 'UTC')
$$;

-- The partition holding the month starting at _month: learning_events_y2026m03.
CREATE OR REPLACE FUNCTION learning_events_partition_name(_month timestamp)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT format('learning_events_y%sm%s', to_char(_month, 'YYYY'), to_char(_month, 'MM'))
$$;

-- Makes the month starting at _month (UTC) a partition of learning_events unless it is one already, moving its rows out
-- of the default partition. Returns whether it created one. A table of that name that is not attached is an archived
-- month (detached by an operator, docs/operations.md): it is left alone, and rows of that month stay in the default
-- partition until the operator re-attaches it.
CREATE OR REPLACE FUNCTION learning_events_create_partition(_month timestamp)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    _name  text        := learning_events_partition_name(_month);
    _from  timestamptz := _month AT TIME ZONE 'UTC';
    _until timestamptz := (_month + interval '1 month') AT TIME ZONE 'UTC';
    _existing regclass := to_regclass(format('%I', _name));
BEGIN
    IF _month IS NULL OR _month <> date_trunc('month', _month) OR NOT isfinite(_month) OR _month < '0001-01-01'::timestamp THEN
        RAISE EXCEPTION 'learning_events_create_partition: % is not the first instant of a month AD', _month;
    END IF;

    IF _existing IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = _existing AND inhparent = 'learning_events'::regclass) THEN
            RAISE WARNING 'learning_events: % exists but is not attached (an archived month?); its events stay in learning_events_default', _name;
        END IF;
        RETURN false;
    END IF;

    -- A plain table attached afterwards: ATTACH PARTITION takes a SHARE UPDATE EXCLUSIVE lock on learning_events, which
    -- readers and writers pass, where CREATE TABLE ... PARTITION OF would take an ACCESS EXCLUSIVE one.
    EXECUTE format('CREATE TABLE %I (LIKE learning_events INCLUDING DEFAULTS)', _name);
    EXECUTE format('WITH moved AS (DELETE FROM learning_events_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *) '
                   'INSERT INTO %I SELECT * FROM moved', _name) USING _from, _until;
    -- The check lets the attach skip scanning the new table; it is redundant afterwards.
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (occurred_at IS NOT NULL AND occurred_at >= %L AND occurred_at < %L)',
                   _name, _name || '_month', _from, _until);
    EXECUTE format('ALTER TABLE learning_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', _name, _from, _until);
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', _name, _name || '_month');
    RETURN true;
END
$$;

-- The public entry point (the migration, the silo's upkeep, bulk imports before COPY): every month from the one holding
-- _from through the one holding _to becomes a partition. Idempotent; returns how many it created. Serialized by an
-- advisory lock, so silos running their upkeep at once do not race.
CREATE OR REPLACE FUNCTION learning_events_create_partitions(_from timestamptz, _to timestamptz)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    _month   timestamp := learning_events_month_of(_from);
    _last    timestamp := learning_events_month_of(_to);
    _created integer   := 0;
BEGIN
    IF _from IS NULL OR _to IS NULL OR NOT isfinite(_from) OR NOT isfinite(_to) THEN
        RAISE EXCEPTION 'learning_events_create_partitions: bounds must be finite times, got % and %', _from, _to;
    END IF;

    IF _last >= _month + interval '200 years' THEN
        RAISE EXCEPTION 'learning_events_create_partitions: % to % is more than 200 years of months', _from, _to;
    END IF;

    -- 0x4350_7061_7274_6974, "CPpartit", beside the migrator's "CoursePS" key.
    PERFORM pg_advisory_xact_lock(4850500362512394612);
    WHILE _month <= _last LOOP
        IF learning_events_create_partition(_month) THEN
            _created := _created + 1;
        END IF;

        _month := _month + interval '1 month';
    END LOOP;

    RETURN _created;
END
$$;

-- The silo's upkeep (at start and daily): months from the current one through _months_ahead ahead, then a month for
-- every month whose rows wait in the default partition (moved into it). Returns how many partitions it created.
CREATE OR REPLACE FUNCTION learning_events_upkeep(_months_ahead integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    _created integer := learning_events_create_partitions(now(), now() + make_interval(months => GREATEST(_months_ahead, 0)));
    _next    timestamptz;
BEGIN
    -- One index probe per month found, however many rows the default partition holds.
    _next := (SELECT min(occurred_at) FROM learning_events_default);
    WHILE _next IS NOT NULL AND isfinite(_next) AND _next >= '0001-01-01 00:00:00+00'::timestamptz LOOP
        _created := _created + learning_events_create_partitions(_next, _next);
        _next := (SELECT min(occurred_at) FROM learning_events_default
                   WHERE occurred_at >= (learning_events_month_of(_next) + interval '1 month') AT TIME ZONE 'UTC');
    END LOOP;

    RETURN _created;
END
$$;

-- The conversion's own months, on the empty table it fills (nothing to move, no lock to spare); gone with the session.
CREATE OR REPLACE FUNCTION pg_temp.learning_events_new_month(_month timestamp)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    IF to_regclass(learning_events_partition_name(_month)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF learning_events_by_month FOR VALUES FROM (%L) TO (%L)',
                       learning_events_partition_name(_month), _month AT TIME ZONE 'UTC', (_month + interval '1 month') AT TIME ZONE 'UTC');
    END IF;
END
$$;

DO $$
DECLARE
    _month  timestamp;
    _next   timestamptz;
    _copied bigint;
    _had    bigint;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('learning_events')) = 'p' THEN
        RETURN;
    END IF;

    -- Writers wait from here to the commit; readers keep reading the old table until the swap below.
    LOCK TABLE learning_events IN EXCLUSIVE MODE;

    CREATE TABLE learning_events_by_month
    (
        event_id        uuid        NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        kind            text        NOT NULL,
        actor_id        text        NULL,
        user_id         text        NULL,
        package_id      text        NULL,
        package_version integer     NULL,
        course_id       text        NULL,
        course_version  integer     NULL,
        lesson_id       text        NULL,
        details         jsonb       NOT NULL DEFAULT '{}'::jsonb
    ) PARTITION BY RANGE (occurred_at);

    CREATE TABLE learning_events_default PARTITION OF learning_events_by_month DEFAULT;

    -- A month for every month that has rows (one index probe each), and the current one through three ahead.
    _next := (SELECT min(occurred_at) FROM learning_events);
    WHILE _next IS NOT NULL LOOP
        IF isfinite(_next) AND _next >= '0001-01-01 00:00:00+00'::timestamptz THEN
            _month := learning_events_month_of(_next);
            PERFORM pg_temp.learning_events_new_month(_month);
        ELSE
            EXIT;
        END IF;

        _next := (SELECT min(occurred_at) FROM learning_events WHERE occurred_at >= (_month + interval '1 month') AT TIME ZONE 'UTC');
    END LOOP;

    _month := learning_events_month_of(now());
    WHILE _month <= learning_events_month_of(now() + interval '3 months') LOOP
        PERFORM pg_temp.learning_events_new_month(_month);
        _month := _month + interval '1 month';
    END LOOP;

    -- The indexes are built after the copy: one sort per partition instead of an insert per row.
    INSERT INTO learning_events_by_month SELECT event_id, occurred_at, recorded_at, kind, actor_id, user_id, package_id,
        package_version, course_id, course_version, lesson_id, details FROM learning_events;
    GET DIAGNOSTICS _copied = ROW_COUNT;
    _had := (SELECT count(*) FROM learning_events);
    IF _copied <> _had THEN
        RAISE EXCEPTION 'learning_events: copied % rows of %; nothing changed', _copied, _had;
    END IF;

    DROP TABLE learning_events;
    ALTER TABLE learning_events_by_month RENAME TO learning_events;
    ALTER TABLE learning_events ADD CONSTRAINT learning_events_pkey PRIMARY KEY (event_id, occurred_at);
END
$$;

-- The indexes, reviewed with EXPLAIN (ANALYZE, BUFFERS) on ten years of events (docs/database.md, section 4): each
-- query the portal runs reads about as many rows as it returns. Declared on learning_events, so every partition, present
-- and future, has them. db/0005's and db/0006's names are kept (those scripts, run again by hand, find them and skip);
-- two of them now hold other columns.
-- A learner's history in time order: the transcript, and the events browser filtered by user.
CREATE INDEX IF NOT EXISTS ix_learning_events_user_occurred ON learning_events (user_id, occurred_at);
-- A package's events in time order (the browser by package, completions per day); was (package_id, package_version,
-- occurred_at), which could not give a package's events in time order across its versions.
CREATE INDEX IF NOT EXISTS ix_learning_events_package_occurred ON learning_events (package_id, occurred_at);
-- Every event in time order: the browser unfiltered or by time window.
CREATE INDEX IF NOT EXISTS ix_learning_events_occurred ON learning_events (occurred_at);
-- One kind of a course's events: learners per course version (kind IN started, completed), and the browser by course and
-- kind in time order; was (course_id, course_version, kind).
CREATE INDEX IF NOT EXISTS ix_learning_events_course ON learning_events (course_id, kind, occurred_at);
-- A course's events in time order: the browser by course.
CREATE INDEX IF NOT EXISTS ix_learning_events_course_occurred ON learning_events (course_id, occurred_at);
-- One kind of event in time order: the browser by kind, where a rare kind (moved_to_version, role_changed) otherwise
-- meant walking years of the time index.
CREATE INDEX IF NOT EXISTS ix_learning_events_kind_occurred ON learning_events (kind, occurred_at);
-- Who was ever enrolled in (or moved to) a package version, by user id: the keyset pages of EnrolledUsersAsync (batch
-- moves to a new version). Partial: enrollments are a small share of the log.
CREATE INDEX IF NOT EXISTS ix_learning_events_enrolled ON learning_events (package_id, package_version, user_id)
    WHERE kind IN ('enrolled', 'moved_to_version');

-- Same statement as db/0007 with the partitioned table's key as the conflict target.
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
    ON CONFLICT (event_id, occurred_at) DO NOTHING
$$;
