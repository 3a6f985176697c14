#!/usr/bin/env python3
"""`rummage stats`: the charts on stdout agree with `rummage query --json`
(total, top values and counts of every facet), adapt to --width, use
ASCII glyphs in the C locale, refuse a bad query with status 2, and never
write a hostile string raw.

    tests/ui/test_stats.py [build/rummage]
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import TempDir, fail, make_index, record, run  # noqa: E402
from uitest import display_width, write_records  # noqa: E402

UTF8 = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
ASCII = dict(os.environ, LANG="C", LC_ALL="C")


def sections(text):
    """{facet: [(name, count)]} from the 'Top FACET' sections."""
    out, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"Top (\w+) \(", line)
        if m:
            cur = out.setdefault(m.group(1), [])
            continue
        if cur is not None:
            m = re.match(r"  (.*?) +(\d+) +[\d.]+% ", line)
            if m:
                cur.append((m.group(1).rstrip(), int(m.group(2))))
            else:
                cur = None
    return out


def main():
    with TempDir() as tmp:
        db = make_index(tmp, items=400)
        for q in ("", "type:Jeans", "-color:black label:Clothing"):
            r = run(["stats", "--db", db, "--width", "100"] +
                    ["--"] + (q.split() if q else []), env=UTF8)
            if r.returncode != 0:
                fail("stats %r: status %d: %s" % (q, r.returncode, r.stderr))
            args = ["query", "--db", db, "--json", "--limit", "1"]
            j = json.loads(run(args + ["--", q]).stdout)
            if not r.stdout.startswith("%d items" % j["total"]):
                fail("stats total differs from query for %r:\n%s" %
                     (q, r.stdout[:200]))
            got = sections(r.stdout)
            for facet, values in j["facets"].items():
                counts = [c for _, c in got.get(facet, [])]
                if counts != list(values.values()):
                    fail("stats %r: %s counts %r != query %r" %
                         (q, facet, counts, list(values.values())))
            for line in r.stdout.splitlines():
                if display_width(line) > 100:
                    fail("a chart line wider than --width: %r" % line)
            for needle in ("Items over time", "Photos per item", "Data quality",
                           "Best confidence of label"):
                if needle not in r.stdout:
                    fail("stats %r lacks %r" % (q, needle))
            print("ok - stats %r agrees with rummage query (%d items)" %
                  (q, j["total"]))
        # Every line of every chart fits the width asked for, in both
        # glyph sets; the histogram's buckets are named as ranges.
        for env, dash in ((UTF8, "\u2013"), (ASCII, "-")):
            for width in (40, 60, 80, 132):
                r = run(["stats", "--db", db, "--width", str(width)], env=env)
                if r.returncode != 0:
                    fail("stats --width %d: %s" % (width, r.stderr))
                for line in r.stdout.splitlines():
                    if display_width(line) > width:
                        fail("stats --width %d: a line of %d columns: %r" %
                             (width, display_width(line), line))
                for name in ("0%s10" % dash, "90%s100" % dash):
                    if not re.search(r"^  %s +\d+ " % re.escape(name),
                                     r.stdout, re.M):
                        fail("stats --width %d: no bucket %r:\n%s" %
                             (width, name, r.stdout))
        print("ok - every line fits --width 40, 60, 80 and 132")
        r = run(["stats", "--db", db, "--width", "30"], env=UTF8)
        if r.returncode != 2:
            fail("stats --width 30 was accepted")
        # The timeline's y axis: ticks at round numbers, the last one
        # at or above the highest column.
        r = run(["stats", "--db", db, "--width", "80"], env=UTF8)
        ticks = [int(m.group(1)) for m in
                 re.finditer(r"^ *(\d+) \u2524", r.stdout, re.M)]
        step = ticks[-1] if ticks else 0
        if (len(ticks) < 2 or str(step).rstrip("0") not in ("1", "2", "5")
                or ticks != [step * k for k in range(len(ticks), 0, -1)]):
            fail("timeline ticks %r are not round:\n%s" % (ticks,
                                                          r.stdout[:1500]))
        print("ok - timeline ticks %r" % ticks)
        r = run(["stats", "--db", db], env=ASCII)
        if r.returncode != 0 or any(ord(c) > 126 for c in r.stdout):
            fail("stats in the C locale is not ASCII")
        if "#" not in r.stdout:
            fail("no ASCII bars in the C locale")
        print("ok - ASCII in the C locale")
        r = run(["stats", "--db", db, "brand:"], env=UTF8)
        if r.returncode != 2 or "column" not in r.stderr:
            fail("a bad query: status %d, %r" % (r.returncode, r.stderr))
        print("ok - a bad query is status 2 with its column")

        # Hostile strings, escaped.
        recs = [record("h%d" % i, i, "\u001b[2JZAP", ptype="\u202eX",
                       labels=(("\u001b]52;c;SGVsbG8=\u0007", 99.0),))
                for i in range(5)]
        write_records(os.path.join(tmp, "hostile"), recs)
        os.unlink(db)
        db = make_index(tmp, records=os.path.join(tmp, "hostile"))
        r = subprocess_bytes(["stats", "--db", db])
        for bad in (b"\x1b[2J", b"\x1b]52", b"\x07", b"\xe2\x80\xae"):
            if bad in r:
                fail("stats wrote %r raw" % bad)
        if b"\\e[2JZAP" not in r or b"\\u{202E}X" not in r:
            fail("stats did not show the escaped strings:\n%r" % r[:800])
        print("ok - hostile strings escaped")
    print("all stats tests passed")


def subprocess_bytes(args):
    import subprocess
    from uitest import rummage_path
    return subprocess.run([rummage_path()] + args, capture_output=True,
                          env=UTF8).stdout


if __name__ == "__main__":
    main()
