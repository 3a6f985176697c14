#!/usr/bin/env python3
"""Near-duplicate photos end to end (issue 10 §1, §4): `rummage gen` with
photos, indexed with thumbnails; every item the generator relisted (its
photos re-encoded, at half size or brightened, under another uuid) is
found by similar: and dup:yes, both ways; and random queries mixing
similar:/dup: with the other terms are answered as the reference answers
them, the reference grouping the stored hashes (`rummage info --phashes`)
by brute force. That different pictures stay apart is checked against
what the generator painted in tests/test-phash.c.

    RUMMAGE=build/rummage python3 tests/e2e/run_dups.py [--items N] [--queries N]
"""

import argparse
import os
import random
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
sys.path.insert(0, HERE)
import cli          # noqa: E402
import reference    # noqa: E402
import run_queries  # noqa: E402
from cli import fail  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=400)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--keep", help="work in this directory and keep it")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="rummage-dups-")
    os.makedirs(work, exist_ok=True)
    try:
        recs = os.path.join(work, "records")
        shutil.rmtree(recs, ignore_errors=True)
        p = cli.run(["gen", "--items", str(a.items), "--seed", str(a.seed),
                     "--max-side", "400", "--threads", "2", "--quiet", recs])
        if p.returncode != 0:
            fail("rummage gen exited %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
            return cli.verdict()
        with open(os.path.join(recs, "relists.tsv"), encoding="utf-8") as f:
            relists = [line.rstrip("\n").split("\t") for line in f if line.strip()]
        kinds = {k for _, _, k in relists}
        if len(relists) < a.items // 40 or kinds != {"reencoded", "half", "brighter"}:
            fail("gen relisted %d of %d items, as %r: expected about 5%% in all "
                 "three ways" % (len(relists), a.items, sorted(kinds)))
        db = os.path.join(work, "dups.db")
        p = cli.run(["index", "--db", db, "--threads", "2", "--quiet", recs])
        if p.returncode != 0:
            fail("index exited %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
            return cli.verdict()
        ds = reference.Dataset([recs])
        nhashes = run_queries.load_phashes(ds, db)
        photos = ds.acct["photos"]
        if nhashes != photos:
            fail("%d photos hashed, expected one per photo (%d)" % (nhashes, photos))
        byuuid = {it["uuid"]: it for it in ds.items}

        # What the generator knows: each relisting and its source pair up.
        for u, src, how in relists:
            for x, y in ((u, src), (src, u)):
                status, got, err = cli.query_json(db, "similar:" + x, limit=1000)
                items = dict(got).get("items", []) if status == 0 else []
                if y not in items:
                    fail("similar:%s (%s of %s) does not find %s: %r" % (
                        x, how, src, y, items[:5] if status == 0 else err))
            if src not in byuuid[u]["near"]:
                fail("the reference does not pair %s with its source %s (%s)" % (u, src, how))
        status, got, _ = cli.query_json(db, "dup:yes", limit=100000)
        dup_yes = set(dict(got).get("items", [])) if status == 0 else set()
        want = {x for u, src, _ in relists for x in (u, src)}
        if want - dup_yes:
            fail("dup:yes misses %d relisted items or sources: %r" % (
                len(want - dup_yes), sorted(want - dup_yes)[:5]))
        print("%d photos, %d relistings; dup:yes %d items (%d relistings and "
              "sources, the rest look-alike generated photos)" % (
                  photos, len(relists), len(dup_yes), len(want)), flush=True)

        # similar:/dup: mixed with every other term, against the reference.
        rng = random.Random(a.seed)
        run_queries.run_dataset(ds, db, rng, a.queries, "rummage gen photos",
                                thumbs=True)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
