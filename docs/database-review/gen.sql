-- 5M synthetic events over ten years (2017-01 .. 2026-11), roughly in time order of insertion.
\timing on
INSERT INTO learning_events (event_id, occurred_at, recorded_at, kind, actor_id, user_id, package_id, package_version,
                             course_id, course_version, lesson_id, details)
SELECT md5(i::text)::uuid,
       ts, ts,
       k,
       'admin',
       'u' || lpad(((hashint4(i)::bigint & 2147483647) % 50000)::text, 5, '0'),
       CASE WHEN k IN ('enrolled','package_completed','moved_to_version') THEN 'p' || lpad(CASE WHEN i % 10 < 3 THEN 0 ELSE (i / 7) % 20 END::text, 2, '0') END,
       CASE WHEN k IN ('enrolled','package_completed','moved_to_version') THEN 1 + (i / 13) % 3 END,
       CASE WHEN k IN ('course_started','course_completed','lesson_completed','assessment_attempted') THEN 'c' || lpad(CASE WHEN i % 10 < 2 THEN 0 ELSE (i / 3) % 100 END::text, 3, '0') END,
       CASE WHEN k IN ('course_started','course_completed','lesson_completed','assessment_attempted') THEN 1 + (i / 11) % 3 END,
       CASE WHEN k = 'lesson_completed' THEN 'l' || (i % 20) END,
       '{}'::jsonb
  FROM (SELECT i,
               timestamptz '2017-01-01 00:00:00+00' + (i::float8 / 5000000) * interval '3620 days' + ((hashint4(i) & 1023) * interval '1 second') AS ts,
               CASE WHEN i % 10007 = 0 THEN 'moved_to_version'
                    WHEN i % 25 = 0 THEN 'enrolled'
                    WHEN i % 25 = 1 THEN 'course_started'
                    WHEN i % 25 = 2 THEN 'course_completed'
                    WHEN i % 25 = 3 THEN 'package_completed'
                    WHEN i % 25 = 4 THEN 'assessment_attempted'
                    ELSE 'lesson_completed' END AS k
          FROM generate_series(1, 5000000) AS i) AS g;
