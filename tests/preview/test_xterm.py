#!/usr/bin/env python3
"""A real sixel terminal: `rummage browse --item UUID` in `xterm -ti vt340`
under Xvfb (display :9, or a free one when :9 is taken), a screenshot with
`xwd -root | convert xwd:- shot.png`, and assertions on its pixels: the
label's box outline, in the label's colour, stands in the photo pane (the
right part of the window), and the left part (the text) has none of it.
Fails (a missing piece is not a pass) when Xvfb, xterm or xwd is missing.

    tests/preview/test_xterm.py [build/rummage]
"""

import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptyterm import (fail, label_color, load_records, make_data,  # noqa: E402
                     pick_item, pixel, read_ppm, rmtree, rummage_path,
                     tempdir)

COLS, ROWS = 100, 40
FONT_W, FONT_H = 6, 13          # xterm's default "fixed" font


def start_xvfb(tmp):
    """Start Xvfb on :9 (or any free display); (process, ':N')."""
    for attempt in ("9", None):
        if attempt is not None and os.path.exists("/tmp/.X%s-lock" % attempt):
            continue
        r, w = os.pipe()
        argv = ["Xvfb", "-screen", "0", "1024x768x24", "-nolisten", "tcp",
                "-displayfd", str(w)]
        if attempt is not None:
            argv.insert(1, ":" + attempt)
        p = subprocess.Popen(argv, pass_fds=(w,), stdout=subprocess.DEVNULL,
                             stderr=open(os.path.join(tmp, "xvfb.log"), "w"))
        os.close(w)
        num = b""
        end = time.monotonic() + 10
        while time.monotonic() < end and not num.endswith(b"\n"):
            import select
            ready, _, _ = select.select([r], [], [], 0.2)
            if ready:
                chunk = os.read(r, 16)
                if not chunk:
                    break
                num += chunk
        os.close(r)
        if num.strip():
            return p, ":" + num.strip().decode()
        p.kill()
        p.wait()
    fail("Xvfb did not start (see %s)" % os.path.join(tmp, "xvfb.log"))


def stop(xterm, xvfb):
    """End xterm (its whole process group) and Xvfb, either may be None."""
    for p in (xterm, xvfb):
        if p is not None and p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM) if p is xterm \
                    else p.terminate()
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def screenshot(display, tmp):
    png = os.path.join(tmp, "shot.png")
    ppm = os.path.join(tmp, "shot.ppm")
    xwd = subprocess.run(["xwd", "-root", "-silent", "-display", display],
                         stdout=subprocess.PIPE, timeout=30)
    if xwd.returncode != 0:
        return None
    subprocess.run(["/usr/bin/convert", "xwd:-", png], input=xwd.stdout,
                   check=True, timeout=30)
    subprocess.run(["/usr/bin/convert", png, "-depth", "8", "ppm:" + ppm],
                   check=True, timeout=30)
    return read_ppm(ppm)


def vertical_runs(img, color, x0, x1, y1, minlen):
    """x positions in [x0, x1) with a vertical run of color >= minlen."""
    xs = []
    for x in range(x0, x1):
        run = best = 0
        for y in range(0, y1):
            if pixel(img, x, y) == color:
                run += 1
                best = max(best, run)
            else:
                run = 0
        if best >= minlen:
            xs.append(x)
    return xs


def require_x_tools():
    """Fail (not skip) when Xvfb, xterm or xwd is missing."""
    missing = [p for p in ("Xvfb", "xterm", "xwd") if shutil.which(p) is None]
    if missing:
        print("FAIL: %s not installed (./run setup installs xvfb, xterm, "
              "x11-apps)" % ", ".join(missing))
        sys.exit(1)


def xterm_env(display, **extra):
    """The environment of the app in xterm: UTF-8, no tmux, no overrides
    of colour or graphics, plus extra."""
    env = dict(os.environ, DISPLAY=display, LANG="C.UTF-8", LC_ALL="C.UTF-8",
               **extra)
    for k in ("TMUX", "NO_COLOR", "RUMMAGE_GRAPHICS", "COLORTERM"):
        env.pop(k, None)
    return env


def start_xterm(cols, rows, command, env):
    """xterm as a VT340 with 256 sixel colour registers, running command."""
    return subprocess.Popen(
        ["xterm", "-ti", "vt340", "-geometry", "%dx%d+0+0" % (cols, rows),
         "-fn", "fixed", "-bg", "black", "-fg", "white",
         "-xrm", "XTerm*numColorRegisters: 256",
         "-xrm", "XTerm*maxGraphicSize: 2000x2000", "-e"] + command,
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


def main():
    require_x_tools()
    rummage = os.path.abspath(rummage_path())
    tmp = tempdir()
    xvfb = xterm = None
    try:
        rec, db = make_data(rummage, tmp)
        uuid, nphotos, name, box, _ = pick_item(load_records(rec))
        xvfb, display = start_xvfb(tmp)
        env = xterm_env(display)
        log = os.path.join(tmp, "rummage.log")
        xterm = start_xterm(
            COLS, ROWS,
            ["sh", "-c", '"$0" browse --db "$1" --item "$2" 2>"$3"',
             rummage, db, uuid, log], env)
        color = label_color(name)
        win_w, win_h = COLS * FONT_W, ROWS * FONT_H
        img, runs = None, []
        end = time.monotonic() + 20
        while time.monotonic() < end:
            time.sleep(0.5)
            img = screenshot(display, tmp)
            if img is None:
                continue
            runs = vertical_runs(img, color, 0, win_w, win_h, 25)
            if runs:
                break
        if not runs:
            keep = os.path.join("/tmp", "rummage-xterm-shot.png")
            shutil.copy(os.path.join(tmp, "shot.png"), keep)
            fail("no %r box edge (colour %06x) on the screen; screenshot "
                 "kept in %s" % (name, color, keep))
        # The detail's text is on the left; the photo pane on the right.
        if min(runs) < win_w // 2:
            fail("box colour found left of the photo pane (x=%d)" % min(runs))
        # Left and right edges of the box, as far apart as the box is wide
        # relative to its photo (the photo is at most the pane's width).
        spread = max(runs) - min(runs)
        if spread < 10:
            fail("only one edge of the %r box is visible (x=%s)" % (name, runs))
        print("ok xterm: %r box edges at x=%d..%d (%s, colour %06x)"
              % (name, min(runs), max(runs), display, color))
    finally:
        stop(xterm, xvfb)
        rmtree(tmp)


if __name__ == "__main__":
    main()
