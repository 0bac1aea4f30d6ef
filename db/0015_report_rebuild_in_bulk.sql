-- report_rebuild() at ten million events, after 0014 (bench/DataScale's history, analysed step by step): two steps
-- took most of its time, and both did per-row work a bulk fill does not need.
--
-- * Each spell asked whether its enrollment records package_started by a probe on (user, time): a whole cycle's
--   assignment shares one instant, so every probe met every enrollment made with it. Here the enrollments that record
--   it are read once and joined by event id.
-- * report_course_learners' row trigger (0013) upserted a counter row per learner inserted: 334,000 updates of the
--   same few hundred rows in one transaction, 77 of the rebuild's 120 seconds. The rebuild now fills the table with
--   that trigger off and counts the versions in one statement, as 0013 did for the rows it found. Turning the trigger
--   off takes the table's exclusive lock, which the TRUNCATE before it holds already; the transaction puts it back.
--
-- Nothing to recompute: the rows are the same as 0014's (ReportReadModelTests rebuilds and compares them).

-- As in 0014, the enrollments that record package_started joined by key.
CREATE OR REPLACE FUNCTION report_package_placements_fill()
RETURNS bigint
LANGUAGE plpgsql
SET jit = off
AS $$
DECLARE
    _placed bigint;
BEGIN
    -- Enrollments that say they record package_started (db/0012): one scan of the enrollments, joined by key, where a
    -- probe per spell by time met every enrollment made at the same instant (a whole cycle's assignment at once).
    WITH starting AS MATERIALIZED (
        SELECT e.event_id, e.occurred_at FROM learning_events e
         WHERE e.kind = 'enrolled' AND e.details ->> 'startedEvent' = 'true'),
    spells AS MATERIALIZED (
        SELECT s.package_id, s.user_id, s.placed_at, s.rank, s.event_id, s.version, s.enrolled_at, s.due_at,
               (st.event_id IS NOT NULL) AS by_event
          FROM (SELECT s.package_id, s.user_id, s.occurred_at AS placed_at, 0 AS rank, s.event_id, s.version,
                       s.occurred_at AS enrolled_at, s.due_at, s.event_id AS spell_event
                  FROM report_package_facts s
                 WHERE s.kind = 'enrolled'
                UNION ALL
                SELECT m.package_id, m.user_id, m.occurred_at, 1, m.event_id, m.version, s.occurred_at, s.due_at, s.event_id
                  FROM report_package_facts m
                  JOIN LATERAL (SELECT f.occurred_at, f.due_at, f.event_id
                                  FROM report_package_facts f
                                 WHERE f.package_id = m.package_id AND f.user_id = m.user_id AND f.kind = 'enrolled'
                                   AND f.occurred_at <= m.occurred_at
                                 ORDER BY f.occurred_at DESC, f.event_id DESC
                                 LIMIT 1) AS s ON true
                 WHERE m.kind = 'moved_to_version') AS s
          LEFT JOIN starting st ON st.event_id = s.spell_event AND st.occurred_at = s.enrolled_at),
    -- The first course activity at or after each enrollment, for spells that go by course activity: the enrollments
    -- and the activity of each learner in one descending pass, each enrollment taking the least activity time seen so
    -- far (later or equal; at equal times the activity sorts first).
    activity AS (
        SELECT user_id, at, next_at
          FROM (SELECT user_id, at, mark,
                       min(at) FILTER (WHERE mark = 1) OVER (PARTITION BY user_id ORDER BY at DESC, mark DESC
                                                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next_at
                  FROM (SELECT DISTINCT user_id, enrolled_at AS at, 0 AS mark FROM spells WHERE NOT by_event
                        UNION ALL
                        SELECT a.user_id, a.occurred_at, 1 FROM learning_events a
                         WHERE a.kind IN ('course_started', 'lesson_completed', 'course_completed')
                           AND a.course_id IS NOT NULL AND a.user_id IS NOT NULL) AS marks) AS w
         WHERE mark = 0),
    -- The first package_started of the package at or after each enrollment, for spells the enrollment starts itself.
    started AS (
        SELECT user_id, package_id, at, next_at
          FROM (SELECT user_id, package_id, at, mark,
                       min(at) FILTER (WHERE mark = 1) OVER (PARTITION BY user_id, package_id ORDER BY at DESC, mark DESC
                                                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next_at
                  FROM (SELECT DISTINCT user_id, package_id, enrolled_at AS at, 0 AS mark FROM spells WHERE by_event
                        UNION ALL
                        SELECT a.user_id, a.package_id, a.occurred_at, 1 FROM learning_events a
                         WHERE a.kind = 'package_started' AND a.package_id IS NOT NULL AND a.user_id IS NOT NULL) AS marks) AS w
         WHERE mark = 0)
    INSERT INTO report_package_placements (package_id, user_id, placed_at, event_id, version, enrolled_at, until_at,
                                           due_at, started_at, completed_at, expires_at, recertify_from, started_by_event)
    SELECT p.package_id, p.user_id, p.placed_at, p.event_id, p.version, p.enrolled_at,
           lead(p.placed_at) OVER (PARTITION BY p.package_id, p.user_id ORDER BY p.placed_at, p.rank, p.event_id),
           p.due_at,
           CASE WHEN p.by_event THEN ps.next_at ELSE act.next_at END,
           c.occurred_at, c.expires_at, c.recertify_from, p.by_event
      FROM spells p
      LEFT JOIN activity act ON NOT p.by_event AND act.user_id = p.user_id AND act.at = p.enrolled_at
      LEFT JOIN started ps ON p.by_event AND ps.user_id = p.user_id AND ps.package_id = p.package_id AND ps.at = p.enrolled_at
      LEFT JOIN LATERAL (SELECT f.occurred_at, f.expires_at, f.recertify_from
                           FROM report_package_facts f
                          WHERE f.package_id = p.package_id AND f.user_id = p.user_id AND f.kind = 'package_completed'
                            AND f.occurred_at >= p.enrolled_at
                          ORDER BY f.occurred_at, f.event_id
                          LIMIT 1) AS c ON true;
    GET DIAGNOSTICS _placed = ROW_COUNT;
    RETURN _placed;
END
$$;

-- As in 0014, with report_course_learners filled in bulk.
CREATE OR REPLACE FUNCTION report_rebuild()
RETURNS bigint
LANGUAGE plpgsql
SET jit = off
SET work_mem = '256MB'
AS $$
DECLARE
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
    -- The placements' plan reads these facts many times over: statistics of the table just filled, not of the empty one.
    ANALYZE report_package_facts;

    PERFORM report_package_placements_fill();

    ALTER TABLE report_course_learners DISABLE TRIGGER report_course_version_count;
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
    ALTER TABLE report_course_learners ENABLE TRIGGER report_course_version_count;
    -- The counters the trigger would have made: a slot only once one of its learners started or completed.
    INSERT INTO report_course_version_counts (course_id, course_version, slot, started, completed)
    SELECT course_id, course_version, (hashtext(user_id) & 15)::smallint, count(started_at), count(completed_at)
      FROM report_course_learners
     GROUP BY 1, 2, 3
    HAVING count(started_at) + count(completed_at) > 0;

    PERFORM report_course_attempts_fill();

    SELECT count(*) INTO _placements FROM report_package_placements;
    RETURN _placements;
END
$$;
