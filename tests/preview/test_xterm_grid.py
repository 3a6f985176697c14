#!/usr/bin/env python3
"""The grid in a real sixel terminal: `rummage browse --view grid` in
`xterm -ti vt340` under Xvfb (a free display), screenshots with
`xwd -root | convert`, and their pixels: right of the sidebar, the cursor
tile's white frame (a white rectangle about a tile's size) and, inside
the grid, many tiles of photo (columns of non-black pixels separated by
black gaps); then PageDown twice (keys through a pty between xterm and
the browser): the frame is still in the first tile and the pictures have
changed. Fails when Xvfb, xterm or xwd is missing.

    tests/preview/test_xterm_grid.py [build/rummage]
"""

import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyterm import fail, make_data, pixel, rmtree, rummage_path, tempdir  # noqa: E402
from test_xterm import (require_x_tools, screenshot, start_xterm,  # noqa: E402
                        start_xvfb, stop, xterm_env)

COLS, ROWS = 160, 50
FONT_W, FONT_H = 6, 13          # xterm's "fixed" font

# Between xterm and the browser: forwards both ways, and types PageDown
# twice when the file named by argv[1] appears.
FEEDER = r'''
import os, pty, select, sys, termios, tty, fcntl
go, argv = sys.argv[1], sys.argv[2:]
ws = fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8)
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, ws)
tty.setraw(0)
sent = False
while True:
    if not sent and os.path.exists(go):
        os.write(fd, b"\x1b[6~")
        os.write(fd, b"\x1b[6~")
        sent = True
    r, _, _ = select.select([0, fd], [], [], 0.05)
    if fd in r:
        try:
            d = os.read(fd, 65536)
        except OSError:
            break
        if not d:
            break
        os.write(1, d)
    if 0 in r:
        os.write(fd, os.read(0, 1024))
'''


def white_frame(img, x0, x1, y1):
    """(x, y, w, h) of the largest white rectangle outline in [x0, x1)."""
    best = None
    for y in range(0, y1 - 20):
        run = 0
        for x in range(x0, x1):
            if pixel(img, x, y) == 0xffffff and pixel(img, x, y + 1) == 0xffffff:
                run += 1
                continue
            if run >= 60:
                sx = x - run
                h = 0
                while y + h < y1 and pixel(img, sx, y + h) == 0xffffff:
                    h += 1
                if h >= 60 and (best is None or run * h > best[2] * best[3]):
                    best = (sx, y, run, h)
            run = 0
    return best


def tiles_across(img, x0, x1, y):
    """Runs of non-black, non-white pixels along row y (tiles of photo)."""
    runs, run = 0, 0
    for x in range(x0, x1):
        p = pixel(img, x, y)
        lit = p is not None and p not in (0, 0xffffff) and \
            (p >> 16) + (p >> 8 & 255) + (p & 255) > 60
        if lit:
            run += 1
        else:
            if run >= 40:
                runs += 1
            run = 0
    if run >= 40:
        runs += 1
    return runs


def main():
    require_x_tools()
    rummage = os.path.abspath(rummage_path())
    tmp = tempdir()
    xvfb = xterm = None
    try:
        rec, db = make_data(rummage, tmp, items=40, seed=8)
        xvfb, display = start_xvfb(tmp)
        env = xterm_env(display, XDG_CONFIG_HOME="/nonexistent")
        feeder = os.path.join(tmp, "feeder.py")
        with open(feeder, "w") as f:
            f.write(FEEDER)
        go = os.path.join(tmp, "go")
        xterm = start_xterm(
            COLS, ROWS,
            [sys.executable, feeder, go, rummage, "browse", "--db", db,
             "--view", "grid"], env)
        win_w, win_h = COLS * FONT_W, ROWS * FONT_H
        # The sidebar takes 2/7 of the columns (44 at most) and a border.
        gx0 = (min(44, max(24, COLS * 2 // 7)) + 1) * FONT_W
        img = frame = None
        end = time.monotonic() + 20
        while time.monotonic() < end:
            time.sleep(0.5)
            img = screenshot(display, tmp)
            if img is None:
                continue
            frame = white_frame(img, gx0, win_w, win_h - FONT_H)
            if frame is not None:
                break
        keep = "/tmp/rummage-xterm-grid.png"
        if frame is None:
            shutil.copy(os.path.join(tmp, "shot.png"), keep)
            fail("no cursor frame in the grid; screenshot kept in %s" % keep)
        fx, fy, fw, fh = frame
        # Near the top of the tiles: the photos' backgrounds, not garments.
        across = tiles_across(img, gx0, win_w, fy + 10)
        if across < 3:
            shutil.copy(os.path.join(tmp, "shot.png"), keep)
            fail("only %d tiles across the grid (screenshot in %s)"
                 % (across, keep))
        first = [pixel(img, x, fy + fh // 2) for x in range(gx0, win_w, 7)]
        open(go, "w").close()
        changed = False
        end = time.monotonic() + 15
        while time.monotonic() < end and not changed:
            time.sleep(0.5)
            img2 = screenshot(display, tmp)
            if img2 is None:
                continue
            now = [pixel(img2, x, fy + fh // 2) for x in range(gx0, win_w, 7)]
            same = sum(1 for a, b in zip(first, now) if a == b)
            changed = same < len(now) * 0.7 and \
                white_frame(img2, gx0, win_w, win_h - FONT_H) is not None
        if not changed:
            shutil.copy(os.path.join(tmp, "shot.png"), keep)
            fail("PageDown did not show new tiles with the cursor framed "
                 "(screenshot in %s)" % keep)
        print("ok xterm grid: cursor frame %dx%d at %d,%d, %d tiles across, "
              "new tiles after PageDown (%s)" % (fw, fh, fx, fy, across,
                                                  display))
    finally:
        stop(xterm, xvfb)
        rmtree(tmp)


if __name__ == "__main__":
    main()
