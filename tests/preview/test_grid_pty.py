#!/usr/bin/env python3
"""`rummage browse --view grid` on a pty (tests/preview/ptyterm.py).

sixel    a terminal that answers DA1 with 4 and 10x20-pixel cells, 160x50:
         24 tiles (6x4) beside the sidebar, each one sixel at its tile's
         cell, within its cells, whole six-pixel bands; decoded by
         ImageMagick, the first tiles show their items' first photos (the
         newest items first: each tile is closer to its own photo than to
         the next one's), the cursor tile is framed in white and the
         others are not; the captions carry the items' brands.
paging   PageDown to a last page of 6 items: 6 new sixels at the first 6
         places, the other 18 places erased (ECH on each of their rows);
         't' back to the list erases the 6 tiles shown; nothing else.
resize   160x50 -> 120x40: the old tiles still on the screen are erased
         and new ones drawn
         at the new layout (4 across).
blocks   the same terminal silent (no DA1 answer): half blocks, no sixel,
         the captions.
ascii    RUMMAGE_GRAPHICS=ascii in the C locale: shades, no sixel, no
         half blocks, ASCII captions.

    tests/preview/test_grid_pty.py [build/rummage] [CASE...]
"""

import fcntl
import json
import os
import re
import signal
import struct
import subprocess
import sys
import termios

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyterm import (CELL_H, CELL_W, Term, fail, load_records,  # noqa: E402
                     make_data, pixel, read_ppm, rmtree, rummage_path,
                     sixel_pixels, sixels, tempdir)

HALF = "\u2580".encode()
ITEMS = 30


def grid(rummage, db):
    return [rummage, "browse", "--db", db, "--view", "grid"]


def newest(rummage, db, n):
    r = subprocess.run([rummage, "query", "--db", db, "--json", "--limit",
                        str(n), ""], stdout=subprocess.PIPE, check=True)
    return json.loads(r.stdout)["items"]


def photo_means(path, tmp, n=4):
    """The photo as n x n mean colours (ImageMagick, area average)."""
    ppm = os.path.join(tmp, "means.ppm")
    subprocess.run(["/usr/bin/convert", path, "-filter", "box", "-resize",
                    "%dx%d!" % (n, n), "-depth", "8", "ppm:" + ppm],
                   check=True)
    return read_ppm(ppm)


def tile_means(img, n=4):
    """The tile's photo (its non-black bounding box inside the frame) as
    n x n mean colours."""
    w, h, _ = img
    xs, ys = [], []
    for y in range(6, h - 6, 2):
        for x in range(6, w - 6, 2):
            p = pixel(img, x, y)
            if (p >> 16) + (p >> 8 & 255) + (p & 255) > 30:
                xs.append(x)
                ys.append(y)
    if not xs:
        fail("sixel: a tile with no photo in it")
    x0, x1, y0, y1 = min(xs), max(xs) + 1, min(ys), max(ys) + 1
    out = bytearray()
    for j in range(n):
        for i in range(n):
            acc, cnt = [0, 0, 0], 0
            for y in range(y0 + (y1 - y0) * j // n, y0 + (y1 - y0) * (j + 1) // n):
                for x in range(x0 + (x1 - x0) * i // n,
                               x0 + (x1 - x0) * (i + 1) // n):
                    p = pixel(img, x, y)
                    acc[0] += p >> 16
                    acc[1] += p >> 8 & 255
                    acc[2] += p & 255
                    cnt += 1
            out += bytes(c // max(cnt, 1) for c in acc)
    return (n, n, bytes(out))


def distance(a, b):
    return sum(abs(x - y) for x, y in zip(a[2], b[2])) / len(a[2])


def erased(out, row, col):
    """True when cell (row, col) (1-based) was erased with ECH."""
    return re.search(rb"\x1b\[%d;%dH\x1b\[\d+X" % (row, col), out) is not None


def layout(found):
    rows = sorted({r for r, _, _ in found})
    cols = sorted({c for _, c, _ in found})
    return rows, cols


def case_sixel(rummage, tmp, db, rec):
    uuids = newest(rummage, db, 24)
    t = Term(grid(rummage, db), rows=50, cols=160)
    try:
        t.pump(20, until=lambda o: len(sixels(o)) >= 24)
    finally:
        t.close()
    out = bytes(t.out)
    found = sixels(out)
    if len(found) != 24:
        fail("sixel: %d sixels, want 24 tiles at 160x50" % len(found))
    rows, cols = layout(found)
    if len(rows) != 4 or len(cols) != 6:
        fail("sixel: tiles at rows %s cols %s, want a 6x4 grid" % (rows, cols))
    if rows[-1] >= 50:
        fail("sixel: a tile on the last line")
    dx, dy = cols[1] - cols[0], rows[1] - rows[0]
    imgs = {}
    for r, c, dcs in found[:3]:
        img = sixel_pixels(dcs, tmp)
        w, h = img[0], img[1]
        # The picture stays within its tile (one column and the caption
        # line are the tile's own), in whole sixel bands.
        if w > (dx - 1) * CELL_W or h > (dy - 1) * CELL_H or h % 6:
            fail("sixel: tile %dx%d px does not fit %dx%d cells"
                 % (w, h, dx - 1, dy - 1))
        imgs[(r, c)] = img
    first = imgs[(rows[0], cols[0])]
    second = imgs[(rows[0], cols[1])]
    # The cursor tile: a white frame; the next tile has none.
    top = [pixel(first, x, 1) for x in range(first[0])]
    if top.count(0xffffff) < len(top) * 0.95:
        fail("sixel: the cursor tile has no white frame on top")
    top2 = [pixel(second, x, 1) for x in range(second[0])]
    if top2.count(0xffffff) > len(top2) * 0.5:
        fail("sixel: a tile without the cursor is framed too")
    # Each tile shows its own item's first photo.
    images = os.path.join(rec, "images")
    p0 = photo_means(os.path.join(images, uuids[0], "image-0.jpg"), tmp)
    p1 = photo_means(os.path.join(images, uuids[1], "image-0.jpg"), tmp)
    t0, t1 = tile_means(first), tile_means(second)
    if not (distance(t0, p0) < distance(t0, p1) and
            distance(t1, p1) < distance(t1, p0)):
        fail("sixel: tiles do not show their items' photos (%.1f %.1f / "
             "%.1f %.1f)" % (distance(t0, p0), distance(t0, p1),
                             distance(t1, p1), distance(t1, p0)))
    if distance(t0, p0) > 40:
        fail("sixel: the first tile is far from its photo (%.1f)"
             % distance(t0, p0))
    brands = [r["brands"][0] for r in load_records(rec)
              if r["uuid"] == uuids[0] and r.get("brands")]
    if brands and brands[0].encode() not in out:
        fail("sixel: the first item's brand %r is not in a caption" % brands[0])
    print("ok sixel: 6x4 tiles of %dx%d px, photos match (%.1f, %.1f), "
          "cursor framed" % (first[0], first[1], distance(t0, p0),
                             distance(t1, p1)))


def case_paging(rummage, tmp, db, rec):
    t = Term(grid(rummage, db), rows=50, cols=160)
    try:
        t.pump(20, until=lambda o: len(sixels(o)) >= 24)
        first = sixels(bytes(t.out))
        rows, cols = layout(first)
        mark = len(t.out)
        t.send(b"\x1b[6~")                    # PageDown
        t.pump(10, until=lambda o: len(sixels(o[mark:])) >= ITEMS - 24)
        t.pump(0.5)
        page2 = bytes(t.out[mark:])
        mark2 = len(t.out)
        t.send(b"t")                          # back to the list
        t.pump(5, until=lambda o: b"labels" in o[mark2:])
        t.pump(0.5)
        left = bytes(t.out[mark2:])
    finally:
        t.close()
    found = sixels(page2)
    places = [(r, c) for r, c, _ in first]
    if [(r, c) for r, c, _ in found] != places[:ITEMS - 24]:
        fail("paging: page 2 tiles at %s, want %s"
             % ([(r, c) for r, c, _ in found], places[:ITEMS - 24]))
    dy = rows[1] - rows[0]
    for r, c in places[ITEMS - 24:]:
        for k in range(dy - 1):
            if not erased(page2, r + k, c):
                fail("paging: the old tile at row %d col %d is not erased "
                     "(row %d)" % (r, c, r + k))
    for r, c in places[:ITEMS - 24]:
        if not erased(left, r, c):
            fail("paging: leaving the grid leaves the tile at %d,%d" % (r, c))
    if b"\x1bP" in left:
        fail("paging: a sixel written after leaving the grid")
    print("ok paging: %d tiles on page 2, %d places erased, all erased on "
          "leaving" % (len(found), 24 - len(found)))


def case_resize(rummage, tmp, db, rec):
    t = Term(grid(rummage, db), rows=50, cols=160)
    try:
        t.pump(20, until=lambda o: len(sixels(o)) >= 24)
        before = sixels(bytes(t.out))
        mark = len(t.out)
        fcntl.ioctl(t.master, termios.TIOCSWINSZ,
                    struct.pack("HHHH", 40, 120, 0, 0))
        os.killpg(t.proc.pid, signal.SIGWINCH)
        t.pump(10, until=lambda o: len(sixels(o[mark:])) >= 8)
        t.pump(0.5)
        after = bytes(t.out[mark:])
    finally:
        t.close()
    # What is still on the smaller screen is erased (beyond it the
    # terminal has cut it: an address there would land elsewhere).
    for r, c, _ in before:
        if r <= 40 and c <= 120 and not erased(after, r, c):
            fail("resize: the tile at %d,%d was not erased" % (r, c))
    new = sixels(after)
    rows, cols = layout(new)
    if len(cols) != 4 or any(r >= 40 for r in rows):
        fail("resize: tiles at rows %s cols %s after 120x40" % (rows, cols))
    print("ok resize: %d old tiles erased, %d new in %d columns"
          % (len(before), len(new), len(cols)))


def case_blocks(rummage, tmp, db, rec):
    t = Term(grid(rummage, db), rows=50, cols=160, answer=False,
             env={"RUMMAGE_DA1_TIMEOUT_MS": "200"})
    try:
        t.pump(10, until=lambda o: o.count(HALF) > 24 * 100)
        t.pump(0.5)
    finally:
        t.close()
    out = bytes(t.out)
    if b"\x1bP" in out:
        fail("blocks: a sixel for a terminal without sixel")
    if out.count(HALF) < 24 * 100:
        fail("blocks: %d half blocks, fewer than 24 tiles need"
             % out.count(HALF))
    if "\u00b7".encode() not in out:
        fail("blocks: no captions")
    print("ok blocks: %d half blocks, no sixel" % out.count(HALF))


def case_ascii(rummage, tmp, db, rec):
    t = Term(grid(rummage, db), rows=50, cols=160,
             env={"RUMMAGE_GRAPHICS": "ascii", "LANG": "C", "LC_ALL": "C"})
    try:
        t.pump(10, until=lambda o: b" / " in o)
        t.pump(0.5)
    finally:
        t.close()
    out = bytes(t.out)
    if b"\x1bP" in out or HALF in out:
        fail("ascii: sixel or half blocks in ascii mode")
    if not any(c in out for c in (b"@@", b"%%", b"##", b"**", b"==")):
        fail("ascii: no shades")
    if b" / " not in out:
        fail("ascii: no ASCII captions")
    print("ok ascii: shades, ASCII captions")


CASES = {"sixel": case_sixel, "paging": case_paging, "resize": case_resize,
         "blocks": case_blocks, "ascii": case_ascii}


def main():
    rummage = os.path.abspath(rummage_path())
    want = [a for a in sys.argv[2:] if a in CASES] or list(CASES)
    tmp = tempdir()
    try:
        rec, db = make_data(rummage, tmp, items=ITEMS, seed=5)
        for name in want:
            CASES[name](rummage, tmp, db, rec)
    finally:
        rmtree(tmp)


if __name__ == "__main__":
    main()
