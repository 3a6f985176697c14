#!/usr/bin/env python3
"""Hostile input: index each case of tests/hostile/cases/ with rummage and
check every line's outcome against tests/hostile/manifest.json (indexed, or
rejected with the expected reason at the right FILE:LINE), the accounting,
the queries listed per case, and that text from the data reaches the
terminal escaped. Huge lines (> 16 MiB) are made here at run time.
The reference implementation must agree with the manifest too.

    RUMMAGE=build/rummage python3 tests/hostile/run.py [CASE...]
"""

import gzip
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import cli          # noqa: E402
import reference    # noqa: E402

from cli import fail, failures  # noqa: E402


def key_of(case, k):
    """Manifest line key -> (file name, line number)."""
    if case.get("dir"):
        f, n = k.rsplit(":", 1)
        return f, int(n)
    return "part-00000.json", int(k)


def outcome_ok(expect, reason):
    """Does a line's fate (reason None = indexed) satisfy expect?"""
    if expect == "indexed":
        return reason is None
    if isinstance(expect, dict):   # either
        return reason is None or any(reason.startswith(p) for p in expect["either"])
    return reason is not None and any(reason.startswith(p) for p in expect)


def uuid_of(line):
    """The uuid a test line names (good enough for our own corpus)."""
    import re
    m = re.search(rb'"uuid" ?: ?"([^"]*)"', line)
    return m.group(1).decode() if m else None


UNSAFE = [b"\x1b", b"\x07", b"\x9b", b"\xe2\x80\xae"] + \
    [b"\xc2" + bytes([c]) for c in range(0x80, 0xa0)]


def check_table(db, q, name):
    """`rummage query` without --json must not pass control bytes through."""
    p = cli.run(["query", "--db", db, q])
    where = "%s: table for %r" % (name, q)
    if p.returncode != 0:
        fail("%s: exit %d: %s" % (where, p.returncode, p.stderr.decode(errors="replace")))
        return
    for bad in UNSAFE:
        if bad in p.stdout:
            fail("%s: raw %r reaches the terminal" % (where, bad))
    try:
        p.stdout.decode("utf-8")
    except UnicodeDecodeError:
        fail("%s: output is not valid UTF-8" % where)
    if q.startswith("uuid:") and q[5:].encode() not in p.stdout:
        fail("%s: the item's uuid is not in the table" % where)


def check_queries(db, case, name, ds):
    for chk in case.get("queries", []):
        opts = chk.get("opts", {})
        status, got, err = cli.query_json(db, chk["q"], **opts)
        where = "%s: query %r %s" % (name, chk["q"], opts or "")
        # The reference must agree with the hand-written expectation.
        want = reference.run_query(ds, chk["q"], opts.get("min_confidence", 50.0),
                                   limit=1000, facet_limit=0)
        if "total" in chk and want["total"] != chk["total"]:
            fail("%s: the reference says total %d (manifest %d)" % (where, want["total"],
                                                                    chk["total"]))
        if status != 0:
            fail("%s: exit %d: %s" % (where, status, err.strip()[:300]))
            continue
        got = dict(got)
        if "total" in chk and got.get("total") != chk["total"]:
            fail("%s: total %r, expected %r" % (where, got.get("total"), chk["total"]))
        if "items" in chk and got.get("items") != chk["items"]:
            fail("%s: items %r, expected %r" % (where, got.get("items"), chk["items"]))
        facets = dict(got.get("facets") or [])
        for f, exp in chk.get("facets", {}).items():
            if list(facets.get(f) or []) != list(exp.items()):
                fail("%s: facet %s = %r, expected %r" % (where, f, facets.get(f),
                                                          list(exp.items())))
        if chk.get("table_safe"):
            check_table(db, chk["q"], name)


def run_case(name, case, src, work):
    """Index one case and check everything the manifest says about it."""
    inp = os.path.join(work, name)
    if os.path.isdir(src):
        shutil.copytree(src, inp)
    else:
        os.makedirs(inp)
        shutil.copy(src, os.path.join(inp, "part-00000.json"))
    db = os.path.join(work, name + ".db")
    p = cli.index(db, [inp])
    if p.returncode != 0:
        fail("%s: index exited %d: %s" % (name, p.returncode,
                                          p.stderr.decode(errors="replace")[:500]))
        return
    got = {(f, n): r for f, n, r in cli.read_rejects(db)}
    expected = {key_of(case, k): e for k, e in case["lines"].items()}
    ds = reference.Dataset([inp])
    ref = {(os.path.basename(p), n): r for p, n, r in ds.rejects}
    for (f, n), e in sorted(expected.items()):
        where = "%s: %s:%d" % (name, f, n)
        if not outcome_ok(e, got.get((f, n))):
            fail("%s: %s, expected %s" % (where, "rejected as %r" % got[(f, n)]
                                          if (f, n) in got else "indexed", e))
        if not outcome_ok(e, ref.get((f, n))):
            fail("%s: the reference says %r, manifest %s" % (where, ref.get((f, n)), e))
    for k in sorted(set(got) - set(expected)):
        fail("%s: %s:%d rejected (%r) but not a line of the corpus" % (name, k[0], k[1],
                                                                       got[k]))
    try:
        info = cli.info_json(db)
    except (AssertionError, ValueError) as e:
        fail("%s: %s" % (name, e))
        return
    acct = info.get("accounting", {})
    want = dict(case.get("accounting", {}))
    want.setdefault("lines", len(expected))
    want.setdefault("rejected", len(got))
    want.setdefault("files", 1)
    for k, v in want.items():
        if acct.get(k) != v:
            fail("%s: accounting.%s = %r, expected %r" % (name, k, acct.get(k), v))
    if acct.get("lines") != acct.get("indexed", 0) + acct.get("rejected", 0) + \
            acct.get("duplicates", 0) or info.get("items") != acct.get("indexed"):
        fail("%s: accounting does not add up: items %r, %r" % (name, info.get("items"), acct))
    # Every indexed line's uuid finds its item.
    for (f, n), e in expected.items():
        if (f, n) in got:
            continue
        path = os.path.join(inp, f)
        with open(path, "rb") as fh:
            line = fh.read().split(b"\n")[n - 1]
        u = uuid_of(line)
        if u:
            status, res, _ = cli.query_json(db, "uuid:" + u)
            total = dict(res).get("total") if status == 0 else None
            if total != 1:
                fail("%s: %s:%d indexed but uuid:%s finds %r" % (name, f, n, u, total))
    check_queries(db, case, name, ds)


def huge_case(work):
    """Lines over 16 MiB, plain and gzip'd, between good lines."""
    d = os.path.join(work, "huge-input")
    os.makedirs(d)
    big = 17 * 1024 * 1024
    ts = '"timestamp":"2024-01-01T00:00:00Z"'
    good = lambda u: ('{"uuid":"%s",%s}' % (u, ts)).encode()
    lines = [good("h1"),
             ('{"uuid":"huge2",%s,"extra":"%s"}' % (ts, "x" * big)).encode(),
             good("h3"),
             b"y" * big,
             ('{"uuid":"big5",%s,"extra":"%s"}' % (ts, "z" * (8 << 20))).encode(),
             good("h6")]
    with open(os.path.join(d, "part-00000.json"), "wb") as f:
        f.write(b"\n".join(lines) + b"\n")
    with gzip.open(os.path.join(d, "part-00001.json.gz"), "wb", compresslevel=1) as f:
        f.write(('{"uuid":"huge7",%s,"brands":["%s"]}\n' % (ts, "w" * big)).encode())
        f.write(good("h8") + b"\n")
    too_long = ["line too long"]
    case = {"dir": True, "lines": {
        "part-00000.json:1": "indexed", "part-00000.json:2": too_long,
        "part-00000.json:3": "indexed", "part-00000.json:4": too_long,
        "part-00000.json:5": "indexed", "part-00000.json:6": "indexed",
        "part-00001.json.gz:1": too_long, "part-00001.json.gz:2": "indexed"},
        "accounting": {"files": 2, "lines": 8, "rejected": 3, "indexed": 5},
        "queries": [{"q": "uuid:huge2 uuid:huge7", "total": 0},
                    {"q": "uuid:h1 uuid:h3 uuid:big5 uuid:h6 uuid:h8", "total": 5}]}
    return case, d


def multi_input(work):
    """Several input directories: read in the order given, so on equal
    timestamps the later directory wins whatever its files are called."""
    a, b = os.path.join(work, "multi-a"), os.path.join(work, "multi-b")
    os.makedirs(a)
    os.makedirs(b)
    ts = '"timestamp":"2024-05-01T00:00:00Z"'
    with open(os.path.join(a, "part-00009.json"), "w") as f:
        f.write('{"uuid":"m1",%s,"brands":["InA"]}\n' % ts)
        f.write('{"uuid":"m2",%s,"brands":["OnlyA"]}\n' % ts)
    with open(os.path.join(b, "part-00000.json"), "w") as f:
        f.write('{"uuid":"m1",%s,"brands":["InB"]}\n' % ts)
    for order, winner in (([a, b], "InB"), ([b, a], "InA")):
        db = os.path.join(work, "multi-%s.db" % winner)
        p = cli.index(db, order)
        if p.returncode != 0:
            fail("multi-input: index exited %d" % p.returncode)
            continue
        status, got, err = cli.query_json(db, "uuid:m1")
        brands = dict(dict(got)["facets"])["brand"] if status == 0 else err
        if brands != [(winner, 1)]:
            fail("multi-input: inputs %s: uuid:m1 has brand %r, expected %s" % (
                [os.path.basename(x) for x in order], brands, winner))
        acct = cli.info_json(db)["accounting"]
        if (acct.get("files"), acct.get("lines"), acct.get("duplicates"),
                acct.get("indexed")) != (2, 3, 1, 2):
            fail("multi-input: accounting %r" % acct)


def main():
    with open(os.path.join(HERE, "manifest.json")) as f:
        manifest = json.load(f)
    only = sys.argv[1:]
    work = tempfile.mkdtemp(prefix="rummage-hostile-")
    try:
        for name, case in manifest.items():
            if only and name not in only:
                continue
            src = os.path.join(HERE, "cases", name if case.get("dir") else name + ".jsonl")
            run_case(name, case, src, work)
            print("%s: checked %d lines" % (name, len(case["lines"])), flush=True)
        if not only or "multi" in only:
            multi_input(work)
            print("multi-input: checked", flush=True)
        if not only or "huge" in only:
            case, d = huge_case(work)
            run_case("huge", case, d, work)
            print("huge: checked", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
