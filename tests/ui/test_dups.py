#!/usr/bin/env python3
"""Near-duplicates in the browser (issue 10 §1): the detail of an item the
generator relisted names its source under "similar" and the key that
lists them; pressing it makes the query similar:UUID, whose result holds
the source (as many items as `rummage query` finds); an item without near-duplicates says "similar -" and the key
says there are none. Photos from `rummage gen`, thumbnails made.

    tests/ui/test_dups.py [build/rummage]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import (Tmux, TempDir, fail, query_on, rummage_path,  # noqa: E402
                    run, total_on)

ENV = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "RUMMAGE_GRAPHICS": "none",
       "XDG_CONFIG_HOME": "/nonexistent", "TERM": "tmux-256color"}


def main():
    with TempDir() as tmp:
        recs = os.path.join(tmp, "records")
        r = run(["gen", "--items", "150", "--seed", "2", "--max-side", "200",
                 "--threads", "2", "--quiet", recs])
        if r.returncode != 0:
            fail("rummage gen exited %d: %s" % (r.returncode, r.stderr[-2000:]))
        with open(os.path.join(recs, "relists.tsv"), encoding="utf-8") as f:
            relists = [line.split("\t")[:2] for line in f if line.strip()]
        if not relists:
            fail("gen made no relistings in 150 items")
        db = os.path.join(tmp, "test.db")
        r = run(["index", "--db", db, "--quiet", "--threads", "2", recs])
        if r.returncode != 0:
            fail("rummage index failed: " + r.stderr)
        lonely = run(["query", "--db", db, "--limit", "1", "--format", "uuids",
                      "dup:no"]).stdout.split()
        if not lonely:
            fail("no item without near-duplicates")
        u, src = relists[0]
        t = Tmux()
        try:
            t.start([rummage_path(), "browse", "--db", db, "--item", u], env=ENV)
            s = t.wait_for("similar ")
            if "Item " + u not in s or "near-duplicate item" not in s or \
                    "(d: list them)" not in s or src not in s:
                fail("the detail of relisting %s does not list its source %s "
                     "under 'similar' with the key" % (u, src), s)
            print("ok - the detail lists the source and the key")
            want = run(["query", "--db", db, "--format", "uuids", "similar:" + u]).stdout.split()
            if src not in want:
                fail("rummage query similar:%s does not find %s" % (u, src))
            t.keys("d")
            s = t.wait(lambda s: query_on(s) == "similar:" + u,
                       "the query similar:" + u)
            if total_on(s) != len(want):
                fail("similar:%s: %d items shown, %d expected" % (u, total_on(s), len(want)), s)
            print("ok - d makes the query similar:UUID (%d items)" % len(want))
            t.kill()

            # A server of its own: the first one may still be going away.
            t = Tmux("lonely")
            t.start([rummage_path(), "browse", "--db", db, "--item", lonely[0]],
                    env=ENV)
            s = t.wait_for("Item " + lonely[0])
            if "similar -" not in s:
                fail("an item without near-duplicates does not say 'similar -'", s)
            t.keys("d")
            s = t.wait_for("no near-duplicates")
            print("ok - an item without any says so")
            t.keys("Escape", "q")
            t.wait_exit()
        finally:
            t.kill()
    print("all near-duplicate browser tests passed")


if __name__ == "__main__":
    main()
