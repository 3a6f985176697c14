#!/usr/bin/env python3
"""Export from the browser: uuids, JSON lines and CSV of the current
result, in result order, the same items as `rummage query --json`; the
overwrite prompt (n keeps the file, y replaces it); JSON lines that index
again to the same result; JSON lines equal to the source lines byte for
byte (numbers as the source wrote them); Esc during an export cancels it
and leaves no file; keys typed during an export are not replayed.

    tests/ui/test_export.py [build/rummage]
"""

import csv
import gzip
import json
import os
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import Tmux, TempDir, fail, make_index, run, rummage_path  # noqa

ENV = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "RUMMAGE_GRAPHICS": "none",
       "XDG_CONFIG_HOME": "/nonexistent", "TERM": "tmux-256color"}


def query_items(db, q):
    r = run(["query", "--db", db, "--json", "--limit", "100000", q])
    if r.returncode != 0:
        fail("rummage query failed: " + r.stderr)
    return json.loads(r.stdout)["items"]


def export(t, key, path):
    """e, the format key, the file name, Enter."""
    t.keys("e")
    t.wait_for("Export as")
    t.keys(key)
    t.wait_for("Export to file:")
    t.keys("C-u")
    t.text(path)
    t.keys("Enter")


def main():
    with TempDir() as tmp:
        db = make_index(tmp, items=300)
        q = "type:Jeans"
        want = query_items(db, q)
        if not want:
            q = ""
            want = query_items(db, q)
        t = Tmux()
        try:
            t.start([rummage_path(), "browse", "--db", db, "--query", q],
                    env=ENV)
            t.wait_for(" items")

            out = os.path.join(tmp, "out.txt")
            export(t, "u", out)
            s = t.wait_for("wrote %d items as uuids" % len(want))
            with open(out) as f:
                got = f.read().split("\n")
            if got[-1] != "" or got[:-1] != want:
                fail("uuids export differs from rummage query", s)
            print("ok - uuids: %d lines in result order" % len(want))

            jl = os.path.join(tmp, "jl", "part-00000.json")
            os.makedirs(os.path.dirname(jl))
            export(t, "j", jl)
            s = t.wait_for("as JSON lines")
            with open(jl, encoding="utf-8") as f:
                recs = [json.loads(line) for line in f]
            if [r["uuid"] for r in recs] != want:
                fail("JSON lines export differs from rummage query", s)
            for r in recs:
                for key in ("timestamp", "brands", "productTypes", "images"):
                    if key not in r:
                        fail("exported record lacks %r" % key)
            # Issue 11 §4: the records as read, not re-printed (99.8881
            # stays 99.8881, not 99.888099999999994).
            source = {}
            recdir = os.path.join(tmp, "records")
            for name in sorted(os.listdir(recdir)):
                if name.startswith("part-"):
                    opener = gzip.open if name.endswith(".gz") else open
                    with opener(os.path.join(recdir, name), "rb") as f:
                        for line in f:
                            source[json.loads(line)["uuid"]] = line
            with open(jl, "rb") as f:
                for line in f:
                    uuid = json.loads(line)["uuid"]
                    if line != source[uuid]:
                        fail("exported line differs from the source line "
                             "of %s:\n%r\n%r" % (uuid, line[:300],
                                                   source[uuid][:300]))
            print("ok - JSON lines: every line byte-equal to its source line")
            # The export is a valid record directory: it indexes again.
            db2 = os.path.join(tmp, "again.db")
            r = run(["index", "--db", db2, "--quiet", "--no-thumbs",
                     os.path.dirname(jl)])
            if r.returncode != 0:
                fail("the exported JSON lines do not index: " + r.stderr)
            if query_items(db2, "") != want:
                fail("re-indexed export is not the same result")
            print("ok - JSON lines: %d records, index again to the same "
                  "result" % len(recs))

            cv = os.path.join(tmp, "out.csv")
            export(t, "c", cv)
            s = t.wait_for("as CSV")
            with open(cv, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            if rows[0][:2] != ["uuid", "timestamp"]:
                fail("CSV header: %r" % rows[0])
            if [row[0] for row in rows[1:]] != want:
                fail("CSV rows differ from rummage query", s)
            if any(len(row) != len(rows[0]) for row in rows):
                fail("CSV rows of different lengths")
            print("ok - CSV: header and %d rows" % (len(rows) - 1))

            # Overwrite: asked; n keeps the file, y replaces it.
            with open(out) as f:
                before = f.read()
            t.keys("c")  # clear: every item
            t.wait(lambda s: "no filters" in s, "clear")
            export(t, "u", out)
            s = t.wait_for("exists. Overwrite?")
            t.keys("n")
            s = t.wait_for("file kept")
            with open(out) as f:
                if f.read() != before:
                    fail("answering n changed the file", s)
            export(t, "u", out)
            t.wait_for("exists. Overwrite?")
            t.keys("y")
            alls = query_items(db, "")
            s = t.wait_for("wrote %d items as uuids" % len(alls))
            with open(out) as f:
                if f.read().split("\n")[:-1] != alls:
                    fail("answering y did not replace the file", s)
            print("ok - overwrite prompt (n keeps, y replaces)")

            # Issue 12: never replace what is not a regular file, keep the
            # mode of a file replaced. A symlink to a character device (as
            # good as `mknod myfull c 1 7`, without needing CAP_MKNOD), a
            # FIFO and a directory are refused after "y", and stay what
            # they were.
            dev = os.path.join(tmp, "myfull")
            os.symlink("/dev/full", dev)
            fifo = os.path.join(tmp, "myfifo")
            os.mkfifo(fifo)
            for path, kind in ((dev, "device"), (fifo, "FIFO")):
                export(t, "u", path)
                t.wait_for("exists. Overwrite?")
                t.keys("y")
                s = t.wait_for("not a regular file")
                if "export failed" not in s:
                    fail("export to a %s: no failure reported" % kind, s)
            if not os.path.islink(dev) or os.readlink(dev) != "/dev/full" \
                    or not stat.S_ISCHR(os.stat("/dev/full").st_mode):
                fail("the symlink to the device was replaced")
            if not stat.S_ISFIFO(os.lstat(fifo).st_mode):
                fail("the FIFO was replaced by a regular file")
            os.chmod(out, 0o600)
            export(t, "u", out)
            t.wait_for("exists. Overwrite?")
            t.keys("y")
            t.wait_for("wrote %d items as uuids" % len(alls))
            mode = stat.S_IMODE(os.lstat(out).st_mode)
            if mode != 0o600:
                fail("overwriting a mode-600 file left mode %o" % mode)
            link = os.path.join(tmp, "link.txt")
            os.symlink(out, link)
            export(t, "u", link)
            t.wait_for("exists. Overwrite?")
            t.keys("y")
            t.wait_for("wrote %d items as uuids" % len(alls))
            if not os.path.islink(link) or \
                    stat.S_IMODE(os.lstat(out).st_mode) != 0o600:
                fail("export through a symlink replaced the link or the mode")
            print("ok - a device or FIFO is refused, a replaced file keeps "
                  "its mode 600, a symlink is kept")

            # Esc typed while the export runs cancels it: no file, the
            # old one kept. Keys typed meanwhile are dropped, not replayed
            # afterwards (here "c", which would clear the query).
            gone = os.path.join(tmp, "cancelled.jsonl")
            t.keys("e")
            t.wait_for("Export as")
            t.keys("j")
            t.wait_for("Export to file:")
            t.keys("C-u")
            t.text(gone)
            t.keys("Enter", "Escape")
            s = t.wait_for("export cancelled after")
            if os.path.exists(gone) or any(n.startswith("cancelled.jsonl")
                                           for n in os.listdir(tmp)):
                fail("a cancelled export left a file", s)
            t.keys("/")
            t.text("type:Jeans")
            t.keys("Enter")
            t.wait(lambda s: "no filters" not in s, "a query")
            t.keys("e")
            t.wait_for("Export as")
            t.keys("u")
            t.wait_for("Export to file:")
            t.keys("C-u")
            t.text(os.path.join(tmp, "typed2.txt"))
            t.keys("Enter", "c")
            s = t.wait_for("as uuids")
            time.sleep(0.5)
            s = t.screen()
            if "no filters" in s:
                fail("a key typed during the export was replayed after it", s)
            print("ok - Esc cancels a running export (no file); keys typed "
                  "meanwhile are dropped")

            # Esc cancels; a file in a missing directory is an error.
            t.keys("e")
            t.wait_for("Export as")
            t.keys("Escape")
            t.wait_for("export cancelled")
            export(t, "u", os.path.join(tmp, "no", "such", "dir.txt"))
            t.wait_for("export failed")
            print("ok - cancel and failure reported")
            t.keys("q")
            t.wait_exit()
        finally:
            t.kill()
    print("all export tests passed")


if __name__ == "__main__":
    main()
