#!/usr/bin/env python3
"""Photos and thumbnails, from the outside (issue 2 §3): index a small
`rummage gen` dataset with photos, after deleting one photo and replacing
three with hostile files (garbage, empty, a header claiming 60000x60000),
and check what the index reports: every item still indexed, one photo
missing, three corrupt, a thumbnail for every other photo; the same with
the photos moved under --image-root, and all missing without it (one
line in the rejects file then, naming the root, not one per photo).

    RUMMAGE=build/rummage python3 tests/e2e/run_photos.py
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import cli          # noqa: E402

CORPUS = os.path.join(HERE, "..", "corpus", "jpeg")
from cli import fail, failures  # noqa: E402


def records(d):
    out = []
    for f in sorted(os.listdir(d)):
        if f.startswith("part-"):
            op = gzip.open if f.endswith(".gz") else open
            with op(os.path.join(d, f), "rb") as fh:
                out += [json.loads(line) for line in fh.read().splitlines() if line.strip()]
    return out


def build(db, inputs, extra):
    p = cli.run(["index", "--db", db, "--thumb-size", "64", "--threads", "2", "--quiet"] +
                extra + inputs)
    if p.returncode != 0:
        fail("index %s exited %d: %s" % (extra, p.returncode,
                                         p.stderr.decode(errors="replace")[:300]))
        return None
    return cli.info_json(db)


def check(info, label, items, photos, missing, corrupt, uuids, db):
    if info is None:
        return
    # The rejects file names each photo that could not be used (man rummage).
    with open(db + ".rejects", "rb") as f:
        rejects = f.read().decode("utf-8", "replace")
    for u in (uuids if missing + corrupt == 4 else []):
        if u not in rejects:
            fail("%s: no line about item %s's photo in the rejects file" % (label, u))
    acct = info["accounting"]
    want = {"indexed": items, "photos": photos, "photos_missing": missing,
            "photos_corrupt": corrupt, "thumbs": photos - missing - corrupt}
    for k, v in want.items():
        if acct.get(k) != v:
            fail("%s: accounting.%s = %r, expected %r" % (label, k, acct.get(k), v))
    if info.get("items") != items:
        fail("%s: items %r, expected %d" % (label, info.get("items"), items))
    status, got, err = cli.query_json(db, " ".join("uuid:" + u for u in uuids))
    total = dict(got)["total"] if status == 0 else err
    if total != len(uuids):
        fail("%s: the items with bad photos: %r found, expected %d" % (label, total, len(uuids)))


def main():
    work = tempfile.mkdtemp(prefix="rummage-photos-")
    try:
        recs = os.path.join(work, "records")
        p = cli.run(["gen", "--format", "records", "--items", "8", "--seed", "3", recs])
        if p.returncode != 0:
            fail("rummage gen exited %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
            return 1
        rs = records(recs)
        photos = [(r["uuid"], im["path"]) for r in rs for im in r.get("images") or []]
        if len(rs) != 8 or len(photos) < 8:
            fail("gen made %d items, %d photos" % (len(rs), len(photos)))
            return 1
        # Four different items get one bad photo each.
        bad, seen = [], set()
        for u, path in photos:
            if u not in seen and not os.path.isabs(path):
                seen.add(u)
                bad.append((u, path))
        missing, garbage, empty, huge = bad[:4]
        os.unlink(os.path.join(recs, missing[1]))
        for (_, path), src in ((garbage, "garbage.jpg"), (empty, "empty.jpg"),
                               (huge, "huge-60000x60000.jpg")):
            shutil.copy(os.path.join(CORPUS, src), os.path.join(recs, path))
        uuids = [u for u, _ in bad[:4]]
        n = len(photos)

        db = os.path.join(work, "photos.db")
        check(build(db, [recs], []), "photos beside the records", 8, n, 1, 3, uuids, db)

        # The photos moved elsewhere: found through --image-root ...
        root = os.path.join(work, "elsewhere")
        os.makedirs(root)
        shutil.move(os.path.join(recs, "images"), os.path.join(root, "images"))
        check(build(db, [recs], ["--image-root", root]), "--image-root", 8, n, 1, 3, uuids, db)
        # ... and all missing without it; the items are still there, and
        # the rejects file says so once, naming where it looked (issue 11
        # section 4), instead of a line per photo.
        check(build(db, [recs], []), "photos gone", 8, n, n, 0, uuids, db)
        with open(db + ".rejects", encoding="utf-8") as f:
            lines = f.read().splitlines()
        want = ("photos: none of the %d photos named by the records was found under %s "
                % (n, os.path.realpath(recs)))
        if len(lines) != 1 or not lines[0].startswith(want):
            fail("all photos missing: expected the one line %r..., got %d lines: %r"
                 % (want, len(lines), lines[:3]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
