-- report_rebuild() in one pass instead of one refresh per learner. The per-learner refresh (which the triggers keep
-- using, one learner at a time) asks for each enrollment the learner's first activity after it; over ten years of
-- monthly partitions that became a merge of every later partition's index per enrollment, up to 10 ms each: 141 s for
-- the 13,000 learners of a million events (bench/DataScale's history, analysed). Here every placement's start comes
-- from one descending pass over the learners' activity (a running minimum per learner): the same rows in 1.7 s.
--
-- Both functions turn JIT compilation off for themselves: one statement over hundreds of partitions was costed high
-- enough for PostgreSQL to compile it, and compiling took 16 of its 18 seconds. work_mem is raised for the rebuild's
-- sorts (one at a time, so at most a few hundred megabytes).

-- Every placement of every learner from report_package_facts and the log, as report_package_learner_refresh makes
-- them one learner at a time (ReportReadModelTests holds the two equal).
CREATE OR REPLACE FUNCTION report_package_placements_fill()
RETURNS bigint
LANGUAGE plpgsql
SET jit = off
AS $$
DECLARE
    _placed bigint;
BEGIN
    WITH spells AS MATERIALIZED (
        SELECT s.package_id, s.user_id, s.placed_at, s.rank, s.event_id, s.version, s.enrolled_at, s.due_at,
               coalesce((SELECT e.details ->> 'startedEvent' = 'true' FROM learning_events e
                          WHERE e.user_id = s.user_id AND e.occurred_at = s.enrolled_at AND e.event_id = s.spell_event), false) AS by_event
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
                 WHERE m.kind = 'moved_to_version') AS s),
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

-- As in 0010, with the placements filled in one statement.
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

    PERFORM report_package_placements_fill();

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

-- The events already in learning_events, including those of a database upgraded from before the read models (db/0009
-- leaves them to this script). On a database the triggers kept, this gives back the same rows.
SELECT report_rebuild();
