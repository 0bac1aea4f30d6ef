-- Learner counts per course version (the authoring badges and /v1/courses/{id}/versions) as sixteen counters per
-- version, kept by triggers on report_course_learners, so a badge reads at most sixteen rows per version instead of
-- counting every learner the course ever had (2.1 million rows per authoring overview at 10 million events).
-- Sixteen slots, by the learner's hash, so learners starting the same course at once rarely wait on one counter row.

CREATE TABLE IF NOT EXISTS report_course_version_counts
(
    course_id      text     NOT NULL,
    course_version integer  NOT NULL,
    slot           smallint NOT NULL,
    started        bigint   NOT NULL,
    completed      bigint   NOT NULL,
    PRIMARY KEY (course_id, course_version, slot)
);

-- A learner counts once per version: when their first start or first completion appears (times only move earlier).
CREATE OR REPLACE FUNCTION report_on_course_learner_change()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    _started   integer := CASE WHEN NEW.started_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.started_at IS NULL) THEN 1 ELSE 0 END;
    _completed integer := CASE WHEN NEW.completed_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.completed_at IS NULL) THEN 1 ELSE 0 END;
BEGIN
    IF _started + _completed > 0 THEN
        INSERT INTO report_course_version_counts AS c (course_id, course_version, slot, started, completed)
        VALUES (NEW.course_id, NEW.course_version, (hashtext(NEW.user_id) & 15)::smallint, _started, _completed)
        ON CONFLICT (course_id, course_version, slot) DO UPDATE
           SET started = c.started + EXCLUDED.started, completed = c.completed + EXCLUDED.completed;
    END IF;
    RETURN NULL;
END
$$;

-- report_rebuild() truncates report_course_learners and inserts it again: the counters follow it by these triggers.
CREATE OR REPLACE FUNCTION report_on_course_learners_truncate()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    TRUNCATE report_course_version_counts;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS report_course_version_count ON report_course_learners;
CREATE TRIGGER report_course_version_count
    AFTER INSERT OR UPDATE OF started_at, completed_at ON report_course_learners
    FOR EACH ROW
    EXECUTE FUNCTION report_on_course_learner_change();

DROP TRIGGER IF EXISTS report_course_version_count_truncate ON report_course_learners;
CREATE TRIGGER report_course_version_count_truncate
    AFTER TRUNCATE ON report_course_learners
    FOR EACH STATEMENT
    EXECUTE FUNCTION report_on_course_learners_truncate();

-- The learners already projected. CREATE TRIGGER locked report_course_learners against writes until this transaction
-- commits, so no row is counted twice or missed.
TRUNCATE report_course_version_counts;
INSERT INTO report_course_version_counts (course_id, course_version, slot, started, completed)
SELECT course_id, course_version, (hashtext(user_id) & 15)::smallint, count(started_at), count(completed_at)
  FROM report_course_learners
 GROUP BY 1, 2, 3;
