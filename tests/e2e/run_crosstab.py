#!/usr/bin/env python3
"""rummage stats --crosstab A,B and the OCR agreement section against the
reference: the rows and columns are the top values in facet order (every
hour or weekday, ocr:brand and its negation for fields without a facet),
each cell counts the items both match, each row its own total; the usage
errors exit 2. Standard library only; $RUMMAGE names the binary.
"""
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))

import cli          # noqa: E402
import gen          # noqa: E402
import reference    # noqa: E402
from cli import fail  # noqa: E402
from reference import fold  # noqa: E402

ENV = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")


def side(ds, result, field, top):
    """[(label, predicate)] of one side, as rummage builds it."""
    if field == "hour":
        return [("%02d" % h, lambda it, h=h: (it["ts"] // 3600000) % 24 == h)
                for h in range(24)]
    if field == "weekday":
        return [(d, lambda it, k=k: (it["ts"] // 86400000 + 3) % 7 == k)
                for k, d in enumerate(reference.WEEKDAYS)]
    if field == "ocr":
        return [("ocr:brand", lambda it: reference.ocr_brand(it, 50.0)),
                ("-ocr:brand", lambda it: not reference.ocr_brand(it, 50.0))]
    out = []
    for v, _ in reference.facet(ds, result, field, 50.0, top):
        term = reference.parse_query('%s:"%s"' % (field, v.replace("\\", "\\\\")
                                                  .replace('"', '\\"')))[0]
        out.append((v, lambda it, t=term: reference.term_matches(t, it, 50.0)))
    return out


def parse_table(text):
    """(column labels, [(row label, [counts], total)]) of stats' table."""
    lines = text.splitlines()
    rows = []
    for line in lines[3:]:
        if not line.strip() or line.startswith("("):
            break
        nums = re.findall(r"\d+", line[19:])
        rows.append((line[:18].rstrip(), [int(n) for n in nums[:-1]], int(nums[-1])))
    return lines[2].split(), rows


def check(ds, db, query, a, b, top):
    r = cli.run(["stats", "--db", db, "--crosstab", "%s,%s" % (a, b), "--top", str(top),
                 "--width", "400", "--", query], env=ENV)
    where = "crosstab %s,%s of %r" % (a, b, query)
    if r.returncode != 0:
        fail("%s: exit %d: %s" % (where, r.returncode, r.stderr[:300]))
        return
    result = [it for it in ds.items
              if reference.item_matches(reference.parse_query(query), it, 50.0)]
    rows, cols = side(ds, result, a, top), side(ds, result, b, top)
    labels, got = parse_table(r.stdout.decode("utf-8"))
    if not r.stdout.decode().startswith("%d items" % len(result)):
        fail("%s: total line %r, expected %d items" % (where, r.stdout[:60], len(result)))
    if len(got) != len(rows) or len(labels) != len(cols) + 1:
        fail("%s: %d rows x %d columns, expected %d x %d" % (
            where, len(got), len(labels) - 1, len(rows), len(cols)))
        return
    for (rl, rp), (glabel, counts, total) in zip(rows, got):
        if fold(glabel) != fold(rl)[:len(glabel)] and not glabel.endswith("\u2026"):
            fail("%s: row %r, expected %r" % (where, glabel, rl))
        want = [sum(1 for it in result if rp(it) and cp(it)) for _, cp in cols]
        if counts != want or total != sum(1 for it in result if rp(it)):
            fail("%s: row %r = %r (total %d), expected %r" % (where, rl, counts, total, want))


def check_agreement(ds, db):
    r = cli.run(["stats", "--db", db, "--width", "100"], env=ENV)
    text = r.stdout.decode("utf-8")
    part = text.split("OCR agreement by brand", 1)
    if r.returncode != 0 or len(part) != 2:
        fail("stats: no OCR agreement section (exit %d)" % r.returncode)
        return
    # "  brand  share%  confirmed of items  bar"
    got = re.findall(r"^  (.+?) +([\d.]+)% +(\d+) of (\d+)(?: |$)", part[1],
                     re.M)
    brands = reference.facet(ds, ds.items, "brand", 50.0, 50)
    want = []
    for v, n in brands:
        if n < 5:
            continue
        items = [it for it in ds.items if it["ftop"]["brand"] == v]
        ok = sum(1 for it in items if reference.ocr_brand(it, 50.0))
        want.append((ok / n, v, n, ok))
    want.sort(key=lambda t: t[0])
    if not got or len(got) != min(10, len(want)):
        fail("OCR agreement: %d rows, expected %d" % (len(got), min(10, len(want))))
        return
    for (label, pct, ok, n), (ratio, v, wn, wok) in zip(got, want):
        if abs(float(pct) - 100 * ratio) > 0.051 or int(n) != wn or \
                int(ok) != wok:
            fail("OCR agreement: %r %s%% of %s, expected %.1f%% of %d (%r)" % (
                label.strip(), pct, n, 100 * ratio, wn, v))


def main():
    work = tempfile.mkdtemp(prefix="rummage-crosstab-")
    try:
        recs = os.path.join(work, "records")
        gen.generate(recs, 1500, 9)
        db = os.path.join(work, "x.db")
        p = cli.index(db, [recs])
        if p.returncode != 0:
            fail("index exited %d" % p.returncode)
            return cli.verdict()
        ds = reference.Dataset([recs])
        for q, a, b, top in (("", "brand", "type", 6), ("-color:black", "color", "size", 5),
                             ("", "brand", "ocr", 8), ("label:Clothing", "weekday", "hour", 3),
                             ("", "label", "color", 4), ("type:Jeans", "date", "brand", 4)):
            check(ds, db, q, a, b, top)
        check_agreement(ds, db)
        for bad in ("brand", "brand,uuid", "nosuch,type", "brand,brands", ""):
            r = cli.run(["stats", "--db", db, "--crosstab", bad])
            if r.returncode != 2 or not r.stderr.strip():
                fail("--crosstab %r: exit %d, expected 2 with a message" % (bad, r.returncode))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
