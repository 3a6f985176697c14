#!/usr/bin/env python3
"""End-to-end: generate records, index them with rummage, run a few hundred
random queries through `rummage query --json` and compare every answer
(total, items in order, the five facets in order) with the independent
reference in tests/reference/reference.py. Also checks the accounting
(`rummage info --json`), the rejects file, and exit statuses of bad
queries and arguments.

    RUMMAGE=build/rummage python3 tests/e2e/run_queries.py [--queries N] [--seed S] [--keep DIR]
"""

import argparse
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
from reference import fold  # noqa: E402
from cli import fail, failures  # noqa: E402


def schema_version():
    """CATALOG_SCHEMA_VERSION as index/catalog.h defines it."""
    import re
    with open(os.path.join(HERE, "..", "..", "index", "catalog.h")) as f:
        return int(re.search(r"#define CATALOG_SCHEMA_VERSION (\d+)", f.read()).group(1))


SCHEMA_VERSION = schema_version()


def expected_prefix(reason):
    """The part of a reference reject reason rummage must print too."""
    return reason.split(":")[0]


def load_phashes(ds, db):
    """Give the reference the photos' hashes rummage stored (`info
    --phashes`); it groups them itself."""
    p = cli.run(["info", "--db", db, "--phashes"])
    if p.returncode != 0:
        fail("info --phashes exited %d: %s" % (p.returncode,
                                               p.stderr.decode(errors="replace")[:200]))
        return 0
    lines = p.stdout.decode("utf-8").splitlines()
    ds.load_phashes(lines)
    return len(lines)


def check_build(ds, db, label, thumbs=False):
    """Accounting, info and rejects of a built index against the reference."""
    info = cli.info_json(db)
    acct = info.get("accounting", {})
    for k in ("files", "lines", "indexed", "rejected", "duplicates", "photos"):
        if acct.get(k) != ds.acct[k]:
            fail("%s: accounting.%s = %r, expected %r" % (label, k, acct.get(k), ds.acct[k]))
    if acct.get("lines") != (acct.get("indexed", 0) + acct.get("rejected", 0) +
                             acct.get("duplicates", 0)):
        fail("%s: lines != indexed + rejected + duplicates: %r" % (label, acct))
    ib = acct.get("input_bytes", -1)
    if not ds.line_bytes <= ib <= ds.acct["input_bytes"]:
        fail("%s: input_bytes %r outside [%d, %d]" % (label, ib, ds.line_bytes,
                                                      ds.acct["input_bytes"]))
    if info.get("items") != len(ds.items):
        fail("%s: info.items = %r, expected %d" % (label, info.get("items"), len(ds.items)))
    if info.get("schema_version") != SCHEMA_VERSION:
        fail("%s: schema_version %r" % (label, info.get("schema_version")))
    if not thumbs and acct.get("thumbs") != 0:
        fail("%s: thumbs %r with --no-thumbs" % (label, acct.get("thumbs")))
    if ds.items:
        for key, want in (("first", min(it["ts"] for it in ds.items)),
                          ("last", max(it["ts"] for it in ds.items))):
            try:
                got = cli.iso_to_ms(info.get(key, ""))
            except (ValueError, TypeError):
                got = info.get(key)
            if got != want:
                fail("%s: info.%s = %r, expected %d ms" % (label, key, info.get(key), want))
    got = sorted((f, n) for f, n, _ in cli.read_rejects(db))
    want = sorted((os.path.basename(p), n) for p, n, _ in ds.rejects)
    if got != want:
        fail("%s: rejected lines differ: extra %r, missing %r" % (
            label, sorted(set(got) - set(want))[:10], sorted(set(want) - set(got))[:10]))
    reasons = {(f, n): r for f, n, r in cli.read_rejects(db)}
    for p, n, why in ds.rejects:
        r = reasons.get((os.path.basename(p), n))
        if r is not None and not r.startswith(expected_prefix(why)):
            fail("%s: %s:%d rejected as %r, expected %r..." % (
                label, os.path.basename(p), n, r, expected_prefix(why)))


class QueryMaker:
    """Random queries over the values the data actually uses."""

    def __init__(self, ds, rng):
        self.rng = rng
        self.ds = ds
        sp = ds.spellings
        self.values = {f: sorted(v for vs in sp[f].values() for v in vs)
                       for f in sp}
        # Every spelling at any rank of each prediction list (brands: etc.).
        self.ranked = {f: sorted({v for it in ds.items for v in it["ranked"][p]})
                       for f, p in reference.RANKED_FIELDS.items()}
        self.confs = sorted({c for it in ds.items for _, c in it["labels"]})
        self.uuids = [it["uuid"] for it in ds.items]
        # Items with near-duplicates, so that similar: finds something.
        self.near = [it["uuid"] for it in ds.items if it["near"]]
        self.times = [it["ts"] for it in ds.items]
        # Text prefixes that fold to themselves and need no quoting.
        self.prefixes = sorted({v[:k] for v in sp["text"] for k in range(1, 5)
                                if k < len(v) and fold(v[:k]) == v[:k] and
                                self.plain(v[:k])})

    @staticmethod
    def plain(v):
        return v != "" and not any(c.isspace() or c in '"\\:*' for c in v) and \
            not v.startswith("-") and ">=" not in v

    def render(self, v, force_quote=False):
        if force_quote or not self.plain(v):
            return '"' + v.replace('"', '\\"') + '"'
        return v

    def spelling(self, v):
        """Another spelling of v that folds the same (ASCII case changes)."""
        if v.isascii():
            return self.rng.choice([v, v, v.upper(), v.lower(), v.swapcase()])
        return v

    def day(self, ms, grain):
        import time
        t = time.gmtime(ms // 1000)
        return ("%04d" % t.tm_year, "%04d-%02d" % (t.tm_year, t.tm_mon),
                "%04d-%02d-%02d" % (t.tm_year, t.tm_mon, t.tm_mday))[grain]

    KINDS = ["brand", "brand", "type", "color", "size", "label", "label", "labelN",
             "text", "prefix", "date", "range", "uuid", "word", "word",
             "wordprefix", "missing", "brands", "types", "colors", "sizes",
             "hour", "weekday", "ocr", "similar", "dup"]

    def term(self, kind=None):
        rng = self.rng
        kind = kind or rng.choice(self.KINDS)
        q = rng.random() < 0.1
        if kind in ("brand", "type", "color", "size"):
            v = rng.choice(self.values[kind]) if rng.random() < 0.9 else \
                rng.choice(self.values[rng.choice(["brand", "color", "label"])])
            return kind + ":" + self.render(self.spelling(v), q)
        if kind == "hour":
            a = rng.randrange(24)
            return "hour:%d" % a if rng.random() < 0.5 else \
                "hour:%d..%02d" % (a, rng.randrange(24))
        if kind == "weekday":
            a = rng.choice(reference.WEEKDAYS)
            return "weekday:" + (self.spelling(a) if rng.random() < 0.5 else
                                 "%s..%s" % (a, rng.choice(reference.WEEKDAYS)))
        if kind == "ocr":
            return "ocr:" + self.spelling("brand")
        if kind == "dup":
            return "dup:" + self.spelling(rng.choice(["yes", "no"]))
        if kind == "similar":
            pool = self.near if self.near and rng.random() < 0.8 else self.uuids
            return "similar:" + (rng.choice(pool) if rng.random() < 0.95 else "nosuchuuid")
        if kind in reference.RANKED_FIELDS:
            vs = self.ranked[kind] or ["nosuchvalue"]
            return kind + ":" + self.render(self.spelling(rng.choice(vs)), q)
        if kind in ("label", "labelN"):
            t = "label:" + self.render(self.spelling(rng.choice(self.values["label"])), q)
            if kind == "labelN":
                n = rng.choice([0, 50, 75.5, 90, 99, 100, "exact"])
                if n == "exact":
                    n = rng.choice(self.confs)
                t += ">=" + str(n)   # repr: the shortest exact spelling
            return t
        if kind == "text":
            return "text:" + self.render(self.spelling(rng.choice(self.values["text"])), q)
        if kind == "prefix":
            return "text:" + rng.choice(self.prefixes) + "*"
        if kind == "wordprefix":
            return rng.choice(self.prefixes) + "*"
        if kind == "date":
            return "date:" + self.day(rng.choice(self.times), rng.randrange(3))
        if kind == "range":
            a, b = sorted(rng.sample(self.times, 2))
            ga = rng.randrange(3)
            gb = ga if rng.random() < 0.7 else rng.randrange(3)
            da, db = self.day(a, ga), self.day(b, gb)
            if reference._date_span(da)[0] > reference._date_span(db)[0]:
                db = da
            return "date:%s..%s" % (da, db)
        if kind == "uuid":
            return "uuid:" + (rng.choice(self.uuids) if rng.random() < 0.9 else "nosuchuuid")
        if kind == "word":
            f = rng.choice(["brand", "type", "color", "size", "label", "text"])
            v = self.spelling(rng.choice(self.values[f]))
            return self.render(v, q) if v[0] != "-" else self.render(v, True)
        return rng.choice(["brand:", "label:", "text:", "", "color:"]) + "nosuchvalue"

    def query(self):
        rng = self.rng
        n = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4, 5])
        terms = []
        for _ in range(n):
            kind = rng.choice(self.KINDS)
            t = self.term(kind)
            if rng.random() < 0.2:
                t = "-" + t
            terms.append(t)
            if rng.random() < 0.2:    # the same kind again: an OR group
                terms.append(self.term(kind))
        sep = rng.choice(["  ", "\t"]) if rng.random() < 0.1 else " "
        return sep.join(terms)


def compare(ds, db, text, opts, label):
    """Run one query through rummage and the reference; report differences."""
    kw = {k: v for k, v in opts.items() if v is not None}
    try:
        want = reference.run_query(ds, text, threshold=kw.get("min_confidence", 50.0),
                                   limit=kw.get("limit", 20),
                                   facet_limit=kw.get("facet_limit", 10),
                                   disjunctive=kw.get("disjunctive", False))
    except reference.QueryError:
        return False   # the generator made something the reference refuses
    status, got, err = cli.query_json(db, text, **opts)
    where = "%s: query %r %s" % (label, text, kw)
    if status != 0:
        fail("%s: exit %d: %s" % (where, status, err.strip()[:300]))
        return True
    got = dict(got)
    if got.get("total") != want["total"]:
        fail("%s: total %r, expected %r" % (where, got.get("total"), want["total"]))
    if got.get("items") != want["items"]:
        fail("%s: items %r..., expected %r..." % (where, (got.get("items") or [])[:5],
                                                  want["items"][:5]))
    facets = dict(got.get("facets") or [])
    expect_keys = list(want["facets"])
    if [k for k, _ in (got.get("facets") or [])] != expect_keys:
        fail("%s: facets %r, expected %r in that order" % (
            where, [k for k, _ in (got.get("facets") or [])], expect_keys))
    for f in expect_keys:
        pairs = facets.get(f)
        if pairs is None:
            fail("%s: facet %s missing" % (where, f))
            continue
        folded = [(fold(k), c) for k, c in pairs]
        for k, _ in pairs:
            if f != "date" and k not in ds.spellings[f].get(fold(k), ()):
                fail("%s: facet %s key %r is not a spelling the data uses" % (where, f, k))
        if folded != want["facets"][f]:
            fail("%s: facet %s = %r, expected %r" % (where, f, folded[:6],
                                                      want["facets"][f][:6]))
    return True


ERROR_QUERIES = [
    'brand:"Levi', "brand:", "foo:bar", "Brand:Zara", "label:Denim>=abc",
    "label:Denim>=101", "date:2024-99", "date:2023-02-29", "date:2024-05..2024-01",
    "type:Jeans>=50", "date:yesterday", "brand:Zara -", 'text:"open',
    "brand:Zara BRAND:Zara", "hour:24", "hour:5..", "hour:1.5", "weekday:monday",
    "weekday:", "ocr:type", "ocr:", "hour:-1", "dup:maybe", "dup:", "similar:",
    "dup:yes>=50",
]
ERROR_ARGS = [["--limit", "abc"], ["--min-confidence", "101"],
              ["--min-confidence", "x"], ["--facet-limit", "-1"], ["--bogus-option"]]


def check_errors(db, label):
    for text in ERROR_QUERIES:
        status, _, err = cli.query_json(db, text)
        if status != 2:
            fail("%s: bad query %r: exit %d, expected 2" % (label, text, status))
        elif not err.strip():
            fail("%s: bad query %r: nothing on stderr" % (label, text))
    # The error names its position: the unknown field starts at column 12.
    status, _, err = cli.query_json(db, "brand:Zara foo:bar")
    if status != 2 or "12" not in err:
        fail("%s: 'brand:Zara foo:bar': exit %d, no column 12 in %r" % (label, status, err))
    for args in ERROR_ARGS:
        p = cli.run(["query", "--db", db, "--json"] + args + ["brand:Zara"])
        if p.returncode != 2:
            fail("%s: arguments %r: exit %d, expected 2" % (label, args, p.returncode))
    p = cli.run(["query", "--db", db + ".missing", "--json", "brand:Zara"])
    if p.returncode != 1:
        fail("%s: missing index: exit %d, expected 1" % (label, p.returncode))
    garbage = db + ".garbage"
    with open(garbage, "wb") as f:
        f.write(b"this is not an index\n" * 1000)
    p = cli.run(["query", "--db", garbage, "--json", "brand:Zara"])
    if p.returncode != 1:
        fail("%s: garbage index: exit %d, expected 1" % (label, p.returncode))


FIXED_QUERIES = [
    "", "brand:zara", "brand:ZARA brand:h&m", 'brand:"Levi\'s"', 'brand:"levi\'s" -type:Jeans',
    'brand:"Comme des Garçons"', "brand:chloé", "brand:chloe", "brand:ＺＡＲＡ",
    "brand:strasse", 'brand:"The \\"Kooples\\""', "brand:ユニクロ", "-color:black",
    "-color:black -color:white", "color:black color:white type:Jeans",
    "label:Denim>=99.99", "label:Denim>=100", "label:denim>=0", "label:Clothing",
    "text:CO*", "text:co*", "co*", "jeans", "jeans denim", "-jeans", "zara -zara",
    "date:2024", "date:2023-12", "date:2024-02-29", "date:2023..2024", "date:2023-06..2023-07-15",
    "size:xl", "size:ＸＬ", 'size:"EU 42"', 'label:"Sun Hat"', 'label:"sun hat">=90',
    'text:"a b"', "text:100%", "uuid:nosuch", "brand:nosuch", "type:dress_pants",
    "brands:zara", "brands:zara brands:h&m -brand:zara", "types:jeans type:jeans",
    "colors:black -colors:white", "sizes:xl sizes:m", 'brands:"Levi\'s" -color:blue',
    "brand:zara brand:h&m -color:black date:2024", "text:ZARA -text:NIKE label:Clothing",
    "ocr:brand", "-ocr:brand", "ocr:brand brand:zara", "hour:22..5", "hour:0", "hour:7..7",
    "weekday:sat..sun", "weekday:MON", "weekday:fri..mon -hour:12..13",
    "dup:yes", "dup:no", "-dup:yes", "dup:YES brand:zara", "dup:yes dup:no",
    "similar:nosuchuuid", "-similar:nosuchuuid",
]


def run_dataset(ds, db, rng, nqueries, label, thumbs=False):
    check_build(ds, db, label, thumbs)
    check_errors(db, label)
    opts_choices = {"limit": [None, None, 1, 7, 100, 5000],
                    "facet_limit": [None, None, 0, 1, 3],
                    "min_confidence": [None, None, 0, 30, 75.5, 95, 100],
                    "disjunctive": [False, False, True]}
    ran = 0
    for text in FIXED_QUERIES:
        ran += compare(ds, db, text, {}, label)
        ran += compare(ds, db, text, {"facet_limit": 0, "min_confidence": 75.5}, label)
        ran += compare(ds, db, text, {"disjunctive": True}, label)
    qm = QueryMaker(ds, rng)
    while ran < nqueries:
        opts = {k: rng.choice(v) for k, v in opts_choices.items()}
        ran += compare(ds, db, qm.query(), opts, label)
        if len(failures) > 40:
            break
    print("%s: %d queries compared" % (label, ran), flush=True)


def check_verbose(ds, recs, db):
    """`index --verbose`: the phase table, and every valid line of these
    awkward records (escapes, CJK, nulls, unknown members, CRLF) read by
    the fast scanner, none left to jansson (issue 13)."""
    import re
    p = cli.run(["index", "--db", db, "--no-thumbs", "--verbose", recs])
    out = p.stdout.decode("utf-8", errors="replace")
    if p.returncode != 0:
        fail("index --verbose exited %d" % p.returncode)
        return
    valid = ds.acct["indexed"] + ds.acct["duplicates"]
    m = re.search(r"valid lines parsed by jansson, not the fast scanner: "
                  r"(\d+) of (\d+) ", out)
    if m is None:
        fail("index --verbose: no line on the scanner:\n" + out)
    elif (int(m.group(1)), int(m.group(2))) != (0, valid):
        fail("index --verbose: jansson read %s of %s valid lines, expected 0 of %d" %
             (m.group(1), m.group(2), valid))
    for phase in ("reading", "indexing", "writing", "postings", "committing"):
        if not re.search(r"^  %s +[0-9.]+ s +[0-9.]+ s +[0-9.]+$" % phase, out,
                          re.MULTILINE):
            fail("index --verbose: no %r row in the phase table:\n%s" % (phase, out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--items", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--keep", help="work in this directory and keep it")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="rummage-e2e-")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(a.seed)
    try:
        # 1. Records from our own generator (the awkward cases).
        recs = os.path.join(work, "records")
        shutil.rmtree(recs, ignore_errors=True)
        gen.generate(recs, a.items, a.seed)
        db = os.path.join(work, "own.db")
        p = cli.index(db, [recs])
        if p.returncode != 0:
            fail("index exited %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
            return 1
        ds = reference.Dataset([recs])
        load_phashes(ds, db)
        check_verbose(ds, recs, os.path.join(work, "verbose.db"))
        run_dataset(ds, db, rng, a.queries, "gen.py data")

        # 2. Records from `rummage gen`.
        grecs = os.path.join(work, "rummage-gen")
        shutil.rmtree(grecs, ignore_errors=True)
        p = cli.run(["gen", "--format", "records", "--items", str(a.items), "--seed",
                     str(a.seed), "--no-images", grecs])
        if p.returncode != 0:
            fail("rummage gen exited %d: %s" % (
                p.returncode, p.stderr.decode(errors="replace").strip()[:200]))
        else:
            gdb = os.path.join(work, "gen.db")
            p = cli.index(gdb, [grecs])
            if p.returncode != 0:
                fail("index of rummage gen data exited %d" % p.returncode)
            else:
                gds = reference.Dataset([grecs])
                load_phashes(gds, gdb)
                run_dataset(gds, gdb, rng, a.queries // 2, "rummage gen data")
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
