-- A page of a package's learners (the enrollments list, its CSV and /v1/packages/{id}/enrollments) read in user order
-- from the primary key, whatever the filters. With a version or status filter the planner guessed that few placements
-- would match (the status is a CASE over the page's as-of instant, which no statistics describe) and chose to read the
-- whole package by bitmap and sort it for every page: at 100M events (100,000 learners in a package) each page of 1,000
-- read 200,000 rows and the whole list 10 million, 4.3 s. In key order a page reads its rows and those its filters skip,
-- and a list with few matches reads the package once. Sorting and bitmap scans are off for this function only.
CREATE OR REPLACE FUNCTION report_package_learners_page(_package text, _as_of timestamptz, _after text, _version integer,
                                                        _status integer, _limit integer)
RETURNS TABLE (user_id text, version integer, status integer, enrolled_at timestamptz, due_at timestamptz,
               completed_at timestamptz, expires_at timestamptz, overdue boolean, expiring boolean)
LANGUAGE sql
STABLE
SET enable_sort = off
SET enable_bitmapscan = off
AS $$
    SELECT l.user_id, l.version, l.status, l.enrolled_at, l.due_at, l.completed_at, l.expires_at,
           l.status <> 2 AND l.due_at < _as_of, l.status = 2 AND l.recertify_from <= _as_of AND l.expires_at > _as_of
      FROM (SELECT p.*, CASE WHEN p.completed_at <= _as_of THEN 2 WHEN p.started_at <= _as_of THEN 1 ELSE 0 END AS status
              FROM report_package_placements p
             WHERE p.package_id = _package AND p.placed_at <= _as_of AND (p.until_at IS NULL OR p.until_at > _as_of)
               AND p.user_id > _after AND (_version IS NULL OR p.version = _version)) AS l
     WHERE _status IS NULL OR l.status = _status
     ORDER BY l.user_id
     LIMIT _limit
$$;
