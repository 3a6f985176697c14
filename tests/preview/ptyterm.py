"""A fake terminal on a pty for the preview tests: runs a program, records
every byte it writes, and (optionally) answers the graphics queries like a
sixel terminal with 10x20-pixel cells. Also: test data (gen + index), the
item records, and sixel -> pixels through ImageMagick."""

import glob
import gzip
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import termios
import fcntl
import time

CELL_W, CELL_H = 10, 20
# FNV-1a over the label name picks one of these (ui/preview.c).
PALETTE = [0xff0000, 0x00ff00, 0xffff00, 0x00ffff, 0xff00ff, 0x0000ff]


def fail(msg):
    raise SystemExit("FAIL: " + msg)


def rummage_path():
    import sys
    if len(sys.argv) > 1:
        return sys.argv[1]
    return os.environ.get("RUMMAGE", "build/rummage")


def label_color(name):
    h = 2166136261
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 16777619) & 0xffffffff
    return PALETTE[h % len(PALETTE)]


def run_ok(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=120)
    if r.returncode != 0:
        fail("%s: %s" % (" ".join(argv), r.stdout.decode(errors="replace")))


def make_data(rummage, tmp, items=20, seed=3, before_index=None):
    """gen + index into tmp; before_index(rec) may alter the photos."""
    rec = os.path.join(tmp, "rec")
    db = os.path.join(tmp, "x.db")
    run_ok([rummage, "gen", "--format", "records", "--items", str(items),
            "--seed", str(seed), "--max-side", "800", rec])
    if before_index is not None:
        before_index(rec)
    run_ok([rummage, "index", "--db", db, rec])
    return rec, db


def load_records(rec):
    out = []
    for path in sorted(glob.glob(os.path.join(rec, "part-*"))):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    out.append(json.loads(line))
    return out


def pick_item(records, threshold=50.0):
    """The item whose first photo has the biggest confident label box:
    (uuid, photo count, label name, box dict, photo dims)."""
    best = None
    for r in records:
        imgs = r.get("images") or []
        if not imgs:
            continue
        for lab in imgs[0].get("labels") or []:
            if lab.get("confidence", 0) < threshold:
                continue
            for b in lab.get("boxes") or []:
                area = b["width"] * b["height"]
                if b["width"] < 0.25 or b["height"] < 0.25:
                    continue
                if best is None or area > best[0]:
                    best = (area, r["uuid"], len(imgs), lab["name"], b,
                            (imgs[0].get("width"), imgs[0].get("height")))
    if best is None:
        fail("no item with a big confident label box in the sample data")
    return best[1:]


class Term:
    """Run argv on a pty of rows x cols. answer: reply to the queries;
    delay: seconds to wait before replying (a slow link)."""

    def __init__(self, argv, rows=40, cols=100, answer=True, delay=0.0,
                 env=None, sixel_max=None):
        self.rows, self.cols = rows, cols
        # The largest sixel XTSMGRAPHICS reports (xterm: 1000x1000);
        # None: the window's size.
        self.sixel_max = sixel_max
        self.argv = argv
        self.answer, self.delay = answer, delay
        self.out = bytearray()
        self.answered = False
        self.asked_pos = 0
        self.query_seen_at = None
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ,
                    struct.pack("HHHH", rows, cols, 0, 0))
        e = dict(os.environ)
        e.update({"TERM": "xterm-256color", "LANG": "C.UTF-8",
                  "LC_ALL": "C.UTF-8"})
        for k in ("TMUX", "NO_COLOR", "RUMMAGE_GRAPHICS", "COLORTERM",
                  "RUMMAGE_DA1_TIMEOUT_MS"):
            e.pop(k, None)
        e.update(env or {})
        self.start = time.monotonic()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave,
                                     stderr=slave, env=e, close_fds=True,
                                     start_new_session=True)
        os.close(slave)

    def replies(self, queries):
        """What a sixel terminal with CELL_W x CELL_H cells answers to the
        queries in the bytes `queries`, in order."""
        ah, aw = self.rows * CELL_H, self.cols * CELL_W
        answers = {
            b"\x1b[14t": "\x1b[4;%d;%dt" % (ah, aw),
            b"\x1b[16t": "\x1b[6;%d;%dt" % (CELL_H, CELL_W),
            b"\x1b[?1;1;0S": "\x1b[?1;0;256S",
            b"\x1b[?2;1;0S": "\x1b[?2;0;%d;%dS" % (self.sixel_max or
                                                     (aw, ah)),
            b"\x1b[c": "\x1b[?62;4;22c",
        }
        found = []
        for q, a in answers.items():
            i = queries.find(q)
            while i >= 0:
                found.append((i, a))
                i = queries.find(q, i + 1)
        return "".join(a for _, a in sorted(found)).encode()

    def pump(self, seconds, until=None):
        """Read for up to seconds, answering; stop early when until(out).
        Each DA1 query closes a batch of queries, answered together (the
        first batch after self.delay seconds)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            i = self.out.find(b"\x1b[c", self.asked_pos)
            if i >= 0 and self.query_seen_at is None:
                self.query_seen_at = time.monotonic()
            if (self.answer and i >= 0 and
                    (self.answered or
                     time.monotonic() >= self.query_seen_at + self.delay)):
                batch = bytes(self.out[self.asked_pos:i + 3])
                os.write(self.master, self.replies(batch))
                self.asked_pos = i + 3
                self.answered = True
                continue
            r, _, _ = select.select([self.master], [], [], 0.02)
            if r:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return False
                if not data:
                    return False
                self.out += data
            if until is not None and until(bytes(self.out)):
                return True
        return False

    def send(self, keys):
        os.write(self.master, keys)

    def close(self):
        try:
            # q leaves the detail view, the next q leaves the browser.
            for _ in range(3):
                self.send(b"q")
                if self.pump(1.0, until=lambda o: self.proc.poll() is not None):
                    break
        except OSError:
            pass
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)
        # A crash, a sanitizer report or an exit status is a failure.
        if self.proc.returncode != 0:
            fail("%s exited with %d; last output: %r"
                 % (self.argv[0], self.proc.returncode, bytes(self.out[-600:])))


SIXEL_RE = re.compile(rb"\x1b\[(\d+);(\d+)H(\x1bP[^\x1b]*\x1b\\)", re.S)


def sixels(out):
    """[(row, col, dcs bytes)] for every sixel written at a CUP position."""
    return [(int(m.group(1)), int(m.group(2)), m.group(3))
            for m in SIXEL_RE.finditer(out)]


def sixel_pixels(dcs, tmp):
    """Decode a sixel with ImageMagick: (width, height, rgb bytes)."""
    six = os.path.join(tmp, "pane.six")
    png = os.path.join(tmp, "pane.png")
    ppm = os.path.join(tmp, "pane.ppm")
    with open(six, "wb") as f:
        f.write(dcs)
    # Through PNG: ImageMagick 6.9's sixel reader straight to PPM gives
    # a black picture (its palette image is not expanded).
    for argv in (["/usr/bin/convert", "sixel:" + six, "png:" + png],
                 ["/usr/bin/convert", png, "-depth", "8", "ppm:" + ppm]):
        r = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        if r.returncode != 0:
            fail("convert could not decode the sixel: %s" % r.stdout.decode())
    return read_ppm(ppm)


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    # Comment lines ("#xwdump") may follow the magic number.
    m = re.match(rb"P6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not m:
        fail("not a binary PPM: %s" % path)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():m.end() + w * h * 3]


def pixel(img, x, y):
    w, h, rgb = img
    if not (0 <= x < w and 0 <= y < h):
        return None
    i = (y * w + x) * 3
    return rgb[i] << 16 | rgb[i + 1] << 8 | rgb[i + 2]


def tempdir():
    return tempfile.mkdtemp(prefix="rummage-preview-")


def rmtree(path):
    shutil.rmtree(path, ignore_errors=True)
