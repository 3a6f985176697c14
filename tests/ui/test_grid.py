#!/usr/bin/env python3
"""The grid view end to end in a private tmux server (no sixel there: half
blocks): `browse --view grid` opens it with captions of the newest items;
arrows, PageDown, End and Home move the cursor by a tile, a row and a
screenful; Enter opens the item under the cursor and Esc comes back to the
grid; 'a' shows every photo of the item and Enter opens the detail at the
photo under the cursor; a facet value narrows the result and the grid
follows it, undo brings it back; 't' switches to the list and back with
the cursor kept; 40x10 and back; q quits cleanly.

    tests/ui/test_grid.py [build/rummage]
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import (Tmux, TempDir, fail, query_total, run,  # noqa: E402
                    rummage_path, total_on)

ITEMS = 40


def position(screen):
    """The cursor position and total on the status line ("7/40")."""
    m = re.search(r"(\d+)/(\d+)\s*$", screen.rstrip().splitlines()[-1])
    if not m:
        fail("no position on the status line", screen)
    return int(m.group(1)), int(m.group(2))


def wait_pos(t, pos, what):
    s = t.wait(lambda s: re.search(r"\b%d/\d+\s*$" % pos,
                                   s.rstrip().splitlines()[-1]) is not None,
               "%s: position %d" % (what, pos))
    print("ok - %s: at %d" % (what, pos))
    return s


def main():
    rummage = rummage_path()
    with TempDir() as tmp:
        rec = os.path.join(tmp, "rec")
        db = os.path.join(tmp, "test.db")
        r = run(["gen", "--format", "records", "--items", str(ITEMS),
                 "--seed", "4", "--max-side", "400", rec])
        if r.returncode != 0:
            fail("gen failed: " + r.stderr)
        r = run(["index", "--db", db, "--quiet", rec])
        if r.returncode != 0:
            fail("index failed: " + r.stderr)
        t = Tmux("grid")
        try:
            t.start([rummage, "browse", "--db", db, "--view", "grid"],
                    env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                         "RUMMAGE_DA1_TIMEOUT_MS": "100",
                         "XDG_CONFIG_HOME": "/nonexistent"})
            s = t.wait_for("a photos")
            if "\u2580" not in s:
                fail("no half-block tiles in the grid", s)
            # The layout on the screen: runs of blocks across a picture
            # row, caption lines under the pictures.
            lines = s.splitlines()[2:-1]
            across = max(len(re.findall("\u2580+", ln)) for ln in lines)
            down = sum(1 for a, b in zip(lines, lines[1:])
                       if "\u2580" in a and "\u2580" not in b)
            if across < 2 or down < 2:
                fail("tiles: %d across, %d down" % (across, down), s)
            print("ok - %d x %d tiles" % (across, down))
            wait_pos(t, 1, "start")
            t.keys("Right")
            wait_pos(t, 2, "Right")
            t.keys("Down")
            wait_pos(t, 2 + across, "Down (a row)")
            t.keys("PageDown")
            wait_pos(t, 2 + across + across * down, "PageDown (a screenful)")
            t.keys("End")
            wait_pos(t, ITEMS, "End")
            t.keys("Home")
            wait_pos(t, 1, "Home")

            # Enter opens the item under the cursor; Esc back to the grid.
            t.keys("Right", "Enter")
            second = json.loads(run(["query", "--db", db, "--json",
                                     "--limit", "2", ""]).stdout)["items"][1]
            t.wait_for("Item " + second)
            print("ok - Enter opens the item under the cursor")
            t.keys("Escape")
            t.wait_for("a photos")
            wait_pos(t, 2, "Esc back to the grid")

            # Every photo of the item; Enter opens it at that photo.
            t.keys("a")
            s = t.wait_for("1/")
            s = t.wait(lambda s: "image-0.jpg" in s, "photos captions")
            n = len(re.findall(r"\b\d+/(\d+) image-", s))
            if n < 1:
                fail("no photo captions", s)
            m = re.search(r"\b1/(\d+) image-0\.jpg", s)
            nphotos = int(m.group(1))
            if nphotos >= 2:
                t.keys("Right", "Enter")
                t.wait_for("photo 2/%d" % nphotos)
                print("ok - photos mode: Enter opens photo 2/%d" % nphotos)
                t.keys("Escape")
                t.wait_for("Esc/a items")
            t.keys("Escape")
            t.wait_for("a photos")
            print("ok - photos mode and back")

            # A facet value: the grid follows the result; undo.
            t.keys("Tab", "Enter")
            s = t.wait(lambda s: total_on(s) < ITEMS, "a facet narrows")
            q = re.match(r"Query[:>] (.*?)\s+\d+ items", s.splitlines()[0])
            want = query_total(db, q.group(1).strip())
            if total_on(s) != want:
                fail("total %d != query %d" % (total_on(s), want), s)
            t.keys("Tab")
            s = t.wait(lambda s: position(s)[1] == want, "grid follows")
            print("ok - the grid follows the result (%d items)" % want)
            t.keys("u")
            t.wait(lambda s: position(s)[1] == ITEMS, "undo")
            print("ok - undo")

            # The list and back, the cursor kept.
            t.keys("Home", "Right", "Right")
            wait_pos(t, 3, "moved")
            t.keys("t")
            # The list's header (at 120 columns a short uuid, no labels).
            s = t.wait_for("date* ")
            wait_pos(t, 3, "list keeps the cursor")
            t.keys("j", "t")
            t.wait_for("a photos")
            wait_pos(t, 4, "grid keeps the list's cursor")

            t.resize(40, 10)
            t.wait(lambda s: len(s.splitlines()) <= 10, "40x10")
            t.resize(120, 40)
            t.wait_for("a photos")
            wait_pos(t, 4, "after 40x10 and back")
            t.keys("q")
            t.wait_exit()
            print("ok - q quits cleanly")
        finally:
            t.kill()


if __name__ == "__main__":
    main()
