-- Read models for the package and course reports, kept beside learning_events and maintained by triggers on it in the
-- transaction that inserts the event, so a report reads a few rows per learner instead of replaying the log. Every row
-- belongs to one learner (no counter shared by thousands of learners, so concurrent completions never queue on one row),
-- and keeps times rather than flags, so the figures as of any moment are WHERE clauses. The inserts into learning_events
-- use ON CONFLICT (event_id) DO NOTHING, which fires no row trigger for a repeated event: each event is projected
-- exactly once, and a rolled-back insert takes its projection with it. report_rebuild() recomputes everything from
-- learning_events. Nothing here names a partition, so it holds on a plain and on a partitioned learning_events.
--
-- The definition of the figures is PackageVersionReport.Build (a replay in time order): a learner counts on the version
-- they were on at the moment asked about; a new enrollment starts a new spell and forgets the last one's progress;
-- "in progress" is any course activity at or after the spell's enrollment; overdue is past the due date and not complete.
-- Events at the same instant as an enrollment count as after it.

-- The package events of each learner, one row per event: what a learner's placements are recomputed from.
CREATE TABLE IF NOT EXISTS report_package_facts
(
    package_id     text        NOT NULL,
    user_id        text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    event_id       uuid        NOT NULL,
    kind           text        NOT NULL,
    version        integer     NULL,
    due_at         timestamptz NULL,
    expires_at     timestamptz NULL,
    recertify_from timestamptz NULL,
    PRIMARY KEY (package_id, user_id, occurred_at, event_id)
);

-- Completions per day of a package.
CREATE INDEX IF NOT EXISTS ix_report_package_facts_completed
    ON report_package_facts (package_id, occurred_at) WHERE kind = 'package_completed';

-- One row per placement: a learner on one version of a package, from an enrollment or a move until their next
-- placement in that package (until_at NULL: still there). The spell's fields (enrolled_at, due_at, started_at,
-- completed_at, expiry) are repeated on each placement of the spell, so a report is one scan without joins.
-- started_at and completed_at are the first activity and the first package completion at or after enrolled_at,
-- unbounded: they only matter while the placement is current, and then "at or before asOf" is exactly the replay's flag.
CREATE TABLE IF NOT EXISTS report_package_placements
(
    package_id     text        NOT NULL,
    user_id        text        NOT NULL,
    placed_at      timestamptz NOT NULL,
    event_id       uuid        NOT NULL,
    version        integer     NOT NULL,
    enrolled_at    timestamptz NOT NULL,
    until_at       timestamptz NULL,
    due_at         timestamptz NULL,
    started_at     timestamptz NULL,
    completed_at   timestamptz NULL,
    expires_at     timestamptz NULL,
    recertify_from timestamptz NULL,
    PRIMARY KEY (package_id, user_id, placed_at, event_id)
);

-- Course activity looks up the learner's placements in every package.
CREATE INDEX IF NOT EXISTS ix_report_package_placements_user
    ON report_package_placements (user_id);

-- The enrollments list: current placements of one version, by user id (keyset pages).
CREATE INDEX IF NOT EXISTS ix_report_package_placements_current
    ON report_package_placements (package_id, version, user_id) WHERE until_at IS NULL;

-- One row per learner of a course version: first start, first completion, first assessment attempt, first pass.
CREATE TABLE IF NOT EXISTS report_course_learners
(
    course_id      text        NOT NULL,
    course_version integer     NOT NULL,
    user_id        text        NOT NULL,
    started_at     timestamptz NULL,
    completed_at   timestamptz NULL,
    attempted_at   timestamptz NULL,
    passed_at      timestamptz NULL,
    PRIMARY KEY (course_id, course_version, user_id)
);

-- Completions per day of a course version.
CREATE INDEX IF NOT EXISTS ix_report_course_learners_completed
    ON report_course_learners (course_id, course_version, completed_at) WHERE completed_at IS NOT NULL;

-- A malformed date in an event's details must not refuse the event (the grain's write would fail): it reads as none.
CREATE OR REPLACE FUNCTION report_timestamptz(_value text)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN _value::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION report_integer(_value text)
RETURNS integer
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN _value::integer;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- Recomputes one learner's placements in one package from their facts; started_at from their course activity.
-- Callers hold the learner's lock (see report_on_package_event), so no activity lands unseen in between.
CREATE OR REPLACE FUNCTION report_package_learner_refresh(_package text, _user text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM report_package_placements WHERE package_id = _package AND user_id = _user;

    INSERT INTO report_package_placements (package_id, user_id, placed_at, event_id, version, enrolled_at, until_at,
                                           due_at, started_at, completed_at, expires_at, recertify_from)
    SELECT _package, _user, p.placed_at, p.event_id, p.version, p.enrolled_at,
           lead(p.placed_at) OVER (ORDER BY p.placed_at, p.rank, p.event_id),
           p.due_at,
           (SELECT min(a.occurred_at) FROM learning_events a
             WHERE a.user_id = _user AND a.occurred_at >= p.enrolled_at AND a.course_id IS NOT NULL
               AND a.kind IN ('course_started', 'lesson_completed', 'course_completed')),
           c.occurred_at, c.expires_at, c.recertify_from
      FROM (SELECT s.occurred_at AS placed_at, 0 AS rank, s.event_id, s.version, s.occurred_at AS enrolled_at, s.due_at
              FROM report_package_facts s
             WHERE s.package_id = _package AND s.user_id = _user AND s.kind = 'enrolled'
            UNION ALL
            -- A move belongs to the spell of the latest enrollment at or before it; one before any enrollment to none.
            SELECT m.occurred_at, 1, m.event_id, m.version, s.occurred_at, s.due_at
              FROM report_package_facts m
              JOIN LATERAL (SELECT f.occurred_at, f.due_at
                              FROM report_package_facts f
                             WHERE f.package_id = _package AND f.user_id = _user AND f.kind = 'enrolled'
                               AND f.occurred_at <= m.occurred_at
                             ORDER BY f.occurred_at DESC, f.event_id DESC
                             LIMIT 1) AS s ON true
             WHERE m.package_id = _package AND m.user_id = _user AND m.kind = 'moved_to_version') AS p
      LEFT JOIN LATERAL (SELECT f.occurred_at, f.expires_at, f.recertify_from
                           FROM report_package_facts f
                          WHERE f.package_id = _package AND f.user_id = _user AND f.kind = 'package_completed'
                            AND f.occurred_at >= p.enrolled_at
                          ORDER BY f.occurred_at, f.event_id
                          LIMIT 1) AS c ON true;
END
$$;

-- The learner's lock for the projection, in the transaction: package events take it exclusively, course activity shares
-- it, so a refresh sees all the learner's activity and activity sees its rows. The user id's hash goes into 1,024
-- buckets (key 16009) rather than a lock per learner, so that one transaction inserting the events of 100,000 learners
-- (an import, a restore) holds at most 1,024 locks instead of running out of shared memory; two learners share a bucket
-- 1 time in 1,024 and then only wait on each other's short transaction. Every trigger takes it through here.
CREATE OR REPLACE FUNCTION report_learner_lock(_user text, _exclusive boolean)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    IF _exclusive THEN
        PERFORM pg_advisory_xact_lock(16009, hashtext(_user) & 1023);
    ELSE
        PERFORM pg_advisory_xact_lock_shared(16009, hashtext(_user) & 1023);
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION report_on_package_event()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    _expires  timestamptz;
    _validity integer;
BEGIN
    -- Exclusive: a refresh must see all the learner's activity (report_learner_lock).
    PERFORM report_learner_lock(NEW.user_id, true);
    IF NEW.kind = 'package_completed' THEN
        _expires := report_timestamptz(NEW.details ->> 'expiresAt');
        _validity := report_integer(NEW.details ->> 'validityDays');
    END IF;

    INSERT INTO report_package_facts (package_id, user_id, occurred_at, event_id, kind, version, due_at, expires_at, recertify_from)
    VALUES (NEW.package_id, NEW.user_id, NEW.occurred_at, NEW.event_id, NEW.kind, NEW.package_version,
            CASE WHEN NEW.kind = 'enrolled' THEN report_timestamptz(NEW.details ->> 'dueAt') END,
            _expires,
            -- The domain's recertification window: the last 30 days, or the last quarter of a shorter validity.
            _expires - make_interval(secs => least(30.0, coalesce(_validity, 120) / 4.0) * 86400))
    ON CONFLICT DO NOTHING;

    PERFORM report_package_learner_refresh(NEW.package_id, NEW.user_id);
    RETURN NULL;
END
$$;

-- The hot path (every lesson completion): one probe of the learner's placements, which changes a row only for the first
-- activity of a spell (or activity arriving out of order).
CREATE OR REPLACE FUNCTION report_on_course_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM report_learner_lock(NEW.user_id, false);
    UPDATE report_package_placements
       SET started_at = NEW.occurred_at
     WHERE user_id = NEW.user_id
       AND enrolled_at <= NEW.occurred_at
       AND (started_at IS NULL OR started_at > NEW.occurred_at);
    RETURN NULL;
END
$$;

-- Commutative (least of each time), so order of arrival does not matter and no lock is needed.
CREATE OR REPLACE FUNCTION report_on_course_event()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO report_course_learners AS r (course_id, course_version, user_id, started_at, completed_at, attempted_at, passed_at)
    VALUES (NEW.course_id, NEW.course_version, NEW.user_id,
            CASE WHEN NEW.kind = 'course_started' THEN NEW.occurred_at END,
            CASE WHEN NEW.kind = 'course_completed' THEN NEW.occurred_at END,
            CASE WHEN NEW.kind = 'assessment_attempted' THEN NEW.occurred_at END,
            CASE WHEN NEW.kind = 'assessment_attempted' AND NEW.details -> 'passed' = 'true'::jsonb THEN NEW.occurred_at END)
    ON CONFLICT (course_id, course_version, user_id) DO UPDATE
       SET started_at   = least(r.started_at, EXCLUDED.started_at),
           completed_at = least(r.completed_at, EXCLUDED.completed_at),
           attempted_at = least(r.attempted_at, EXCLUDED.attempted_at),
           passed_at    = least(r.passed_at, EXCLUDED.passed_at)
     WHERE EXCLUDED.started_at < r.started_at OR (r.started_at IS NULL AND EXCLUDED.started_at IS NOT NULL)
        OR EXCLUDED.completed_at < r.completed_at OR (r.completed_at IS NULL AND EXCLUDED.completed_at IS NOT NULL)
        OR EXCLUDED.attempted_at < r.attempted_at OR (r.attempted_at IS NULL AND EXCLUDED.attempted_at IS NOT NULL)
        OR EXCLUDED.passed_at < r.passed_at OR (r.passed_at IS NULL AND EXCLUDED.passed_at IS NOT NULL);
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS report_package_event ON learning_events;
CREATE TRIGGER report_package_event
    AFTER INSERT ON learning_events
    FOR EACH ROW
    WHEN (NEW.kind IN ('enrolled', 'moved_to_version', 'package_completed') AND NEW.user_id IS NOT NULL AND NEW.package_id IS NOT NULL
          AND (NEW.kind = 'package_completed' OR NEW.package_version IS NOT NULL))
    EXECUTE FUNCTION report_on_package_event();

DROP TRIGGER IF EXISTS report_course_activity ON learning_events;
CREATE TRIGGER report_course_activity
    AFTER INSERT ON learning_events
    FOR EACH ROW
    WHEN (NEW.kind IN ('course_started', 'lesson_completed', 'course_completed') AND NEW.user_id IS NOT NULL AND NEW.course_id IS NOT NULL)
    EXECUTE FUNCTION report_on_course_activity();

DROP TRIGGER IF EXISTS report_course_event ON learning_events;
CREATE TRIGGER report_course_event
    AFTER INSERT ON learning_events
    FOR EACH ROW
    WHEN (NEW.kind IN ('course_started', 'course_completed', 'assessment_attempted') AND NEW.user_id IS NOT NULL
          AND NEW.course_id IS NOT NULL AND NEW.course_version IS NOT NULL)
    EXECUTE FUNCTION report_on_course_event();

-- Recomputes every read model from learning_events in the caller's transaction (one statement: SELECT report_rebuild()).
-- The TRUNCATEs lock the read models, so events landing meanwhile wait and are projected after it commits. For bulk
-- loads: load learning_events with the triggers off (ALTER TABLE learning_events DISABLE TRIGGER USER, or
-- session_replication_role = replica), then call this. Returns the placements written.
CREATE OR REPLACE FUNCTION report_rebuild()
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    _learner record;
    _placements bigint;
BEGIN
    TRUNCATE report_package_facts, report_package_placements, report_course_learners;

    INSERT INTO report_package_facts (package_id, user_id, occurred_at, event_id, kind, version, due_at, expires_at, recertify_from)
    SELECT package_id, user_id, occurred_at, event_id, kind, package_version,
           CASE WHEN kind = 'enrolled' THEN report_timestamptz(details ->> 'dueAt') END,
           expires,
           expires - make_interval(secs => least(30.0, coalesce(report_integer(details ->> 'validityDays'), 120) / 4.0) * 86400)
      FROM (SELECT e.*, CASE WHEN e.kind = 'package_completed' THEN report_timestamptz(e.details ->> 'expiresAt') END AS expires
              FROM learning_events e
             WHERE e.kind IN ('enrolled', 'moved_to_version', 'package_completed') AND e.user_id IS NOT NULL AND e.package_id IS NOT NULL
               AND (e.kind = 'package_completed' OR e.package_version IS NOT NULL)) AS f;

    FOR _learner IN SELECT DISTINCT package_id, user_id FROM report_package_facts WHERE kind = 'enrolled' LOOP
        PERFORM report_package_learner_refresh(_learner.package_id, _learner.user_id);
    END LOOP;

    INSERT INTO report_course_learners (course_id, course_version, user_id, started_at, completed_at, attempted_at, passed_at)
    SELECT course_id, course_version, user_id,
           min(occurred_at) FILTER (WHERE kind = 'course_started'),
           min(occurred_at) FILTER (WHERE kind = 'course_completed'),
           min(occurred_at) FILTER (WHERE kind = 'assessment_attempted'),
           min(occurred_at) FILTER (WHERE kind = 'assessment_attempted' AND details -> 'passed' = 'true'::jsonb)
      FROM learning_events
     WHERE kind IN ('course_started', 'course_completed', 'assessment_attempted') AND user_id IS NOT NULL
       AND course_id IS NOT NULL AND course_version IS NOT NULL
     GROUP BY course_id, course_version, user_id;

    SELECT count(*) INTO _placements FROM report_package_placements;
    RETURN _placements;
END
$$;

-- The events already in learning_events when this migration runs are projected by db/0014, which rebuilds the read
-- models in one pass (rebuilding here, one learner at a time, took minutes per million events).
