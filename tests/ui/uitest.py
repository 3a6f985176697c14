"""Helpers for the browser's end-to-end tests: a private tmux server that
runs the real binary, keys sent with send-keys, screens read with
capture-pane (tmux's own regress/ tests work this way), and small indexes
made in a temporary directory. Standard library only.

Waiting is done by polling the screen for what a test expects; the
timeouts only stop a broken run, nothing asserts on how long things take.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))


LOGS = []


def fail(msg, screen=None):
    """Print why a test failed (the screen, the browser's log), exit 1."""
    print("FAIL: " + msg)
    if screen is not None:
        print("---- screen ----")
        print(screen)
        print("----------------")
    for path in LOGS:
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                text = f.read()
            if text:
                print("---- %s ----" % path)
                print(text[-4000:])
    sys.exit(1)


def rummage_path():
    """The binary: argv[1], else $RUMMAGE, else build/rummage."""
    if len(sys.argv) > 1:
        return os.path.abspath(sys.argv[1])
    return os.environ.get("RUMMAGE", os.path.join(SOURCE, "build", "rummage"))


def run(args, **kw):
    """Run rummage; CompletedProcess with text output."""
    return subprocess.run([rummage_path()] + list(args), capture_output=True,
                          text=True, timeout=kw.pop("timeout", 300), **kw)


def make_records(out, items=500, seed=1):
    """Item records in out from `rummage gen`; a failed gen fails the test."""
    r = run(["gen", "--format", "records", "--items", str(items), "--seed",
             str(seed), "--no-images", out])
    if r.returncode != 0 or not os.path.exists(os.path.join(out, "_SUCCESS")):
        fail("rummage gen exited %d (no %s/_SUCCESS): %s" % (
            r.returncode, out, r.stderr[-2000:]))


def make_index(tmp, items=500, records=None):
    """Build tmp/test.db from records (a directory) or generated ones."""
    if records is None:
        records = os.path.join(tmp, "records")
        make_records(records, items)
    db = os.path.join(tmp, "test.db")
    r = run(["index", "--db", db, "--quiet", "--no-thumbs", records])
    if r.returncode != 0:
        fail("rummage index failed: " + r.stderr)
    return db


def query_total(db, text, threshold=None):
    """The total of `rummage query --json` for text."""
    args = ["query", "--db", db, "--json", "--limit", "1"]
    if threshold is not None:
        args += ["--min-confidence", str(threshold)]
    args += ["--", text] if text.startswith("-") else [text]
    r = run(args)
    if r.returncode != 0:
        fail("rummage query %r failed: %s" % (text, r.stderr))
    return json.loads(r.stdout)["total"]


class Tmux:
    """A private tmux server (its own socket) running one command."""

    def __init__(self, name="main"):
        self.socket = "rummage-test-%d-%s" % (os.getpid(), name)
        self.started = False

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.socket] + list(args),
                              capture_output=True, text=True, check=check)

    def start(self, argv, env=None, width=120, height=40):
        """Start argv in a new session of width x height."""
        env = dict(env or {})
        if "RUMMAGE_LOG" not in env:
            env["RUMMAGE_LOG"] = os.path.join(tempfile.gettempdir(),
                                              "%s.log" % self.socket)
        LOGS.append(env["RUMMAGE_LOG"])
        envs = []
        for k, v in env.items():
            envs.append("%s=%s" % (k, v))
        cmd = " ".join(shquote(a) for a in ["env"] + envs + list(argv))
        # The exit status and anything printed at exit (sanitizer
        # reports) stay on the screen for wait_exit().
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", str(width),
                  "-y", str(height), "-s", "t",
                  cmd + '; echo "rummage-exit=$?"; sleep 30')
        self.started = True
        self.tmux("set-option", "-g", "status", "off", check=False)

    def keys(self, *keys):
        """send-keys: tmux key names (Enter, Tab, Escape, C-r, BSpace)."""
        self.tmux("send-keys", "-t", "t", *keys)

    def text(self, s):
        """Type literal text."""
        self.tmux("send-keys", "-t", "t", "-l", s)

    def screen(self, escapes=False):
        """The visible screen, as text (with SGR escapes if asked)."""
        args = ["capture-pane", "-p", "-t", "t"]
        if escapes:
            args.insert(2, "-e")
        return self.tmux(*args).stdout

    def wait(self, pred, what, timeout=20.0, settled=True):
        """Poll the screen until pred(screen) holds (and, when settled,
        no count is in progress); the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.screen()
            if pred(s) and (not settled or "counting..." not in s):
                # Let the frame settle: two equal captures in a row.
                time.sleep(0.05)
                s2 = self.screen()
                if s2 == s or pred(s2):
                    return s2
            if time.monotonic() > deadline:
                fail("timed out waiting for " + what, s)
            time.sleep(0.05)

    def wait_for(self, needle, timeout=20.0, settled=True):
        return self.wait(lambda s: needle in s, repr(needle), timeout,
                         settled)

    def wait_exit(self):
        """Wait for the program to exit; fail unless cleanly with 0."""
        s = self.wait_for("rummage-exit=")
        if "rummage-exit=0" not in s or "Sanitizer" in s or \
                "runtime error" in s:
            fail("the browser did not exit cleanly", s)
        return s

    def resize(self, width, height):
        self.tmux("resize-window", "-t", "t", "-x", str(width), "-y",
                  str(height))

    def kill(self):
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False
        for path in LOGS:
            if path.endswith(self.socket + ".log") and os.path.exists(path):
                os.unlink(path)


def shquote(s):
    if re.fullmatch(r"[A-Za-z0-9_./=:,+-]+", s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


def total_on(screen):
    """The total shown in the query bar ("1234 items")."""
    m = re.search(r"(\d+) items", screen.splitlines()[0] if screen else "")
    if not m:
        fail("no total in the query bar", screen)
    return int(m.group(1))


def query_on(screen):
    """The query text shown in the query bar."""
    first = screen.splitlines()[0]
    m = re.match(r"Query[:>] (.*?)\s+\d+ items", first)
    if not m:
        fail("no query in the query bar", screen)
    q = m.group(1).strip()
    return "" if q == "(everything)" else q


class TempDir:
    """A temporary directory removed at exit (kept with KEEP_TMP=1)."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="rummage-ui-")
        return self.path

    def __exit__(self, *exc):
        if not os.environ.get("KEEP_TMP"):
            shutil.rmtree(self.path, ignore_errors=True)


def record(uuid, day, brand, ptype="Jeans", color="blue", size="M",
           labels=(("Clothing", 99.5),), texts=(), photos=1):
    """One item record (contract §2) as a dict; day counts from 2024-01-01."""
    month, mday = 1 + (day // 28) % 12, 1 + day % 28
    images = []
    for k in range(photos):
        images.append({
            "name": "image-%d.jpg" % k,
            "path": "images/%s/image-%d.jpg" % (uuid, k),
            "labels": [{"name": n, "confidence": c,
                        "boxes": [{"left": 0.1, "top": 0.1, "width": 0.5,
                                   "height": 0.5}]} for n, c in labels],
            "text": [{"text": s, "confidence": c} for s, c in texts],
        })
    return {"uuid": uuid,
            "timestamp": "2024-%02d-%02dT12:00:00.000Z" % (month, mday),
            "productTypes": [ptype, "Dress_pants"], "colors": [color, "black"],
            "brands": [brand, "Zara"], "sizes": [size], "images": images}


def write_records(out, records):
    """Write records as a Spark-like output directory."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "part-00000.json"), "w",
              encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    open(os.path.join(out, "_SUCCESS"), "w").close()


def display_width(s):
    """Columns taken by s in a terminal (East Asian wide = 2)."""
    import unicodedata
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w
