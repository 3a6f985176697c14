#!/usr/bin/env python3
"""The browser on a pty that plays a sixel terminal (tests/preview/ptyterm.py).

sixel     answers DA1 with ESC [ ? 62 ; 4 c and the pixel-size queries;
          `rummage browse --item UUID` must draw the item's photo pane as
          one sixel that fits the pane (never reaching the last line) and
          shows the label's box, in the label's colour, where the record
          says (fractions of the photo).
fallback  the same terminal without answers: half blocks, no sixel,
          once the DA1 timeout has passed.
late      the answer comes after the timeout: blocks; Esc works at once;
          the reply is swallowed, not taken as keys.
ascii     RUMMAGE_GRAPHICS=ascii in the C locale: shades, no colour, no
          sixel; RUMMAGE_GRAPHICS=none: a message only.
colors    COLORTERM=truecolor: 24-bit half blocks; NO_COLOR: shades.
hostile   every photo a hostile file (a 15 MB one, truncated, 60000x60000,
          PNG, ...):
          shown or explained, normal and full-screen; clean exit.

    tests/preview/test_sixel_pty.py [build/rummage] [CASE...]
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyterm import (CELL_H, CELL_W, Term, fail, label_color,  # noqa: E402
                     load_records, make_data, pick_item, pixel, rmtree,
                     rummage_path, sixel_pixels, sixels, tempdir)

HALF = "\u2580".encode()


def browse(rummage, db, uuid):
    return [rummage, "browse", "--db", db, "--item", uuid]


def photo_rect(img, y0, y1):
    """Bounding box (x0, y0, x1, y1) of non-black pixels in rows y0..y1."""
    w = img[0]
    xs, ys = [], []
    for y in range(y0, y1):
        for x in range(0, w, 2):
            p = pixel(img, x, y)
            if p is not None and ((p >> 16) + (p >> 8 & 255) + (p & 255)) > 24:
                xs.append(x)
                ys.append(y)
    if not xs:
        fail("no photo in the large area of the pane")
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def edge_hits(img, x, ys, color):
    hits = 0
    for y in ys:
        if any(pixel(img, x + dx, y) == color for dx in range(-2, 3)):
            hits += 1
    return hits


def case_sixel(rummage, tmp, db, item):
    uuid, nphotos, name, box, _ = item
    t = Term(browse(rummage, db, uuid))
    try:
        t.pump(15, until=lambda o: len(sixels(o)) > 0)
    finally:
        t.close()
    out = bytes(t.out)
    if b"\x1b[c" not in out:
        fail("sixel: DA1 was not asked")
    found = sixels(out)
    if not found:
        fail("sixel: no sixel after answering DA1 with 4 (%d bytes written)"
             % len(out))
    row, col, dcs = found[0]
    img = sixel_pixels(dcs, tmp)
    w, h = img[0], img[1]
    room_w = (t.cols - col + 1) * CELL_W
    room_h = (t.rows - row) * CELL_H          # the last line stays text
    if not (100 <= w <= room_w and 100 <= h <= room_h):
        fail("sixel: %dx%d at row %d col %d does not fit %dx%d"
             % (w, h, row, col, room_w, room_h))
    strip = h // 5 if nphotos > 1 else 0
    x0, y0, x1, y1 = photo_rect(img, strip + 2, h)
    pw, ph = x1 - x0, y1 - y0
    color = label_color(name)
    ys = [y0 + int((box["top"] + box["height"] * f) * ph)
          for f in (0.3, 0.4, 0.5, 0.6, 0.7)]
    left = x0 + int(box["left"] * pw)
    right = x0 + int((box["left"] + box["width"]) * pw) - 1
    hl = edge_hits(img, left, ys, color)
    hr = edge_hits(img, right, ys, color)
    if hl < 4 or hr < 4:
        fail("sixel: label %r box (colour %06x) not at x=%d..%d in the "
             "%dx%d photo at %d,%d: %d/5 left, %d/5 right"
             % (name, color, left, right, pw, ph, x0, y0, hl, hr))
    # And not everywhere: the middle of the box is the photo.
    mid = pixel(img, (left + right) // 2, ys[2])
    if mid == color and edge_hits(img, (left + right) // 2, ys, color) == 5:
        fail("sixel: the whole box is painted, not its outline")
    print("ok sixel: %dx%d at row %d col %d, %r box at x=%d..%d"
          % (w, h, row, col, name, left, right))


def case_fallback(rummage, tmp, db, item):
    t = Term(browse(rummage, db, item[0]), answer=False,
             env={"RUMMAGE_DA1_TIMEOUT_MS": "300"})
    try:
        # 5 s only guards against a hang; the timeout is 300 ms.
        t.pump(5, until=lambda o: HALF in o and b"photo 1/" in o)
    finally:
        t.close()
    out = bytes(t.out)
    if b"\x1b[c" not in out:
        fail("fallback: DA1 was not asked")
    if b"\x1bP" in out:
        fail("fallback: a sixel was sent to a terminal without sixel")
    if HALF not in out:
        fail("fallback: no half blocks after the DA1 timeout")
    print("ok fallback: half blocks, no sixel")


def case_late(rummage, tmp, db, item):
    """The DA1 answer comes 4 s late: blocks; meanwhile a lone Esc works at
    once (it is not held back waiting for a reply); the late reply is
    swallowed, not taken as keys."""
    t = Term(browse(rummage, db, item[0]), delay=4.0,
             env={"RUMMAGE_DA1_TIMEOUT_MS": "200"})
    try:
        t.pump(5, until=lambda o: HALF in o and b"photo 1/" in o)
        if t.answered:
            fail("late: answered too early for this test")
        before = len(t.out)
        t.send(b"\x1b")
        t.pump(3, until=lambda o: len(o) > before + 200)
        esc_output = len(t.out) - before
        t.pump(5, until=lambda o: t.answered)
        before = len(t.out)
        t.pump(1.5)
        after = bytes(t.out[before:])
    finally:
        t.close()
    if not t.answered:
        fail("late: the fake terminal never answered")
    if esc_output <= 200:
        fail("late: Esc did nothing before the late reply (%d bytes)"
             % esc_output)
    if b"\x1bP" in t.out:
        fail("late: sixel after a late answer (detection must be over)")
    # Taken as keys, "?62;4;22c" would open the help, type, or clear.
    if len(after) > 64:
        fail("late: the screen changed after the late reply: %r"
             % after[:200])
    print("ok late: Esc at once, reply swallowed (%d bytes after it)"
          % len(after))


def case_ascii(rummage, tmp, db, item):
    t = Term(browse(rummage, db, item[0]),
             env={"RUMMAGE_GRAPHICS": "ascii", "LANG": "C", "LC_ALL": "C"})
    try:
        t.pump(5, until=lambda o: b"photo 1/" in o)
        t.pump(0.5)
    finally:
        t.close()
    out = bytes(t.out)
    if b"\x1bP" in out or HALF in out:
        fail("ascii: sixel or half blocks in ascii mode")
    if not any(c in out for c in (b"@@", b"%%", b"##", b"**")):
        fail("ascii: no shades drawn")
    if b"\x1b[c" in out:
        fail("ascii: DA1 asked although RUMMAGE_GRAPHICS decided")
    t = Term(browse(rummage, db, item[0]), env={"RUMMAGE_GRAPHICS": "none"})
    try:
        t.pump(5, until=lambda o: b"no graphics" in o)
    finally:
        t.close()
    if b"no graphics" not in t.out:
        fail("none: no message in the pane")
    print("ok ascii and none")


def case_colors(rummage, tmp, db, item):
    """blocks with COLORTERM=truecolor: 24-bit SGR; NO_COLOR: shades only."""
    t = Term(browse(rummage, db, item[0]), answer=False,
             env={"RUMMAGE_DA1_TIMEOUT_MS": "100", "COLORTERM": "truecolor"})
    try:
        t.pump(5, until=lambda o: HALF in o and b"photo 1/" in o)
    finally:
        t.close()
    if b"\x1b[38;2;" not in t.out or b"\x1b[48;2;" not in t.out:
        fail("truecolor: no 24-bit colours in the half-block picture")
    t = Term(browse(rummage, db, item[0]), answer=False,
             env={"RUMMAGE_DA1_TIMEOUT_MS": "100", "NO_COLOR": "1"})
    try:
        t.pump(5, until=lambda o: b"photo 1/" in o)
        t.pump(0.3)
    finally:
        t.close()
    out = bytes(t.out)
    if HALF in out or b"\x1b[38;5;" in out or b"\x1b[38;2;" in out:
        fail("NO_COLOR: colour or half blocks in the picture")
    if not any(c.encode() in out for c in "\u2591\u2592\u2593\u2588"):
        fail("NO_COLOR: no shades")
    print("ok truecolor and NO_COLOR")


CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                      "corpus", "jpeg")
HOSTILE = ["truncated.jpg", "huge-60000x60000.jpg", "png-named.jpg",
           "empty.jpg", "precision-12bit.jpg", "cmyk.jpg",
           "bad-segment-length.jpg", "huge-progressive-40000x20000.jpg"]


def case_hostile(rummage, tmp, db, item):
    """Every photo of every item replaced by a hostile file before
    indexing; the pane, normal and full-screen (the original is read),
    shows each photo or a short message, and the browser exits cleanly."""
    import shutil
    htmp = os.path.join(tmp, "hostile")
    os.mkdir(htmp)

    def spoil(rec):
        i = 0
        for root, _, files in sorted(os.walk(os.path.join(rec, "images"))):
            for f in sorted(files):
                dst = os.path.join(root, f)
                if i == 0:
                    # A ~15 MB photo (4500x3400 of noise at quality 100).
                    subprocess.run(["/usr/bin/convert", "-size", "4500x3400",
                                    "xc:gray", "+noise", "Random",
                                    "-quality", "100", "-sampling-factor",
                                    "1x1", dst], check=True, timeout=60)
                    if os.path.getsize(dst) < 12 << 20:
                        fail("hostile: the big photo is only %d bytes"
                             % os.path.getsize(dst))
                else:
                    shutil.copy(os.path.join(CORPUS,
                                             HOSTILE[i % len(HOSTILE)]), dst)
                i += 1
    rec, hdb = make_data(rummage, htmp, items=4, seed=5, before_index=spoil)
    recs = load_records(rec)
    for r in recs:
        n = len(r.get("images") or [])
        if n == 0:
            continue
        t = Term(browse(rummage, hdb, r["uuid"]))
        try:
            t.pump(10, until=lambda o: b"photo 1/" in o)
            for keys in (b"]", b"]", b"z", b"[", b"[", b"z", b"b", b"o"):
                t.send(keys)
                t.pump(0.15)
        finally:
            t.close()
        if b"photo " not in t.out:
            fail("hostile: no pane status for item %s" % r["uuid"])
    print("ok hostile: %d items with broken photos shown or explained"
          % len(recs))


def case_charts(rummage, tmp, db, item):
    """The charts view in a sixel terminal: one picture over the body
    (below the query bar, above the status line), drawn by cairo in the
    dark palette: its background, bars in the bar colour, anti-aliased
    edges (many colours); G shows another window of the same page."""
    t = Term([rummage, "browse", "--db", db], rows=30, cols=100)
    try:
        t.pump(15, until=lambda o: b"items" in o)
        n0 = len(sixels(bytes(t.out)))
        t.send(b"v")
        if not t.pump(15, until=lambda o: len(sixels(o)) > n0):
            fail("charts: no sixel after v (%d bytes)" % len(t.out))
        first = sixels(bytes(t.out))[-1]
        t.send(b"G")
        t.pump(15, until=lambda o: len(sixels(o)) > n0 + 1)
        found = sixels(bytes(t.out))
    finally:
        t.close()
    row, col, dcs = first
    img = sixel_pixels(dcs, tmp)
    w, h = img[0], img[1]
    if col != 1 or row < 2 or w != t.cols * CELL_W or not (
            (t.rows - 4) * CELL_H <= h + 6 <= (t.rows - 1) * CELL_H + 6):
        fail("charts: a %dx%d sixel at row %d col %d" % (w, h, row, col))
    counts = {}
    for y in range(0, h, 2):
        for x in range(0, w, 2):
            p = pixel(img, x, y)
            counts[p] = counts.get(p, 0) + 1
    total = sum(counts.values())
    def near(p, q, tol=12):
        return all(abs((p >> s & 255) - (q >> s & 255)) <= tol
                   for s in (0, 8, 16))

    # Sixel colours are percentages, and the palette is fitted: near.
    bg = max(counts, key=counts.get)
    if not near(bg, 0x1c1c1c):
        fail("charts: the background is %06x, not the dark plot's" % bg)
    # The first window is the timeline you act on (an area, the bar
    # colour at 45%) over the hours; the last (G) the photos' bars: the
    # two together hold the bar colour.
    bars = sum(n for p, n in counts.items() if near(p, 0x5fafff))
    if len(found) >= 2:
        last = sixel_pixels(found[-1][2], tmp)
        for y in range(0, last[1], 2):
            for x in range(0, last[0], 2):
                total += 1
                bars += near(pixel(last, x, y), 0x5fafff)
    if bars < total // 50:
        fail("charts: %d of %d pixels in the bar colour" % (bars, total))
    if len(counts) < 12:
        fail("charts: %d colours: not anti-aliased" % len(counts))
    if len(found) < 2 or found[-1][2] == dcs:
        fail("charts: G did not show another part of the page")
    print("ok - charts as a %dx%d sixel plot (%d colours), G scrolls it" %
          (w, h, len(counts)))

    # A terminal wider than the largest sixel it takes (xterm's 1000x1000
    # at 160 columns of 10 pixels): the plots fit it, or xterm shows none.
    t = Term([rummage, "browse", "--db", db], rows=30, cols=160,
             sixel_max=(1000, 1000))
    try:
        t.pump(15, until=lambda o: b"items" in o)
        n0 = len(sixels(bytes(t.out)))
        t.send(b"v")
        if not t.pump(15, until=lambda o: len(sixels(o)) > n0):
            fail("charts at 160 columns: no sixel after v")
        row, col, dcs = sixels(bytes(t.out))[-1]
    finally:
        t.close()
    img = sixel_pixels(dcs, tmp)
    if img[0] != 1000 or img[1] > 1000:
        fail("charts at 160 columns: a %dx%d sixel, over xterm's 1000x1000" %
             (img[0], img[1]))
    print("ok - charts within the terminal's largest sixel (%dx%d)" %
          (img[0], img[1]))

    # The crosstab (T) in a sixel terminal: a heat map over the body, its
    # cells shaded between the background and the bar colour, the cell
    # line below it in text; moving the cursor (l) draws it again.
    t = Term([rummage, "browse", "--db", db], rows=30, cols=100)
    try:
        t.pump(15, until=lambda o: b"items" in o)
        n0 = len(sixels(bytes(t.out)))
        t.send(b"T")
        if not t.pump(15, until=lambda o: len(sixels(o)) > n0):
            fail("crosstab: no sixel after T")
        first = sixels(bytes(t.out))[-1]
        t.send(b"l")
        t.pump(15, until=lambda o: len(sixels(o)) > n0 + 1)
        found = sixels(bytes(t.out))
        screen = bytes(t.out).decode("utf-8", "replace")
    finally:
        t.close()
    row, col, dcs = first
    img = sixel_pixels(dcs, tmp)
    shades = set()
    for y in range(0, img[1], 3):
        for x in range(0, img[0], 3):
            p = pixel(img, x, y)
            # Between the dark background and the bar colour, channel-wise.
            if all(min(a, b) - 8 <= (p >> s & 255) <= max(a, b) + 8
                   for s, a, b in ((16, 0x1c, 0x5f), (8, 0x1c, 0xaf),
                                   (0, 0x1c, 0xff))):
                shades.add(p)
    if col != 1 or img[0] != t.cols * CELL_W or img[1] > (t.rows - 4) * CELL_H:
        fail("crosstab: a %dx%d sixel at row %d col %d" % (img[0], img[1],
                                                          row, col))
    if len(shades) < 4 or "cell: brand:" not in screen:
        fail("crosstab: %d shades, cell line %s" % (
            len(shades), "cell: brand:" in screen))
    if len(found) < 2 or found[-1][2] == dcs:
        fail("crosstab: l did not draw the cursor's move")
    print("ok - crosstab as a %dx%d heat map (%d shades), l moves it" %
          (img[0], img[1], len(shades)))


CASES = {"sixel": case_sixel, "fallback": case_fallback, "late": case_late,
         "ascii": case_ascii, "colors": case_colors,
         "hostile": case_hostile, "charts": case_charts}


def main():
    rummage = rummage_path()
    names = [a for a in sys.argv[2:] if a in CASES] or list(CASES)
    tmp = tempdir()
    try:
        rec, db = make_data(rummage, tmp)
        item = pick_item(load_records(rec))
        for n in names:
            CASES[n](rummage, tmp, db, item)
    finally:
        rmtree(tmp)


if __name__ == "__main__":
    main()
