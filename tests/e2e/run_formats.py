#!/usr/bin/env python3
"""rummage query --format uuids|jsonl|csv against the reference and the
records themselves: every match streamed (unless --limit), in result
order; jsonl lines equal as JSON to the source lines; csv per RFC 4180
(read back with Python's csv module) with --fields; the bad-argument
exits; and jsonl on a terminal escapes what a terminal would obey while
staying equal as JSON.

Standard library only. $RUMMAGE names the binary (default build/rummage).
"""
import csv
import gzip
import io
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))

import cli          # noqa: E402
import gen          # noqa: E402
import reference    # noqa: E402
from cli import fail  # noqa: E402

QUERIES = ["", "brand:zara", "type:Jeans -color:black", "label:Clothing>=90",
           "brands:zara -brand:zara", "ocr:brand", "hour:22..5", "nosuchvalue"]


def source_lines(recs):
    """{uuid: decoded record} of the newest record per uuid."""
    out = {}
    for name in sorted(os.listdir(recs)):
        if not name.startswith("part-"):
            continue
        path = os.path.join(recs, name)
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rb") as f:
            for line in f:
                if line.strip():
                    try:
                        o = json.loads(line.decode("utf-8-sig"))
                    except ValueError:   # also UnicodeDecodeError
                        continue
                    if isinstance(o, dict) and isinstance(o.get("uuid"), str):
                        out.setdefault(o["uuid"], []).append(o)
    return out


def query(db, fmt, text, extra=()):
    args = ["query", "--db", db, "--format", fmt] + list(extra)
    args += ["--", text] if text.startswith("-") else [text]
    return cli.run(args)


def check_formats(ds, db, src):
    for text in QUERIES:
        want = reference.run_query(ds, text, limit=10**9)["items"]
        p = query(db, "uuids", text)
        got = p.stdout.decode().split("\n")
        if p.returncode != 0 or got[-1] != "" or got[:-1] != want:
            fail("uuids %r: exit %d, %d uuids, expected %d in order" % (
                text, p.returncode, len(got) - 1, len(want)))
        p = query(db, "uuids", text, ["--limit", "3"])
        if p.stdout.decode().split() != want[:3]:
            fail("uuids %r --limit 3: %r" % (text, p.stdout[:200]))
        p = query(db, "jsonl", text)
        lines = p.stdout.decode("utf-8").split("\n")
        if p.returncode != 0 or lines[-1] != "" or len(lines) - 1 != len(want):
            fail("jsonl %r: exit %d, %d lines, expected %d" % (
                text, p.returncode, len(lines) - 1, len(want)))
        for line, uuid in zip(lines, want):
            rec = json.loads(line)
            if rec.get("uuid") != uuid or rec not in src.get(uuid, []):
                fail("jsonl %r: the line of %s is not a source record" % (text, uuid))
                break
        p = query(db, "csv", text, ["--fields", "uuid,timestamp,brand,type,photos"])
        rows = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
        if p.returncode != 0 or not rows or rows[0] != ["uuid", "timestamp", "brand",
                                                         "type", "photos"]:
            fail("csv %r: exit %d, header %r" % (text, p.returncode, rows[:1]))
            continue
        if b"\r\n" not in p.stdout and len(rows) > 1:
            fail("csv %r: rows not ended by CRLF (RFC 4180)" % text)
        if [r[0] for r in rows[1:]] != want:
            fail("csv %r: %d rows, expected %d in order" % (text, len(rows) - 1, len(want)))
        by_uuid = {it["uuid"]: it for it in ds.items}
        for r in rows[1:]:
            it = by_uuid.get(r[0])
            if it is None:
                continue
            exp = [it["uuid"], None, it["top"]["brand"] or "", it["top"]["type"] or "",
                   str(it["photos"])]
            if r[2:] != exp[2:] or cli.iso_to_ms(r[1]) != it["ts"]:
                fail("csv %r: row %r, expected brand/type/photos %r at %d" % (
                    text, r, exp[2:], it["ts"]))
                break


def check_limit_zero(ds, db):
    """--limit 0, as --help says: lists no item; the total and the facets
    still count every match."""
    text = "type:Jeans"
    want = reference.run_query(ds, text, limit=10**9)
    p = query(db, "json", text, ["--limit", "0"])
    got = json.loads(p.stdout)
    if got["items"] != [] or got["total"] != len(want["items"]) or \
            got["facets"]["type"] != {"Jeans": len(want["items"])}:
        fail("json --limit 0: %r" % p.stdout[:300])
    p = query(db, "table", text, ["--limit", "0"])
    out = p.stdout.decode()
    if not out.startswith("%d items\n" % len(want["items"])) or \
            any(u in out for u in want["items"]) or "Jeans %d" % len(want["items"]) not in out:
        fail("table --limit 0: %r" % out[:300])
    for fmt, expect in (("uuids", b""), ("jsonl", b"")):
        p = query(db, fmt, text, ["--limit", "0"])
        if p.returncode != 0 or p.stdout != expect:
            fail("%s --limit 0: %r" % (fmt, p.stdout[:200]))
    p = query(db, "csv", text, ["--limit", "0", "--fields", "uuid,brand"])
    if p.returncode != 0 or p.stdout != b"uuid,brand\r\n":
        fail("csv --limit 0: %r" % p.stdout[:200])
    h = cli.run(["query", "--help"]).stdout.decode()
    if "0 lists" not in h:
        fail("query --help does not say what --limit 0 does")


def check_errors(db):
    for args in (["--format", "xml"], ["--format"], ["--fields", "uuid"],
                 ["--format", "csv", "--fields", "uuid,nosuch"],
                 ["--format", "csv", "--fields", "brands"],
                 ["--format", "csv", "--fields", ""]):
        p = cli.run(["query", "--db", db] + args + ["brand:zara"])
        if p.returncode != 2 or not p.stderr.strip():
            fail("query %r: exit %d, expected 2 with a message" % (args, p.returncode))
    # --json stays an alias of --format json.
    a = cli.run(["query", "--db", db, "--json", "brand:zara"]).stdout
    b = cli.run(["query", "--db", db, "--format", "json", "brand:zara"]).stdout
    if a != b or not a.startswith(b'{"total":'):
        fail("--json and --format json differ")


def on_tty(args):
    """stdout of rummage run on a pty (it then sees a terminal)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([cli.rummage_path()] + args, stdout=slave,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait(timeout=30)
    os.close(master)
    return out.replace(b"\r\n", b"\n")


def check_tty(work):
    """A record holding CSI (U+009B), RLO (U+202E) and a zero-width space."""
    recs = os.path.join(work, "hostile")
    os.makedirs(recs)
    rec = {"uuid": "h1", "timestamp": "2024-01-01T00:00:00Z",
           "brands": ["Za\u200bra\u009b2J"], "productTypes": ["\u202eJeans"]}
    with open(os.path.join(recs, "part-00000.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    db = os.path.join(work, "hostile.db")
    if cli.index(db, [recs]).returncode != 0:
        fail("index of the hostile record failed")
        return
    out = on_tty(["query", "--db", db, "--format", "jsonl", ""])
    for bad in ("\u009b", "\u202e", "\u200b"):
        if bad.encode() in out:
            fail("jsonl on a terminal wrote U+%04X raw" % ord(bad))
    try:
        if json.loads(out.decode("utf-8").strip()) != rec:
            fail("jsonl on a terminal is not equal as JSON: %r" % out[:200])
    except ValueError:
        fail("jsonl on a terminal is not JSON: %r" % out[:200])
    piped = cli.run(["query", "--db", db, "--format", "jsonl", ""]).stdout
    if json.loads(piped) != rec:
        fail("jsonl to a pipe is not the record")
    out = on_tty(["query", "--db", db, "--format", "csv", ""])
    if b"\xc2\x9b" in out or "\u202e".encode() in out:
        fail("csv on a terminal wrote a control raw: %r" % out[:200])


def main():
    work = tempfile.mkdtemp(prefix="rummage-formats-")
    try:
        recs = os.path.join(work, "records")
        gen.generate(recs, 1200, 5)
        db = os.path.join(work, "f.db")
        p = cli.index(db, [recs])
        if p.returncode != 0:
            fail("index exited %d: %s" % (p.returncode, p.stderr.decode(errors="replace")))
            return cli.verdict()
        ds = reference.Dataset([recs])
        check_formats(ds, db, source_lines(recs))
        check_errors(db)
        check_limit_zero(ds, db)
        check_tty(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
