#!/usr/bin/env python3
"""Runs each query of a set with EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) twice (the second, warm run is reported) and
prints one markdown row per query: rows returned, rows read by scan nodes (returned + removed by filters), shared
buffers (hit+read) and execution time, plus the plan's top node types."""
import json, subprocess, sys

db, setname = sys.argv[1], sys.argv[2]
queries = json.load(open(f"./{setname}.json"))
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}

def walk(node, acc):
    loops = node.get("Actual Loops", 1)
    if node["Node Type"] in SCANS:
        acc["read"] += (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
                        + node.get("Rows Removed by Index Recheck", 0)) * loops
        acc["scans"] += 1
        if node["Node Type"] == "Seq Scan":
            acc["seq"] += 1
        acc["idx"].add(node.get("Index Name", node["Node Type"]).split("_y20")[-1][5:] if "_y20" in node.get("Index Name", "") else node.get("Index Name", node["Node Type"]))
    for child in node.get("Plans", []):
        walk(child, acc)

def shape(node, depth=0):
    t = node["Node Type"]
    kids = node.get("Plans", [])
    if depth >= 2 or not kids:
        return t
    return t + "(" + ", ".join(sorted(set(shape(k, depth + 1) for k in kids))) + ")"

print("| query | returned | rows read | buffers | ms | plan |")
print("|---|---:|---:|---:|---:|---|")
for q in queries:
    # One session, as a pooled connection: the first run warms the caches (catalog and data), the second is reported.
    sql = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + q["sql"]
    out = subprocess.run(["psql", "-h", "/tmp/partpg", "-p", "55432", "-U", "postgres", "-d", db, "-AtqX",
                          "-c", "SET plan_cache_mode = force_custom_plan", "-c", "SET statement_timeout = '120s'",
                          "-c", q.get("setup", "SELECT 1"), "-c", sql, "-c", "SELECT '@@@'", "-c", sql],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print(f"| {q['name']} | error: {out.stderr.strip()[:80]} |")
        continue
    plan = json.loads(out.stdout.split("@@@")[-1])[0]
    top = plan["Plan"]
    acc = {"read": 0, "scans": 0, "seq": 0, "idx": set()}
    walk(top, acc)
    bufs = top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
    print(f"| {q['name']} | {top.get('Actual Rows', 0)} | {int(acc['read'])} | {bufs} | {plan['Execution Time']:.1f} "
          f"(+{plan['Planning Time']:.1f} plan) | {shape(top)}; {acc['scans']} scans {'/'.join(sorted(acc['idx']))} |")
    sys.stdout.flush()
