#!/usr/bin/env python3
"""Differential test of record validation (contract §2): take valid records,
change one thing in each — a value of another JSON type, a null, a deleted
key, an out-of-range number, a bad uuid or timestamp — index them, and check
that rummage rejects exactly the lines the reference rejects, for the same
field (the reason's prefix up to ':'), and indexes the others.

    RUMMAGE=build/rummage python3 tests/e2e/run_mutations.py [--records N] [--seed S]
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import cli          # noqa: E402
import gen          # noqa: E402
import reference    # noqa: E402

VALUES = [None, True, False, 0, 1, -1, 1.5, 100, 100.5, -0.5, 1e300, "", "x", "99",
          [], [1], ["a"], [None], [[]], {}, {"a": 1}, [{"a": 1}], 50, 0.0]
UUIDS = ["", "a" * 64, "a" * 65, "ok_ID-1", "sp ace", "ü", "a.b", 7, None]
TIMESTAMPS = ["2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T00:00:00",
              "2024-01-01T00:00:00.5+01:00", "2024-01-01T00:00:00.123456789-12:00",
              "2024-01-01T24:00:00Z", "2024-01-01 00:00:00Z", "2024-06-31T00:00:00Z",
              "2024-01-01T00:00Z", "2024-01-01T00:00:00+0100", "2024-01-01T00:00:00z",
              1704067200, None, "1999-12-31T23:59:59.999Z", "2024-01-01T00:00:00+23:59"]


def paths(obj, prefix=()):
    """Every (path) to a value inside obj, the root excluded."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.append(prefix + (k,))
            out += paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.append(prefix + (i,))
            out += paths(v, prefix + (i,))
    return out


def mutate(rng, rec):
    """Change one thing in rec (in place); a short description."""
    r = rng.random()
    if r < 0.1:
        rec["uuid"] = rng.choice(UUIDS)
        return "uuid=%r" % rec["uuid"]
    if r < 0.2:
        rec["timestamp"] = rng.choice(TIMESTAMPS)
        return "timestamp=%r" % rec["timestamp"]
    path = rng.choice(paths(rec))
    parent = rec
    for k in path[:-1]:
        parent = parent[k]
    if rng.random() < 0.2 and isinstance(parent, dict):
        del parent[path[-1]]
        return "del %r" % (path,)
    parent[path[-1]] = rng.choice(VALUES)
    return "%r=%r" % (path, parent[path[-1]])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="rummage-mut-")
    failures = 0
    try:
        d = os.path.join(work, "in")
        os.makedirs(d)
        what = {}
        with open(os.path.join(d, "part-00000.json"), "w") as f:
            for n in range(1, a.records + 1):
                rec = gen.make_item(rng, "m%05d" % n, 1704067200000 + n * 1000)
                what[n] = mutate(rng, rec) if rng.random() < 0.8 else "unchanged"
                f.write(json.dumps(rec, ensure_ascii=rng.random() < 0.5) + "\n")
        db = os.path.join(work, "mut.db")
        p = cli.index(db, [d])
        if p.returncode != 0:
            print("FAIL: index exited %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
            return 1
        got = {n: r for _, n, r in cli.read_rejects(db)}
        ds = reference.Dataset([d])
        want = {n: r for _, n, r in ds.rejects}
        for n in range(1, a.records + 1):
            g, w = got.get(n), want.get(n)
            if (g is None) != (w is None) or \
                    (g is not None and not g.startswith(w.split(":")[0])):
                failures += 1
                if failures <= 30:
                    print("FAIL: line %d (%s): rummage %s, reference %s" % (
                        n, what[n], "indexed" if g is None else repr(g),
                        "indexed" if w is None else repr(w)))
        info = cli.info_json(db)
        for k in ("lines", "indexed", "rejected", "duplicates", "photos"):
            if info["accounting"].get(k) != ds.acct[k]:
                failures += 1
                print("FAIL: accounting.%s = %r, reference %r" % (
                    k, info["accounting"].get(k), ds.acct[k]))
        print("%d records, %d rejected by the reference, %d by rummage" % (
            a.records, len(want), len(got)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("%d failure(s)" % failures)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
