-- Learners per course version (the authoring badges and /v1/courses/{id}/versions), and the
-- events browser's course filter.
CREATE INDEX IF NOT EXISTS ix_learning_events_course
    ON learning_events (course_id, course_version, kind);
