#!/usr/bin/env python3
"""rummage benchmarks (issue 2 §6), side by side with sqlite3 and DuckDB.

Run through bench/run-all (which picks the venv's python for DuckDB).
See bench/README.md for what is measured and how to read the table.
"""

import argparse
import json
import mmap
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "reference"))
from reference import fold  # noqa: E402

FACETS = ("brand", "type", "color", "size")


def say(msg):
    print("==> " + msg, file=sys.stderr, flush=True)


def read_plain(path):
    """Read path once from start to end; its size."""
    n = 0
    with open(path, "rb", buffering=0) as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return n
            n += len(chunk)


def read_through(path, mapped=False):
    """Drop path's pages from the page cache and read it back whole; its
    size. Whatever the build and the other loads left in the cache (parts
    evicted, parts faulted back in small pieces), every run then starts
    from the same state. mapped: through a read-only map advised
    MADV_HUGEPAGE, a byte a page, which is how rummage's own faults read
    an evicted index back (2 MB at a time); else read() from start to end,
    as the SQL engines read their files."""
    with open(path, "rb", buffering=0) as f:
        os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        if not mapped:
            return read_plain(path)
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            return 0
        m = mmap.mmap(f.fileno(), size, prot=mmap.PROT_READ)
        try:
            m.madvise(mmap.MADV_HUGEPAGE)
            touched = 0
            for off in range(0, size, 4096):
                touched ^= m[off]
        finally:
            m.close()
        return size


def wall(fn):
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


# ---------------------------------------------------------------------------
# data

def make_records(a, out):
    """Generate the records once; cached under bench/out/."""
    if os.path.exists(os.path.join(out, "_SUCCESS")):
        say("records cached in %s" % out)
        return "cached"
    shutil.rmtree(out, ignore_errors=True)
    say("generating %d items (no images) into %s" % (a.items, out))
    t, p = wall(lambda: subprocess.run(
        [a.rummage, "gen", "--format", "records", "--items", str(a.items),
         "--seed", str(a.seed), "--no-images", out], stdout=subprocess.DEVNULL))
    if p.returncode == 0:
        return "rummage gen, %.1f s" % t
    say("rummage gen failed (exit %d): using tests/reference/gen.py" % p.returncode)
    shutil.rmtree(out, ignore_errors=True)
    import gen
    t, _ = wall(lambda: gen.generate(out, a.items, a.seed))
    return "tests/reference/gen.py, %.1f s" % t


def part_files(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.startswith("part-") and (f.endswith(".json") or f.endswith(".json.gz")))


# ---------------------------------------------------------------------------
# builds

def build_rummage(a, recs, db):
    for f in (db, db + ".rejects"):
        if os.path.exists(f):
            os.unlink(f)
    # --verbose: each phase's wall and CPU time and the peak RSS, kept for
    # the report (the progress bar goes to stderr, which is not a tty here).
    t, p = wall(lambda: subprocess.run(
        [a.rummage, "index", "--db", db, "--no-thumbs", "--verbose", "--threads",
         str(a.threads), recs], stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    if p.returncode != 0:
        sys.exit("rummage index failed: " + p.stderr.decode(errors="replace"))
    BUILD_VERBOSE[:] = [line for line in p.stdout.decode(errors="replace").splitlines()
                        if line.startswith("  ")]
    info = json.loads(subprocess.run([a.rummage, "info", "--db", db, "--json"],
                                     stdout=subprocess.PIPE, check=True).stdout)
    return t, info


BUILD_VERBOSE = []   # rummage index --verbose's summary lines of the last build


SQLITE_LOAD = """
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE TABLE raw(j TEXT);
.mode ascii
.separator "\\037" "\\n"
{imports}
.mode list
CREATE TABLE rec AS
  SELECT json_extract(j, '$.uuid') AS uuid, json_extract(j, '$.timestamp') AS ts, rowid AS n, j
  FROM raw WHERE json_valid(j) AND json_type(j) = 'object';
DROP TABLE raw;
CREATE TABLE item(id INTEGER PRIMARY KEY, uuid TEXT, ts_ms INTEGER,
  brand_f TEXT, type_f TEXT, color_f TEXT, size_f TEXT, images TEXT);
INSERT INTO item(uuid, ts_ms, brand_f, type_f, color_f, size_f, images)
  SELECT uuid, CAST(ROUND((julianday(ts) - 2440587.5) * 86400000) AS INTEGER),
    lower(json_extract(j, '$.brands[0]')), lower(json_extract(j, '$.productTypes[0]')),
    lower(json_extract(j, '$.colors[0]')), lower(json_extract(j, '$.sizes[0]')),
    json_extract(j, '$.images')
  FROM (SELECT *, row_number() OVER (PARTITION BY uuid ORDER BY julianday(ts) DESC, n DESC) AS k
        FROM rec WHERE uuid IS NOT NULL AND julianday(ts) IS NOT NULL)
  WHERE k = 1;
DROP TABLE rec;
CREATE TABLE label AS
  SELECT item.id AS item, lower(json_extract(l.value, '$.name')) AS name_f,
         max(json_extract(l.value, '$.confidence')) AS conf
  FROM item, json_each(item.images) AS im, json_each(im.value, '$.labels') AS l
  GROUP BY 1, 2;
CREATE TABLE text AS
  SELECT item.id AS item, lower(json_extract(x.value, '$.text')) AS text_f,
         max(json_extract(x.value, '$.confidence')) AS conf
  FROM item, json_each(item.images) AS im, json_each(im.value, '$.text') AS x
  GROUP BY 1, 2;
UPDATE item SET images = NULL;
CREATE INDEX item_brand ON item(brand_f);
CREATE INDEX item_type ON item(type_f);
CREATE INDEX item_color ON item(color_f);
CREATE INDEX item_size ON item(size_f);
CREATE INDEX item_ts ON item(ts_ms);
CREATE INDEX item_uuid ON item(uuid);
CREATE INDEX label_name ON label(name_f, conf);
CREATE INDEX label_item ON label(item, conf, name_f);
CREATE INDEX text_text ON text(text_f, conf);
ANALYZE;
VACUUM;
"""


def build_sqlite(recs, path):
    if os.path.exists(path):
        os.unlink(path)
    imports = "\n".join(".import '|zcat -f %s' raw" % f for f in part_files(recs))
    script = SQLITE_LOAD.format(imports=imports)
    t, p = wall(lambda: subprocess.run(["sqlite3", path], input=script.encode(),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    if p.returncode != 0:
        sys.exit("sqlite3 load failed: " + p.stderr.decode(errors="replace"))
    return t


def build_duckdb(recs, path, threads):
    import duckdb
    if os.path.exists(path):
        os.unlink(path)
    con = duckdb.connect(path)
    con.execute("SET threads=%d" % threads)
    glob = os.path.join(recs, "part-*.json*")
    cols = ("{uuid:'VARCHAR', timestamp:'VARCHAR', productTypes:'VARCHAR[]', "
            "colors:'VARCHAR[]', brands:'VARCHAR[]', sizes:'VARCHAR[]', "
            "images:'STRUCT(name VARCHAR, labels STRUCT(name VARCHAR, confidence DOUBLE)[], "
            "\"text\" STRUCT(\"text\" VARCHAR, confidence DOUBLE)[])[]'}")

    def load():
        con.execute("""
          CREATE TEMP TABLE rec AS SELECT *, row_number() OVER () AS n
          FROM read_json('%s', format='newline_delimited', ignore_errors=true,
                         columns=%s)""" % (glob, cols))
        con.execute("""
          CREATE TABLE item AS
          SELECT row_number() OVER () AS id, uuid, ts_ms,
                 lower(brands[1]) AS brand_f, lower(productTypes[1]) AS type_f,
                 lower(colors[1]) AS color_f, lower(sizes[1]) AS size_f, images
          FROM (SELECT *, epoch_ms(TRY_CAST("timestamp" AS TIMESTAMPTZ)) AS ts_ms,
                       row_number() OVER (PARTITION BY uuid ORDER BY
                         TRY_CAST("timestamp" AS TIMESTAMPTZ) DESC, n DESC) AS k
                FROM rec WHERE uuid IS NOT NULL)
          WHERE k = 1 AND ts_ms IS NOT NULL""")
        con.execute("""
          CREATE TABLE label AS
          SELECT id AS item, lower(l.name) AS name_f, max(l.confidence) AS conf
          FROM (SELECT id, unnest(flatten(list_transform(images, x -> x.labels))) AS l
                FROM item)
          GROUP BY 1, 2""")
        con.execute("""
          CREATE TABLE "text" AS
          SELECT id AS item, lower(x."text") AS text_f, max(x.confidence) AS conf
          FROM (SELECT id, unnest(flatten(list_transform(images, y -> y."text"))) AS x
                FROM item)
          GROUP BY 1, 2""")
        con.execute("ALTER TABLE item DROP COLUMN images")
        con.execute("DROP TABLE rec")
        con.execute("CHECKPOINT")
    t, _ = wall(load)
    return t, con


# ---------------------------------------------------------------------------
# queries

def quote(v):
    if v and not any(c.isspace() or c in '":*\\' for c in v) and not v.startswith("-") \
            and ">=" not in v:
        return v
    return '"' + v.replace('"', '\\"') + '"'


def make_queries(a, db, n, rng):
    """Random queries in the contract's language over values the index has.
    Each: (text, terms) with terms = [(negated, field, value, extra)]."""
    p = subprocess.run([a.rummage, "query", "--db", db, "--json", "--facet-limit", "0",
                        "--limit", "1", ""], stdout=subprocess.PIPE, check=True)
    facets = json.loads(p.stdout)["facets"]
    info = json.loads(subprocess.run([a.rummage, "info", "--db", db, "--json"],
                                     stdout=subprocess.PIPE, check=True).stdout)
    vals = {f: list(facets[f].items()) for f in facets}

    def pick(f):
        v = vals[f]
        if not v:
            return "none"
        if rng.random() < 0.5:
            return rng.choices([k for k, _ in v], weights=[c for _, c in v])[0]
        return rng.choice(v[:200])[0]

    first, last = info["first"][:7], info["last"][:7]
    months = []
    y, m = int(first[:4]), int(first[5:7])
    while "%04d-%02d" % (y, m) <= last:
        months.append("%04d-%02d" % (y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out = []
    shapes = ["brand label", "brand label", "brand label", "type color", "type color",
              "brands type -color", "labelN", "word", "textprefix", "date type",
              "-brand", "size label", "empty", "type -label", "brand date"]
    for _ in range(n):
        shape = rng.choice(shapes)
        terms = []
        if shape == "brand label":
            terms = [(False, "brand", pick("brand"), None), (False, "label", pick("label"), None)]
        elif shape == "type color":
            terms = [(False, "type", pick("type"), None), (False, "color", pick("color"), None)]
        elif shape == "brands type -color":
            terms = [(False, "brand", pick("brand"), None), (False, "brand", pick("brand"), None),
                     (False, "type", pick("type"), None), (True, "color", pick("color"), None)]
        elif shape == "labelN":
            terms = [(False, "label", pick("label"), rng.choice([60, 80, 90, 95, 99]))]
        elif shape == "word":
            terms = [(False, None, pick(rng.choice(["label", "brand", "type"])), None)]
        elif shape == "textprefix":
            b = fold(pick("brand"))
            terms = [(False, "textprefix", b[:max(1, min(3, len(b)))], None)]
        elif shape == "date type":
            terms = [(False, "date", rng.choice(months), None), (False, "type", pick("type"), None)]
        elif shape == "brand date":
            a_, b_ = sorted(rng.sample(months, 2)) if len(months) > 1 else (months[0],) * 2
            terms = [(False, "brand", pick("brand"), None), (False, "date", a_ + ".." + b_, None)]
        elif shape == "-brand":
            terms = [(True, "brand", pick("brand"), None)]
        elif shape == "size label":
            terms = [(False, "size", pick("size"), None), (False, "label", pick("label"), None)]
        elif shape == "type -label":
            terms = [(False, "type", pick("type"), None), (True, "label", pick("label"), None)]
        text = []
        for neg, f, v, extra in terms:
            s = "-" if neg else ""
            if f is None:
                s += quote(v)
            elif f == "textprefix":
                if any(c.isspace() or c in '":*\\' for c in v) or v.startswith("-"):
                    v = "a"
                s += "text:" + v + "*"
            elif f == "date":
                s += "date:" + v
            else:
                s += f + ":" + quote(v) + (">=%d" % extra if extra else "")
            text.append(s)
        out.append((" ".join(text), terms))
    return out


def date_span(v):
    import calendar

    def span(s):
        y, m = int(s[:4]), int(s[5:7])
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        return calendar.timegm((y, m, 1, 0, 0, 0)) * 1000, calendar.timegm((ny, nm, 1, 0, 0, 0)) * 1000
    a, _, b = v.partition("..")
    return span(a)[0], span(b or a)[1]


def term_sql(f, v, extra, thr=50.0):
    """SQL condition on item for one term, with its parameters."""
    if f in FACETS:
        return "%s_f = ?" % f, [fold(v)]
    if f == "label":
        return "id IN (SELECT item FROM label WHERE name_f = ? AND conf >= ?)", \
            [fold(v), float(extra or thr)]
    if f == "textprefix":
        return "id IN (SELECT item FROM \"text\" WHERE text_f >= ? AND text_f < ? AND conf >= ?)", \
            [v, v + "\uffff", thr]
    if f == "date":
        lo, hi = date_span(v)
        return "ts_ms >= ? AND ts_ms < ?", [lo, hi]
    fv = fold(v)
    return ("(brand_f = ? OR type_f = ? OR color_f = ? OR size_f = ? OR "
            "id IN (SELECT item FROM label WHERE name_f = ? AND conf >= ?) OR "
            "id IN (SELECT item FROM \"text\" WHERE text_f = ? AND conf >= ?))",
            [fv, fv, fv, fv, fv, thr, fv, thr])


def query_sql(terms):
    """The WHERE clause of a query: same-field terms OR-ed, fields AND-ed,
    negated terms subtracted."""
    groups, where, params = {}, [], []
    for k, (neg, f, v, extra) in enumerate(terms):
        if neg:
            c, p = term_sql(f, v, extra)
            where.append("NOT (%s)" % c)
            params += p
        else:
            groups.setdefault(f if f else ("word", k), []).append((f, v, extra))
    for g in groups.values():
        cs, ps = [], []
        for f, v, extra in g:
            c, p = term_sql(f, v, extra)
            cs.append("(%s)" % c)
            ps += p
        where.insert(0, "(%s)" % " OR ".join(cs))
        params = ps + params
    return (" AND ".join(where) or "1=1"), params


def run_sql(con, terms, dialect):
    """Total, first 20 uuids and the five facets, as a user would ask."""
    cond, params = query_sql(terms)
    con.execute("DROP TABLE IF EXISTS r")
    # The matching ids once, keyed, then joined: the shape a user would
    # write after looking at EXPLAIN, and the one SQLite runs fastest.
    if dialect == "sqlite":
        con.execute("CREATE TEMP TABLE r(id INTEGER PRIMARY KEY)")
        con.execute("INSERT INTO r SELECT id FROM item WHERE " + cond, params)
    else:
        con.execute("CREATE TEMP TABLE r AS SELECT id FROM item WHERE " + cond, params)
    # SQLite has no statistics on r: CROSS JOIN keeps r the outer loop.
    join = "CROSS JOIN" if dialect == "sqlite" else "JOIN"
    total = con.execute("SELECT count(*) FROM r").fetchone()[0]
    con.execute("SELECT uuid FROM r %s item i ON i.id = r.id "
                "ORDER BY ts_ms DESC, uuid LIMIT 20" % join).fetchall()
    for f in FACETS:
        con.execute("SELECT {0}_f, count(*) FROM r {1} item i ON i.id = r.id "
                    "WHERE {0}_f IS NOT NULL GROUP BY 1 "
                    "ORDER BY 2 DESC, 1 LIMIT 10".format(f, join)).fetchall()
    con.execute("SELECT l.name_f, count(*) FROM r %s label l ON l.item = r.id "
                "WHERE l.conf >= 50 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10" % join).fetchall()
    return total


def time_rummage(a, db, queries):
    times, totals = [], []
    for text, _ in queries:
        args = [a.rummage, "query", "--db", db, "--json"] + \
            (["--", text] if text.startswith("-") else [text])
        t, p = wall(lambda: subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        if p.returncode != 0:
            say("rummage query %r failed: %s" % (text, p.stderr.decode(errors="replace")[:200]))
            totals.append(None)
            continue
        times.append(t)
        totals.append(json.loads(p.stdout)["total"])
    return times, totals


def time_sql(con, queries, dialect, budget):
    times, totals = [], []
    start = time.perf_counter()
    for _, terms in queries:
        if time.perf_counter() - start > budget:
            break
        t, total = wall(lambda: run_sql(con, terms, dialect))
        times.append(t)
        totals.append(total)
    return times, totals


def median_run(a, cmd, count_bytes=False, runs=3):
    """(median seconds, bytes written) of cmd with stdout to a counter; None
    when it fails (an older rummage without the option)."""
    times, nbytes = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
        n = 0
        while True:
            chunk = p.stdout.read(1 << 20)
            if not chunk:
                break
            n += len(chunk)
        p.wait()
        times.append(time.perf_counter() - t0)
        nbytes = n
        if p.returncode != 0:
            say("%s failed (%d): not timed" % (" ".join(cmd), p.returncode))
            return None
    times.sort()
    return times[len(times) // 2], nbytes


def cold_start(a, db, q):
    """Process start to output of one query: hyperfine if present, else
    the median of 20 runs."""
    args = [a.rummage, "query", "--db", db, "--json", q]
    if shutil.which("hyperfine"):
        out = os.path.join(a.out, "hyperfine.json")
        cmd = " ".join("'%s'" % x.replace("'", "'\\''") for x in args)
        subprocess.run(["hyperfine", "-N", "--runs", "20", "--warmup", "2",
                        "--export-json", out, cmd], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        with open(out) as f:
            r = json.load(f)["results"][0]
        return r["median"], "hyperfine, median of 20"
    ts = [wall(lambda: subprocess.run(args, stdout=subprocess.DEVNULL))[0] for _ in range(20)]
    return statistics.median(ts), "median of 20 runs"


def dir_bytes(d):
    return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))


def main():
    ap = argparse.ArgumentParser(description="rummage benchmarks")
    ap.add_argument("--items", type=int, default=1000000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rummage", default=os.path.join(ROOT, "build", "rummage"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--sql-budget", type=float, default=600,
                    help="seconds of queries per SQL engine at most (default 600)")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--no-duckdb", action="store_true")
    ap.add_argument("--reuse-builds", action="store_true",
                    help="keep the three databases of an earlier run (build times not measured)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    load_start = "%.1f" % os.getloadavg()[0]
    recs = os.path.join(a.out, "records-%d" % a.items)
    source = make_records(a, recs)
    rows = []   # (what, rummage, sqlite, duckdb)

    # The first load would read the part files from the disk and every
    # later one from the page cache (on this VM the disk gives ~70 MB/s):
    # read them once first, so that every engine reads them from memory.
    if not a.reuse_builds:
        t, n = wall(lambda: sum(read_plain(os.path.join(recs, name))
                                for name in sorted(os.listdir(recs))))
        say("records read into the page cache: %.0f MB in %.1f s" % (n / 1e6, t))

    say("rummage index (%d threads)" % a.threads)
    db = os.path.join(a.out, "rummage-%d.db" % a.items)
    if a.reuse_builds and os.path.exists(db):
        t_r = None
        info = json.loads(subprocess.run([a.rummage, "info", "--db", db, "--json"],
                                         stdout=subprocess.PIPE, check=True).stdout)
    else:
        t_r, info = build_rummage(a, recs, db)
    acct = info["accounting"]
    lines, mb = acct["lines"], acct["input_bytes"] / 1e6
    t_s = t_d = None
    have_sqlite = False
    if not a.no_sqlite:
        say("sqlite3 load (CLI, JSON1, item + label + text tables, indexes)")
        path = os.path.join(a.out, "sqlite-%d.db" % a.items)
        t_s = None if a.reuse_builds and os.path.exists(path) else build_sqlite(recs, path)
        have_sqlite = True
    duck = None
    if not a.no_duckdb:
        try:
            import duckdb
            say("DuckDB load (read_json, item + label + text tables, %d threads)" % a.threads)
            path = os.path.join(a.out, "duckdb-%d.duckdb" % a.items)
            if a.reuse_builds and os.path.exists(path):
                duck = duckdb.connect(path)
                duck.execute("SET threads=%d" % a.threads)
            else:
                t_d, duck = build_duckdb(recs, path, a.threads)
        except ImportError:
            say("no duckdb in this python: skipped (./run setup installs it)")

    def rate(t, n, unit):
        return "-" if t is None else "%.0f %s" % (n / t, unit)
    rows.append(("build: wall time", "-" if t_r is None else "%.1f s" % t_r,
                 "-" if t_s is None else "%.1f s" % t_s,
                 "-" if t_d is None else "%.1f s" % t_d))
    rows.append(("build: records/s", rate(t_r, lines, "rec/s"), rate(t_s, lines, "rec/s"),
                 rate(t_d, lines, "rec/s")))
    rows.append(("build: MB/s of JSON", rate(t_r, mb, "MB/s"), rate(t_s, mb, "MB/s"),
                 rate(t_d, mb, "MB/s")))
    if t_r is not None and t_d is not None:
        rows.append(("build: DuckDB time / rummage's", "%.2fx" % (t_d / t_r), "-", "-"))
    peak = [line for line in BUILD_VERBOSE if "peak memory" in line]
    if peak:
        rows.append(("build: peak RSS", peak[0].split(")")[-1].strip(), "-", "-"))

    rng = random.Random(a.seed)
    queries = make_queries(a, db, a.queries, rng)
    # The queries are timed against the page cache, not the disk: the
    # loads before them (DuckDB reads the JSON again) can push parts of
    # the index out, and then the first queries would be timing reads.
    # Each engine's file is dropped and read back sequentially (its own
    # file: posix_fadvise, not the machine's caches).
    for path in (db, os.path.join(a.out, "sqlite-%d.db" % a.items),
                 os.path.join(a.out, "duckdb-%d.duckdb" % a.items)):
        if os.path.exists(path):
            t, n = wall(lambda: read_through(path, mapped=path == db))
            say("%s read into the page cache: %.0f MB in %.1f s" %
                (os.path.basename(path), n / 1e6, t))
    say("%d queries through rummage query --json (one process each)" % len(queries))
    tr, tot_r = time_rummage(a, db, queries)
    ts = tot_s = td = tot_d = None
    if have_sqlite:
        say("the same queries in SQLite (in-process: temp table + count + 20 rows + 5 GROUP BY)")
        con = sqlite3.connect(os.path.join(a.out, "sqlite-%d.db" % a.items))
        ts, tot_s = time_sql(con, queries, "sqlite", a.sql_budget)
        con.close()
    if duck is not None:
        say("the same queries in DuckDB (in-process)")
        td, tot_d = time_sql(duck, queries, "duckdb", a.sql_budget)

    def ms(xs, p):
        return "-" if not xs else "%.1f ms" % (pct(xs, p) * 1000)
    for p in (50, 95, 99):
        rows.append(("query+facets: p%d" % p, ms(tr, p), ms(ts, p), ms(td, p)))
    rows.append(("queries timed", str(len(tr)), "-" if ts is None else str(len(ts)),
                 "-" if td is None else str(len(td))))

    def agree(other):
        if other is None:
            return "-"
        pairs = [(x, y) for x, y in zip(tot_r, other) if x is not None]
        return "%d/%d" % (sum(x == y for x, y in pairs), len(pairs))
    rows.append(("totals equal to rummage's", "-", agree(tot_s), agree(tot_d)))

    say("batch output: every uuid, every record (query --format uuids / jsonl)")
    uu = median_run(a, [a.rummage, "query", "--db", db, "--format", "uuids", ""])
    jl = median_run(a, [a.rummage, "query", "--db", db, "--format", "jsonl", ""],
                    count_bytes=True)
    du = None
    if duck is not None:
        out = os.path.join(a.out, "uuids.csv")
        t0 = time.perf_counter()
        duck.execute("COPY (SELECT uuid FROM item ORDER BY ts_ms DESC, uuid) TO '%s' "
                     "(HEADER false)" % out)
        du = time.perf_counter() - t0
        os.unlink(out)
    rows.append(("export: every uuid", "-" if uu is None else "%.2f s" % uu[0], "-",
                 "-" if du is None else "%.2f s (COPY)" % du))
    rows.append(("export: every record (jsonl)", "-" if jl is None else
                 "%.2f s, %.0f MB/s" % (jl[0], jl[1] / jl[0] / 1e6), "-", "-"))

    say("cold start")
    read_through(db, mapped=True)
    cold, how = cold_start(a, db, "brand:zara label:Jeans")
    rows.append(("cold start (%s)" % how, "%.1f ms" % (cold * 1000), "-", "-"))
    size_json = acct["input_bytes"]
    sizes = [os.path.getsize(db)]
    for p in ("sqlite-%d.db", "duckdb-%d.duckdb"):
        f = os.path.join(a.out, p % a.items)
        sizes.append(os.path.getsize(f) if os.path.exists(f) else None)
    rows.append(("size on disk", *["-" if s is None else "%.0f MB (%.2f x JSON)" %
                                   (s / 1e6, s / size_json) for s in sizes]))

    head = ("%d items (%s); JSON %.0f MB uncompressed, %.0f MB on disk; %d lines, %d indexed\n"
            "%d CPUs; load average %s at the start, %s at the end (other work on the machine "
            "slows every column alike)"
            % (a.items, source, size_json / 1e6, dir_bytes(recs) / 1e6, lines, acct["indexed"],
               os.cpu_count(), load_start, "%.1f" % os.getloadavg()[0]))
    w = max(len(r[0]) for r in rows)
    table = ["| %-*s | %-22s | %-22s | %-22s |" % (w, "", "rummage", "sqlite3", "DuckDB"),
             "|-%s-|-%s-|-%s-|-%s-|" % ("-" * w, "-" * 22, "-" * 22, "-" * 22)]
    table += ["| %-*s | %-22s | %-22s | %-22s |" % (w, *r) for r in rows]
    text = head + "\n\n" + "\n".join(table) + "\n"
    if BUILD_VERBOSE:
        text += "\nrummage index --verbose:\n\n" + "\n".join(
            "    " + line for line in BUILD_VERBOSE) + "\n"
    print(text)
    with open(os.path.join(a.out, "results-%d.md" % a.items), "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
