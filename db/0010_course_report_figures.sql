-- The course report's further figures: average time to complete and attempts per pass. Time to complete needs no new
-- column (report_course_learners keeps the first start and the first completion); attempts per pass needs, per learner
-- who passed, how many assessment attempts they made up to and including their first pass. That number is fixed once
-- the learner passed (every attempt it counts is at or before passed_at), so it holds as of any moment after the pass,
-- which is the only time the report counts it.

ALTER TABLE report_course_learners ADD COLUMN IF NOT EXISTS attempts_to_pass integer NULL;

-- Recounts one learner's attempts up to their first pass of a course version from the log. A recount rather than an
-- increment, so attempts arriving out of time order (an import, a retried outbox) and an earlier pass arriving late
-- still give the exact count. It reads the learner's own events between their first attempt and their first pass, by
-- the (user_id, occurred_at) index: OFFSET 0 keeps the planner from filtering the course's events by learner instead,
-- which it chose with the statistics of a bulk insert in flight and which made one statement carrying the attempts of
-- 40,000 learners quadratic (each attempt scanned every attempt of the course before it).
CREATE OR REPLACE FUNCTION report_course_attempts_refresh(_course text, _version integer, _user text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE report_course_learners AS r
       SET attempts_to_pass = (SELECT count(*)::int
                                 FROM (SELECT e.kind, e.course_id, e.course_version FROM learning_events e
                                        WHERE e.user_id = _user AND e.occurred_at >= r.attempted_at AND e.occurred_at <= r.passed_at
                                       OFFSET 0) AS mine
                                WHERE mine.course_id = _course AND mine.course_version = _version AND mine.kind = 'assessment_attempted')
     WHERE r.course_id = _course AND r.course_version = _version AND r.user_id = _user AND r.passed_at IS NOT NULL;
END
$$;

-- As in 0009, and an attempt recounts the learner's attempts to pass. Attempts of one learner on one course take a lock
-- (key 16010), so two committing together are counted one after the other: the second's recount runs in a statement
-- that sees the first's committed event. The lock is one of 1,024 buckets, as report_learner_lock's, so a statement
-- carrying the attempts of 100,000 learners holds at most 1,024 locks instead of overrunning the lock table.
CREATE OR REPLACE FUNCTION report_on_course_event()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.kind = 'assessment_attempted' THEN
        PERFORM pg_advisory_xact_lock(16010, hashtext(NEW.user_id || '/' || NEW.course_id) & 1023);
    END IF;

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

    IF NEW.kind = 'assessment_attempted' THEN
        PERFORM report_course_attempts_refresh(NEW.course_id, NEW.course_version, NEW.user_id);
    END IF;

    RETURN NULL;
END
$$;

-- As in 0009, and the attempts to pass of every learner who passed.
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

    PERFORM report_course_attempts_fill();

    SELECT count(*) INTO _placements FROM report_package_placements;
    RETURN _placements;
END
$$;

-- Every learner's attempts to pass, in one statement (the rebuild, and this migration on an existing database).
CREATE OR REPLACE FUNCTION report_course_attempts_fill()
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE report_course_learners AS r
       SET attempts_to_pass = a.attempts
      FROM (SELECT p.course_id, p.course_version, p.user_id, count(*)::int AS attempts
              FROM report_course_learners p
              JOIN learning_events e
                ON e.user_id = p.user_id AND e.course_id = p.course_id AND e.course_version = p.course_version
               AND e.kind = 'assessment_attempted' AND e.occurred_at <= p.passed_at
             WHERE p.passed_at IS NOT NULL
             GROUP BY p.course_id, p.course_version, p.user_id) AS a
     WHERE r.course_id = a.course_id AND r.course_version = a.course_version AND r.user_id = a.user_id;
END
$$;

SELECT report_course_attempts_fill();
