-- An open enrollment's due date can change (due_date_changed, details.dueAt; null for none). The reports show an
-- enrollment's due date as it is now: the change is kept as a fact and written into its spell's enrolled fact, from
-- which the placements take due_at. So a report as of a time before the change shows the new date too; the transcript
-- and the in-memory replay (ReportReadModels) apply it from its time. No history before this release has the kind, so
-- nothing is recomputed here.

-- Writes the latest due-date change of each spell into the spell's enrolled fact (the latest enrollment at or before
-- the change): one learner's in one package, or everyone's when both are null (report_rebuild).
CREATE OR REPLACE FUNCTION report_due_dates_apply(_package text, _user text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE report_package_facts f
       SET due_at = c.due_at
      FROM (SELECT DISTINCT ON (s.package_id, s.user_id, s.occurred_at, s.event_id)
                   s.package_id, s.user_id, s.occurred_at, s.event_id, d.due_at
              FROM report_package_facts d
              JOIN LATERAL (SELECT e.package_id, e.user_id, e.occurred_at, e.event_id
                              FROM report_package_facts e
                             WHERE e.package_id = d.package_id AND e.user_id = d.user_id AND e.kind = 'enrolled'
                               AND e.occurred_at <= d.occurred_at
                             ORDER BY e.occurred_at DESC, e.event_id DESC
                             LIMIT 1) AS s ON true
             WHERE d.kind = 'due_date_changed'
               AND (_package IS NULL OR d.package_id = _package AND d.user_id = _user)
             ORDER BY s.package_id, s.user_id, s.occurred_at, s.event_id, d.occurred_at DESC, d.event_id DESC) AS c
     WHERE f.package_id = c.package_id AND f.user_id = c.user_id AND f.occurred_at = c.occurred_at AND f.event_id = c.event_id
       AND f.due_at IS DISTINCT FROM c.due_at;
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
    PERFORM report_due_dates_apply(NEW.package_id, NEW.user_id);
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

-- As in 0015, with the due-date changes among the facts and applied before the placements are made.
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
    PERFORM report_due_dates_apply(NULL, NULL);
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
