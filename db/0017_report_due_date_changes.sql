-- An open enrollment's due date can change (due_date_changed; details.dueAt, null for none). The change is a fact and, like
-- a move, places the learner anew from its time: on the spell's version then, with the new date. A move after it keeps
-- the changed date. So a report as of any moment shows the due date as it was then, as the replay (ReportReadModels)
-- does. The changes already in the log (none before this release, unless loaded by hand) are placed at the end, found by
-- the (kind, occurred_at) index.

-- As in 0012, with due-date changes placed like moves, and a move's due date the spell's latest.
CREATE OR REPLACE FUNCTION report_package_learner_refresh(_package text, _user text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM report_package_placements WHERE package_id = _package AND user_id = _user;

    INSERT INTO report_package_placements (package_id, user_id, placed_at, event_id, version, enrolled_at, until_at,
                                           due_at, started_at, completed_at, expires_at, recertify_from, started_by_event)
    SELECT _package, _user, p.placed_at, p.event_id, p.version, p.enrolled_at,
           lead(p.placed_at) OVER (ORDER BY p.placed_at, p.rank, p.event_id),
           p.due_at,
           CASE WHEN p.by_event
                THEN (SELECT min(a.occurred_at) FROM learning_events a
                       WHERE a.user_id = _user AND a.occurred_at >= p.enrolled_at AND a.package_id = _package
                         AND a.kind = 'package_started')
                ELSE (SELECT min(a.occurred_at) FROM learning_events a
                       WHERE a.user_id = _user AND a.occurred_at >= p.enrolled_at AND a.course_id IS NOT NULL
                         AND a.kind IN ('course_started', 'lesson_completed', 'course_completed'))
           END,
           c.occurred_at, c.expires_at, c.recertify_from, p.by_event
      FROM (SELECT s.placed_at, s.rank, s.event_id, s.version, s.enrolled_at, s.due_at,
                   coalesce((SELECT e.details ->> 'startedEvent' = 'true' FROM learning_events e
                              WHERE e.user_id = _user AND e.occurred_at = s.enrolled_at AND e.event_id = s.spell_event), false) AS by_event
              FROM (SELECT s.occurred_at AS placed_at, 0 AS rank, s.event_id, s.version, s.occurred_at AS enrolled_at, s.due_at,
                           s.event_id AS spell_event
                      FROM report_package_facts s
                     WHERE s.package_id = _package AND s.user_id = _user AND s.kind = 'enrolled'
                    UNION ALL
                    -- A move or a due-date change belongs to the spell of the latest enrollment at or before it; one before
                    -- any enrollment to none. Each places the learner anew: a move on its version with the spell's due
                    -- date then, a due-date change on the spell's version then with its date.
                    SELECT m.occurred_at, 1, m.event_id, CASE WHEN m.kind = 'moved_to_version' THEN m.version ELSE v.version END,
                           s.occurred_at, d.due_at, s.event_id
                      FROM report_package_facts m
                      JOIN LATERAL (SELECT f.occurred_at, f.event_id
                                      FROM report_package_facts f
                                     WHERE f.package_id = _package AND f.user_id = _user AND f.kind = 'enrolled'
                                       AND f.occurred_at <= m.occurred_at
                                     ORDER BY f.occurred_at DESC, f.event_id DESC
                                     LIMIT 1) AS s ON true
                      JOIN LATERAL (SELECT f.due_at
                                      FROM report_package_facts f
                                     WHERE f.package_id = _package AND f.user_id = _user AND f.kind IN ('enrolled', 'due_date_changed')
                                       AND f.occurred_at <= m.occurred_at
                                     ORDER BY f.occurred_at DESC, f.event_id DESC
                                     LIMIT 1) AS d ON true
                      JOIN LATERAL (SELECT f.version
                                      FROM report_package_facts f
                                     WHERE f.package_id = _package AND f.user_id = _user AND f.kind IN ('enrolled', 'moved_to_version')
                                       AND f.occurred_at <= m.occurred_at
                                     ORDER BY f.occurred_at DESC, f.event_id DESC
                                     LIMIT 1) AS v ON true
                     WHERE m.package_id = _package AND m.user_id = _user AND m.kind IN ('moved_to_version', 'due_date_changed')) AS s) AS p
      LEFT JOIN LATERAL (SELECT f.occurred_at, f.expires_at, f.recertify_from
                           FROM report_package_facts f
                          WHERE f.package_id = _package AND f.user_id = _user AND f.kind = 'package_completed'
                            AND f.occurred_at >= p.enrolled_at
                          ORDER BY f.occurred_at, f.event_id
                          LIMIT 1) AS c ON true;
END
$$;

CREATE OR REPLACE FUNCTION report_on_due_date_changed()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM report_learner_lock(NEW.user_id, true);
    INSERT INTO report_package_facts (package_id, user_id, occurred_at, event_id, kind, version, due_at)
    VALUES (NEW.package_id, NEW.user_id, NEW.occurred_at, NEW.event_id, NEW.kind, NEW.package_version,
            report_timestamptz(NEW.details ->> 'dueAt'))
    ON CONFLICT DO NOTHING;
    PERFORM report_package_learner_refresh(NEW.package_id, NEW.user_id);
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS report_due_date_changed ON learning_events;
CREATE TRIGGER report_due_date_changed
    AFTER INSERT ON learning_events
    FOR EACH ROW
    WHEN (NEW.kind = 'due_date_changed' AND NEW.user_id IS NOT NULL AND NEW.package_id IS NOT NULL)
    EXECUTE FUNCTION report_on_due_date_changed();

-- As in 0015, with due-date changes placed like moves.
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
                SELECT m.package_id, m.user_id, m.occurred_at, 1, m.event_id,
                       CASE WHEN m.kind = 'moved_to_version' THEN m.version ELSE v.version END, s.occurred_at, d.due_at, s.event_id
                  FROM report_package_facts m
                  JOIN LATERAL (SELECT f.occurred_at, f.event_id
                                  FROM report_package_facts f
                                 WHERE f.package_id = m.package_id AND f.user_id = m.user_id AND f.kind = 'enrolled'
                                   AND f.occurred_at <= m.occurred_at
                                 ORDER BY f.occurred_at DESC, f.event_id DESC
                                 LIMIT 1) AS s ON true
                  JOIN LATERAL (SELECT f.due_at
                                  FROM report_package_facts f
                                 WHERE f.package_id = m.package_id AND f.user_id = m.user_id AND f.kind IN ('enrolled', 'due_date_changed')
                                   AND f.occurred_at <= m.occurred_at
                                 ORDER BY f.occurred_at DESC, f.event_id DESC
                                 LIMIT 1) AS d ON true
                  JOIN LATERAL (SELECT f.version
                                  FROM report_package_facts f
                                 WHERE f.package_id = m.package_id AND f.user_id = m.user_id AND f.kind IN ('enrolled', 'moved_to_version')
                                   AND f.occurred_at <= m.occurred_at
                                 ORDER BY f.occurred_at DESC, f.event_id DESC
                                 LIMIT 1) AS v ON true
                 WHERE m.kind IN ('moved_to_version', 'due_date_changed')) AS s
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

-- As in 0015, with the due-date changes among the facts.
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
           CASE WHEN kind IN ('enrolled', 'due_date_changed') THEN report_timestamptz(details ->> 'dueAt') END,
           expires,
           expires - make_interval(secs => least(30.0, coalesce(report_integer(details ->> 'validityDays'), 120) / 4.0) * 86400)
      FROM (SELECT e.*, CASE WHEN e.kind = 'package_completed' THEN report_timestamptz(e.details ->> 'expiresAt') END AS expires
              FROM learning_events e
             WHERE e.kind IN ('enrolled', 'moved_to_version', 'package_completed', 'due_date_changed')
               AND e.user_id IS NOT NULL AND e.package_id IS NOT NULL
               AND (e.kind IN ('package_completed', 'due_date_changed') OR e.package_version IS NOT NULL)) AS f;
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

INSERT INTO report_package_facts (package_id, user_id, occurred_at, event_id, kind, version, due_at)
SELECT package_id, user_id, occurred_at, event_id, kind, package_version, report_timestamptz(details ->> 'dueAt')
  FROM learning_events
 WHERE kind = 'due_date_changed' AND user_id IS NOT NULL AND package_id IS NOT NULL
    ON CONFLICT DO NOTHING;

SELECT report_package_learner_refresh(s.package_id, s.user_id)
  FROM (SELECT DISTINCT package_id, user_id FROM report_package_facts WHERE kind = 'due_date_changed') AS s;
