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
import struct
import subprocess
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
        check_png(db, tmp)
        check_query_width(db)
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


def png_info(path):
    """(width, height, {0xRRGGBB: pixels}) of a PNG, via ImageMagick."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        fail("%s is not a PNG" % path)
    w, h = struct.unpack(">II", head[16:24])
    out = subprocess.run(["/usr/bin/convert", path, "-format", "%c",
                          "histogram:info:-"], capture_output=True,
                         text=True, check=True).stdout
    colours = {}
    for m in re.finditer(r"^\s*(\d+):.*#([0-9A-Fa-f]{6})", out, re.M):
        colours[int(m.group(2), 16)] = int(m.group(1))
    return w, h, colours


def check_query_width(db):
    """rummage query's table fits the terminal (COLUMNS when piped, else
    80): the browser's list columns for that width, facet lines wrapped;
    a wider terminal gets more columns."""
    heads = {}
    for width in (80, 132):
        env = dict(UTF8, COLUMNS=str(width))
        r = run(["query", "--db", db, "--limit", "5", ""], env=env)
        if r.returncode != 0:
            fail("query at %d columns: %s" % (width, r.stderr))
        lines = r.stdout.splitlines()
        for line in lines:
            if display_width(line) > width:
                fail("query at %d columns: a line of %d: %r" %
                     (width, display_width(line), line))
        heads[width] = lines[2].split()
        if "uuid" not in heads[width] or len(lines[3].split()[2]) != (
                8 if width == 80 else 16):
            fail("query at %d columns: %r / %r" % (width, lines[2],
                                                    lines[3]))
        if not any(l.startswith("brand  ") for l in lines):
            fail("query at %d columns: no brand facet line" % width)
    if len(heads[132]) <= len(heads[80]):
        fail("132 columns show no more than 80: %r %r" % (heads[80],
                                                          heads[132]))
    print("ok - query's table fits 80 columns (%s), 132 shows %s" %
          (" ".join(heads[80]), " ".join(heads[132])))


def near(colours, rgb, tol=3):
    """Pixels of colours within tol per channel of rgb."""
    return sum(n for c, n in colours.items()
               if all(abs(((c >> s) & 255) - ((rgb >> s) & 255)) <= tol
                      for s in (0, 8, 16)))


def check_png(db, tmp):
    """stats --png: a PNG per chart, 1000 pixels wide, white background,
    the bars in the bar colour, one bar per value; the crosstab as a heat
    map whose cells take several shades."""
    out = os.path.join(tmp, "png")
    r = run(["stats", "--db", db, "--png", out], env=UTF8)
    files = r.stdout.split()
    names = [os.path.basename(f) for f in files]
    if r.returncode != 0 or names[:2] != ["01-timeline.png", "02-brand.png"]:
        fail("stats --png: status %d, files %r: %s" %
             (r.returncode, names, r.stderr))
    if not any(n.endswith("-confidence.png") for n in names):
        fail("stats --png wrote no confidence histogram: %r" % names)
    for f in files:
        w, h, colours = png_info(f)
        total = sum(colours.values())
        if w != 1000 or not 100 < h < 1000 or total != w * h:
            fail("%s: %dx%d" % (f, w, h))
        if colours.get(0xFFFFFF, 0) < total // 2:
            fail("%s: the background is not mostly white" % f)
        if len(colours) < 10:
            fail("%s: %d colours, no anti-aliasing" % (f, len(colours)))
    # The brand bars: solid rectangles of the bar colour, the longest
    # as long as the scale allows, one per value (10 rows of ~24 px).
    w, h, colours = png_info(files[1])
    if near(colours, 0x0087D7, 0) < 10 * 20 * 50:
        fail("brand plot: %d pixels in the bar colour" %
             near(colours, 0x0087D7, 0))
    # The timeline: a filled area (the bar colour at 45%% on white).
    w, h, colours = png_info(files[0])
    if near(colours, 0x8CC8EE) < w * h // 10:
        fail("timeline plot: the area is %d pixels: %r" % (
            near(colours, 0x8CC8EE), sorted(colours.items(),
                                            key=lambda kv: -kv[1])[:5]))
    r = run(["stats", "--db", db, "--png", out, "--crosstab", "brand,color",
             "--top", "5"], env=UTF8)
    if r.returncode != 0 or not r.stdout.strip().endswith(
            "crosstab-brand-color.png"):
        fail("stats --png --crosstab: %r %r" % (r.stdout, r.stderr))
    w, h, colours = png_info(r.stdout.strip())
    shades = [c for c in colours if colours[c] > 500 and c != 0xFFFFFF]
    if len(shades) < 4:
        fail("heat map: %d cell shades" % len(shades))
    r = run(["stats", "--db", db, "--png", "/nonexistent/dir/x"], env=UTF8)
    if r.returncode != 1 or "/nonexistent" not in r.stderr:
        fail("stats --png into a missing directory: %d %r" % (
            r.returncode, r.stderr))
    print("ok - stats --png: %d plots, 1000 px wide, bars, area, heat map" %
          len(files))


def subprocess_bytes(args):
    import subprocess
    from uitest import rummage_path
    return subprocess.run([rummage_path()] + args, capture_output=True,
                          env=UTF8).stdout


if __name__ == "__main__":
    main()
