-- One status rule for a package enrollment (issue 17). The enrollment grain decides when an enrollment turns in progress
-- (EnrollmentRules.Status: since enrolling, a course of it started or any of its work counting, credit carried in
-- included) and records that moment as a 'package_started' event; its 'enrolled' event says so with
-- "startedEvent": true. For such a spell the reports count "in progress" from that event, so they say what My learning
-- and the API say. Spells enrolled before this release keep 0009's rule (any course activity at or after the
-- enrollment). PackageLearner.Replay is the same definition in C#; ReportReadModelTests holds the two together.
--
-- Nothing here redefines report_rebuild (later migrations of others change it): the new facts are read from
-- learning_events by the refresh function, which the rebuild calls, so rebuilt and maintained rows stay equal.

ALTER TABLE report_package_placements ADD COLUMN IF NOT EXISTS started_by_event boolean NOT NULL DEFAULT false;

-- As in 0009, but a spell whose 'enrolled' event has "startedEvent": true is started by its first 'package_started' at or
-- after the enrollment (started_by_event on its placements, so course activity leaves it alone).
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
                    -- A move belongs to the spell of the latest enrollment at or before it; one before any enrollment to none.
                    SELECT m.occurred_at, 1, m.event_id, m.version, s.occurred_at, s.due_at, s.event_id
                      FROM report_package_facts m
                      JOIN LATERAL (SELECT f.occurred_at, f.due_at, f.event_id
                                      FROM report_package_facts f
                                     WHERE f.package_id = _package AND f.user_id = _user AND f.kind = 'enrolled'
                                       AND f.occurred_at <= m.occurred_at
                                     ORDER BY f.occurred_at DESC, f.event_id DESC
                                     LIMIT 1) AS s ON true
                     WHERE m.package_id = _package AND m.user_id = _user AND m.kind = 'moved_to_version') AS s) AS p
      LEFT JOIN LATERAL (SELECT f.occurred_at, f.expires_at, f.recertify_from
                           FROM report_package_facts f
                          WHERE f.package_id = _package AND f.user_id = _user AND f.kind = 'package_completed'
                            AND f.occurred_at >= p.enrolled_at
                          ORDER BY f.occurred_at, f.event_id
                          LIMIT 1) AS c ON true;
END
$$;

-- As in 0009, for spells that go by course activity only.
CREATE OR REPLACE FUNCTION report_on_course_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM report_learner_lock(NEW.user_id, false);
    UPDATE report_package_placements
       SET started_at = NEW.occurred_at
     WHERE user_id = NEW.user_id
       AND NOT started_by_event
       AND enrolled_at <= NEW.occurred_at
       AND (started_at IS NULL OR started_at > NEW.occurred_at);
    RETURN NULL;
END
$$;

-- A 'package_started' is no fact of its own: it recomputes the learner's placements, which read it from the log. The
-- learner's lock as for the other package events.
CREATE OR REPLACE FUNCTION report_on_package_started()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM report_learner_lock(NEW.user_id, true);
    PERFORM report_package_learner_refresh(NEW.package_id, NEW.user_id);
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS report_package_started ON learning_events;
CREATE TRIGGER report_package_started
    AFTER INSERT ON learning_events
    FOR EACH ROW
    WHEN (NEW.kind = 'package_started' AND NEW.user_id IS NOT NULL AND NEW.package_id IS NOT NULL)
    EXECUTE FUNCTION report_on_package_started();

-- Learners whose enrollments already say they record package_started (none on a database upgraded from the previous
-- release; events loaded by hand may) get their placements recomputed by the rule above.
SELECT report_package_learner_refresh(s.package_id, s.user_id)
  FROM (SELECT DISTINCT f.package_id, f.user_id
          FROM report_package_facts f
          JOIN learning_events e ON e.event_id = f.event_id AND e.occurred_at = f.occurred_at
         WHERE f.kind = 'enrolled' AND e.details ->> 'startedEvent' = 'true') AS s;
