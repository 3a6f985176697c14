#!/usr/bin/env python3
"""The detail's photo fills its pane (issue 9 §2), on the fake sixel
terminal of tests/preview/ptyterm.py, `rummage browse --item UUID` at
160x50 (the pane: 64 columns, 47 rows of 10x20 pixels).

Both cases index the photos with 64-pixel thumbnails.
original  the photo file is readable: the sixel is as large as the pane
          allows (it touches the pane's width or height, within a cell),
          centred, and decoded by ImageMagick it is close to the original
          scaled to the same size; 'b' turns boxes off and the status
          says "boxes off" (not "0 boxes").
thumb     the originals are gone: the picture still fills the pane (the
          thumbnail is enlarged, not framed in black), and is further
          from the original than the picture of the first case (so that
          one was made from the original, not from the thumbnail).
maxgeom   the terminal's XTSMGRAPHICS maximum is 320x240: the sixel fits
          in it whole (not cut by the terminal), fills it, and stands in
          the middle of the pane, not at its left edge.

    tests/preview/test_fill_pty.py [build/rummage] [CASE...]
"""

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyterm import (CELL_H, CELL_W, Term, fail, load_records,  # noqa: E402
                     pixel, read_ppm, rmtree, rummage_path, run_ok,
                     sixel_pixels, sixels, tempdir)

ROWS, COLS = 50, 160
PANE_COLS = COLS * 2 // 5                   # detail.c: the right 2/5
PANE_X = COLS - PANE_COLS + 1               # 1-based first column
AREA_ROWS = ROWS - 3 - 1                    # body rows minus the status


def one_photo_item(rec):
    for r in load_records(rec):
        if len(r.get("images") or []) == 1:
            return r
    fail("no item with exactly one photo in the sample data")


def shot(rummage, db, uuid, keys=b"", term=Term, until=None):
    t = term([rummage, "browse", "--db", db, "--item", uuid], rows=ROWS,
             cols=COLS)
    try:
        t.pump(20, until=lambda o: len(sixels(o)) > 0)
        mark = len(t.out)
        if keys:
            t.send(keys)
            t.pump(10, until=lambda o: len(sixels(o[mark:])) > 0 and
                   (until is None or until in o[mark:]))
        t.pump(0.3)
    finally:
        t.close()
    out = bytes(t.out)
    found = sixels(out[mark:] if keys else out)
    if not found:
        fail("no sixel")
    return out, found[-1]


def mean_diff(img, ref_path, tmp):
    """Mean absolute difference per channel between the decoded sixel and
    the original photo scaled by ImageMagick to the same size."""
    w, h = img[0], img[1]
    ppm = os.path.join(tmp, "ref.ppm")
    subprocess.run(["/usr/bin/convert", ref_path, "-resize", "%dx%d!" % (w, h),
                    "-depth", "8", "ppm:" + ppm], check=True)
    ref = read_ppm(ppm)
    tot = n = 0
    for y in range(0, h, 3):
        for x in range(0, w, 3):
            a, b = pixel(img, x, y), pixel(ref, x, y)
            for s in (16, 8, 0):
                tot += abs((a >> s & 255) - (b >> s & 255))
            n += 3
    return tot / n


def fills(img, where, what, room_w=PANE_COLS * CELL_W,
          room_h=AREA_ROWS * CELL_H):
    w, h = img[0], img[1]
    if w > room_w or h > room_h:
        fail("%s: %dx%d is larger than its room %dx%d" % (what, w, h, room_w,
                                                           room_h))
    if w < room_w - CELL_W and h < room_h - 6:
        fail("%s: %dx%d does not fill its room %dx%d (a small picture)"
             % (what, w, h, room_w, room_h))


def case_original(rummage, tmp, rec, db, item):
    path = os.path.join(rec, "images", item["uuid"], "image-0.jpg")
    out, (row, col, dcs) = shot(rummage, db, item["uuid"], b"b",
                                until=b"boxes off")
    if b"boxes off" not in out or b"0 boxes" in out:
        fail("original: the status does not say 'boxes off'")
    img = sixel_pixels(dcs, tmp)
    fills(img, (row, col), "original")
    w = img[0]
    want = PANE_X + (PANE_COLS * CELL_W - w) // 2 // CELL_W
    if col != want:
        fail("original: the picture at column %d, not centred at %d"
             % (col, want))
    d = mean_diff(img, path, tmp)
    if d > 12:
        fail("original: %dx%d picture differs from the original by %.1f"
             % (img[0], img[1], d))
    print("ok original: %dx%d at column %d, %.1f from the original, "
          "'boxes off'" % (img[0], img[1], col, d))
    return d


def case_thumb(rummage, tmp, rec, db, item, d_original):
    path = os.path.join(rec, "images", item["uuid"], "image-0.jpg")
    keep = os.path.join(tmp, "originals")
    shutil.move(os.path.join(rec, "images"), keep)
    try:
        out, (row, col, dcs) = shot(rummage, db, item["uuid"], b"b",
                                    until=b"boxes off")
        img = sixel_pixels(dcs, tmp)
        fills(img, (row, col), "thumb")
        d = mean_diff(img, os.path.join(keep, item["uuid"], "image-0.jpg"),
                      tmp)
    finally:
        shutil.move(keep, os.path.join(rec, "images"))
    if not d > d_original:
        fail("thumb: the 64-pixel thumbnail enlarged (%.1f) is no further "
             "from the original than the original's picture (%.1f): was "
             "the original used at all?" % (d, d_original))
    del path
    print("ok thumb: %dx%d from a 64-px thumbnail, %.1f from the original "
          "(original: %.1f)" % (img[0], img[1], d, d_original))


class SmallGraphics(Term):
    """A sixel terminal whose XTSMGRAPHICS maximum is 320x240."""

    def replies(self, queries):
        r = super().replies(queries)
        aw, ah = self.cols * CELL_W, self.rows * CELL_H
        return r.replace(b"\x1b[?2;0;%d;%dS" % (aw, ah), b"\x1b[?2;0;320;240S")


def case_maxgeom(rummage, tmp, rec, db, item):
    out, (row, col, dcs) = shot(rummage, db, item["uuid"], term=SmallGraphics)
    img = sixel_pixels(dcs, tmp)
    fills(img, (row, col), "maxgeom", 320, 240)
    left = PANE_X + (PANE_COLS * CELL_W - img[0]) // 2 // CELL_W
    if col != left:
        fail("maxgeom: %dx%d picture at column %d, want %d (centred)"
             % (img[0], img[1], col, left))
    print("ok maxgeom: %dx%d within 320x240 at column %d (pane from %d)"
          % (img[0], img[1], col, PANE_X))


def main():
    rummage = os.path.abspath(rummage_path())
    want = sys.argv[2:] or ["original", "thumb", "maxgeom"]
    tmp = tempdir()
    try:
        rec = os.path.join(tmp, "rec")
        db = os.path.join(tmp, "x.db")
        run_ok([rummage, "gen", "--format", "records", "--items", "12",
                "--seed", "6", "--max-side", "1200", rec])
        run_ok([rummage, "index", "--db", db, "--thumb-size", "64", rec])
        item = one_photo_item(rec)
        d = None
        if "original" in want or "thumb" in want:
            d = case_original(rummage, tmp, rec, db, item)
        if "thumb" in want:
            case_thumb(rummage, tmp, rec, db, item, d)
        if "maxgeom" in want:
            case_maxgeom(rummage, tmp, rec, db, item)
    finally:
        rmtree(tmp)


if __name__ == "__main__":
    main()
