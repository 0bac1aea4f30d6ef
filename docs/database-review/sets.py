import json
COLS = "event_id, occurred_at, kind, actor_id, user_id, package_id, package_version, course_id, course_version, lesson_id, details::text"
OLD_QUERY = f"""SELECT {COLS} FROM learning_events
 WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR package_id = $2) AND ($3::text IS NULL OR course_id = $3)
   AND ($4::text IS NULL OR kind = $4) AND ($5::timestamptz IS NULL OR occurred_at >= $5) AND ($6::timestamptz IS NULL OR occurred_at <= $6)
   AND ($7::timestamptz IS NULL OR (occurred_at, event_id) > ($7, $8)) ORDER BY occurred_at, event_id LIMIT $9"""
AFTER_ID = "'8f14e45f-ceea-167a-5a36-dedd4bea2543'"
def old(user=None, package=None, course=None, kind=None, frm=None, to=None, after=None, limit=100):
    lit = lambda v, t: "NULL" if v is None else f"'{v}'::{t}"
    args = ", ".join([lit(user, "text"), lit(package, "text"), lit(course, "text"), lit(kind, "text"), lit(frm, "timestamptz"),
                      lit(to, "timestamptz"), lit(after, "timestamptz"), AFTER_ID + "::uuid", str(limit)])
    return {"setup": f"PREPARE q(text, text, text, text, timestamptz, timestamptz, timestamptz, uuid, int) AS {OLD_QUERY}",
            "sql": f"EXECUTE q({args})"}
def new(user=None, package=None, course=None, kind=None, frm=None, to=None, after=None, limit=100):
    conds, types, args = [], [], []
    def add(expr, t, v):
        types.append(t); args.append(f"'{v}'::{t}"); conds.append(expr.replace("?", f"${len(types)}"))
    if user: add("user_id = ?", "text", user)
    if package: add("package_id = ?", "text", package)
    if course: add("course_id = ?", "text", course)
    if kind: add("kind = ?", "text", kind)
    if frm: add("occurred_at >= ?", "timestamptz", frm)
    if to: add("occurred_at <= ?", "timestamptz", to)
    if after:
        types.append("timestamptz"); args.append(f"'{after}'::timestamptz")
        types.append("uuid"); args.append(AFTER_ID + "::uuid")
        n = len(types)
        conds.append(f"occurred_at >= ${n-1} AND (occurred_at, event_id) > (${n-1}, ${n})")
    types.append("int"); args.append(str(limit))
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    return {"setup": f"PREPARE q({', '.join(types)}) AS SELECT {COLS} FROM learning_events {where} ORDER BY occurred_at, event_id LIMIT ${len(types)}",
            "sql": f"EXECUTE q({', '.join(args)})"}
browser = [
    ("browse: no filter, first page", dict()),
    ("browse: no filter, keyset 2019-06", dict(after="2019-06-01 00:00+00")),
    ("browse: user", dict(user="u01234")),
    ("browse: user, keyset 2020", dict(user="u01234", after="2020-01-01 00:00+00")),
    ("browse: package p00 (big)", dict(package="p00")),
    ("browse: package p07, keyset 2018", dict(package="p07", after="2018-01-01 00:00+00")),
    ("browse: course c000 (big)", dict(course="c000")),
    ("browse: course c042, keyset 2018-03", dict(course="c042", after="2018-03-01 00:00+00")),
    ("browse: kind moved_to_version (rare)", dict(kind="moved_to_version")),
    ("browse: kind lesson_completed, keyset 2022", dict(kind="lesson_completed", after="2022-01-01 00:00+00")),
    ("browse: user + course", dict(user="u01234", course="c000")),
    ("browse: user + kind", dict(user="u01234", kind="course_completed")),
    ("browse: course c042 + kind course_completed", dict(course="c042", kind="course_completed")),
    ("browse: package p00 + kind package_completed + from (completions/day, 1000)", dict(package="p00", kind="package_completed", frm="2026-10-31 00:00+00", limit=1000)),
    ("browse: one day in 2019 (from/to)", dict(frm="2019-03-05 00:00+00", to="2019-03-05 23:59:59+00")),
    ("browse: kind course_completed + a month in 2018", dict(kind="course_completed", frm="2018-05-01 00:00+00", to="2018-05-31 23:59:59+00")),
    ("browse: package p07 + course c042 (no match)", dict(package="p07", course="c042")),
]
others = [
    {"name": "transcript now (UserEventsAsync)", "setup": f"PREPARE t(text, timestamptz) AS SELECT {COLS} FROM learning_events WHERE user_id = $1 AND occurred_at <= $2 ORDER BY occurred_at, recorded_at", "sql": "EXECUTE t('u01234', '2026-11-30 23:00+00')"},
    {"name": "transcript as of 2021-11-30", "setup": f"PREPARE t(text, timestamptz) AS SELECT {COLS} FROM learning_events WHERE user_id = $1 AND occurred_at <= $2 ORDER BY occurred_at, recorded_at", "sql": "EXECUTE t('u01234', '2021-11-30 00:00+00')"},
]
def enrolled(q):
    return {"name": "EnrolledUsersAsync p00 v1 after u20000, 100", "setup": f"PREPARE e(text, int, text, int) AS {q}", "sql": "EXECUTE e('p00', 1, 'u20000', 100)"}
ENROLLED_OLD = "SELECT DISTINCT user_id FROM learning_events WHERE kind IN ('enrolled', 'moved_to_version') AND package_id = $1 AND package_version = $2 AND user_id > $3 ORDER BY user_id LIMIT $4"
LEARNERS = {"name": "CourseLearnersAsync c042", "setup": "PREPARE l(text) AS SELECT course_version, count(DISTINCT user_id) FILTER (WHERE kind = 'course_started'), count(DISTINCT user_id) FILTER (WHERE kind = 'course_completed') FROM learning_events WHERE course_id = $1 AND course_version IS NOT NULL AND kind IN ('course_started', 'course_completed') GROUP BY course_version ORDER BY course_version", "sql": "EXECUTE l('c042')"}
PACKAGE = {"name": "PackageEventsAsync p07", "setup": f"PREPARE p(text, timestamptz) AS SELECT {COLS} FROM learning_events WHERE occurred_at <= $2 AND (package_id = $1 OR (course_id IS NOT NULL AND user_id IN (SELECT user_id FROM learning_events WHERE package_id = $1 AND kind = 'enrolled'))) ORDER BY occurred_at, recorded_at", "sql": "EXECUTE p('p07', '2026-11-30 23:00+00')"}
PACKAGE_NEW = {"name": "PackageEventsAsync p07", "setup": f"PREPARE p(text, timestamptz) AS WITH enrolled AS MATERIALIZED (SELECT DISTINCT user_id FROM learning_events WHERE package_id = $1 AND kind = 'enrolled') SELECT {COLS} FROM learning_events WHERE occurred_at <= $2 AND (package_id = $1 OR (course_id IS NOT NULL AND user_id IN (SELECT user_id FROM enrolled))) ORDER BY occurred_at, recorded_at", "sql": "EXECUTE p('p07', '2026-11-30 23:00+00')"}
def build(maker, package):
    return [dict(name=n, **maker(**kw)) for n, kw in browser] + others + [enrolled(ENROLLED_OLD), LEARNERS, package]
# before: the statements of the release before db/0008 on the unpartitioned table; after: today's on the partitioned one.
json.dump(build(old, PACKAGE), open("./before.json", "w"), indent=1)
json.dump(build(new, PACKAGE_NEW), open("./after.json", "w"), indent=1)
