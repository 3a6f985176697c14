#!/usr/bin/env python3
"""Hostile files and paths (issue 12): what rummage may replace, damaged
and crafted index files, photos that are FIFOs, huge or outside the image
root, raw bytes from the data or the command line, full disks and the
numbers a build reports. Each case drives build/rummage as a user would
and checks what a user sees: exit codes, messages, files left intact.

    RUMMAGE=build/rummage python3 tests/hostile/test_files.py [CASE...]
"""

import json
import os
import random
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import cli  # noqa: E402
from cli import fail  # noqa: E402

DAMAGED = "the index is damaged or truncated"
REBUILD = "rebuild it with rummage index"
RAW = [b"\x1b", b"\x07", b"\xc2\x9b", b"\xc2\x9d", b"\xc2\x9c", b"\xc2\x85",
       b"\xe2\x80\xae", b"\xe2\x80\xa8", b"\xe2\x80\x8b"]

RECORDS = [
    {"uuid": "a1", "timestamp": "2024-03-27T13:41:53.182Z", "brands": ["BDG"],
     "productTypes": ["Jeans"], "colors": ["blue"], "sizes": ["W31"],
     "images": [{"labels": [{"name": "Jeans", "confidence": 99.9}],
                 "text": [{"text": "BDG", "confidence": 100}]}]},
    {"uuid": "b2", "timestamp": "2023-12-31T23:59:59+01:00", "brands": ["Zara"],
     "productTypes": ["Dress"], "colors": ["black"],
     "images": [{"labels": [{"name": "Dress", "confidence": 80.25}]}]},
    {"uuid": "c3", "timestamp": "2024-02-29T00:00:00Z", "brands": ["Levi's"]},
]


def write_records(d, recs, name="part-00000.json"):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        for r in recs:
            f.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
    open(os.path.join(d, "_SUCCESS"), "w").close()
    return d


def build(tmp, name="x.db", recs=RECORDS, thumbs=False, extra=()):
    d = write_records(os.path.join(tmp, name + "-recs"), recs)
    db = os.path.join(tmp, name)
    args = ["index", "--db", db, "--quiet"] + ([] if thumbs else ["--no-thumbs"])
    p = cli.run(args + list(extra) + [d])
    if p.returncode != 0:
        fail("building %s: %s" % (name, p.stderr.decode(errors="replace")))
    return db


def no_signal(p, where):
    if p.returncode < 0:
        fail("%s: killed by signal %d" % (where, -p.returncode))
        return False
    return True


def expect_damaged(p, where):
    """Exit 1 and the damaged-index message, never a signal."""
    if not no_signal(p, where):
        return
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != 1 or DAMAGED not in err or "rummage index" not in err:
        fail("%s: exit %d, stderr %r; expected exit 1 and %r" %
             (where, p.returncode, err[-300:], DAMAGED))


def browse(db, frames=3, extra=(), timeout=60, graphics="none"):
    """rummage browse --max-frames on a pty (script(1)); CompletedProcess
    with the screen as stdout. script's stdin stays open and silent: at
    its end script would type ^D, a key that clears the status line."""
    cmd = " ".join(["'%s'" % cli.rummage_path(), "browse", "--db",
                    "'%s'" % db, "--max-frames", str(frames)] + list(extra))
    env = dict(os.environ, TERM="xterm-256color", RUMMAGE_GRAPHICS=graphics,
               XDG_CONFIG_HOME="/nonexistent", LANG="C.UTF-8",
               COLUMNS="240", LINES="40")   # long temporary paths fit
    fd, log = tempfile.mkstemp(prefix="rummage-browse-")
    os.close(fd)
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(["script", "-qec", cmd + " 2>'%s'" % log,
                              "/dev/null"], stdin=subprocess.PIPE,
                             stdout=out, env=env)
        try:
            rc = p.wait(timeout=timeout)
        finally:
            p.stdin.close()
            if p.poll() is None:
                p.kill()
                p.wait()
        out.seek(0)
        screen = out.read()
    with open(log, "rb") as f:
        err = f.read()
    os.unlink(log)
    # script(1) reports a child killed by signal N as 128 + N.
    return subprocess.CompletedProcess(cmd, -(rc - 128) if rc > 128 else rc,
                                       screen, err)


def every_reader(db, where):
    """info, info --check, query, query --json, stats and browse."""
    yield "info", cli.run(["info", "--db", db])
    yield "info --check", cli.run(["info", "--check", "--db", db])
    yield "query", cli.run(["query", "--db", db, ""])
    yield "query --json", cli.run(["query", "--db", db, "--json", "label:jeans"])
    yield "stats", cli.run(["stats", "--db", db])
    yield "browse", browse(db)


# ---- 1. data loss ----

def case_db_not_ours(tmp):
    """--db naming a text file, a FIFO, a device or a directory: refused."""
    recs = write_records(os.path.join(tmp, "recs"), RECORDS)
    notes = os.path.join(tmp, "notes.txt")
    with open(notes, "w") as f:
        f.write("x\n")
    fifo = os.path.join(tmp, "fifo.db")
    os.mkfifo(fifo)
    dev = os.path.join(tmp, "null.db")
    os.symlink("/dev/null", dev)     # a device, reached through a link
    d = os.path.join(tmp, "dir.db")
    os.mkdir(d)
    for path, why in ((notes, "not a rummage index"), (fifo, "a FIFO"),
                      (dev, "a device"), (d, "a directory")):
        p = cli.run(["index", "--no-thumbs", "--quiet", "--db", path, recs],
                    timeout=30)
        err = p.stderr.decode(errors="replace")
        if p.returncode != 1 or why not in err or "will not replace" not in err:
            fail("index --db %s: exit %d, %r" % (why, p.returncode, err))
    with open(notes, "rb") as f:
        if f.read() != b"x\n":
            fail("index --db notes.txt changed the notes")
    if not stat.S_ISFIFO(os.lstat(fifo).st_mode) or not os.path.isdir(d) \
            or os.readlink(dev) != "/dev/null" or \
            not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        fail("a refused --db was replaced")
    dang = os.path.join(tmp, "dangling.db")
    os.symlink(os.path.join(tmp, "nothing", "x.db"), dang)
    p = cli.run(["index", "--no-thumbs", "--quiet", "--db", dang, recs])
    if p.returncode != 1 or b"symbolic link to nothing" not in p.stderr:
        fail("index --db DANGLING_LINK: exit %d %r" % (p.returncode, p.stderr))


def case_db_symlink_and_mode(tmp):
    """A symlink to an index: the index is rebuilt, the link kept; a
    replaced index keeps its mode; stale temporaries are removed."""
    db = build(tmp, "real.db")
    os.chmod(db, 0o600)
    link = os.path.join(tmp, "link.db")
    os.symlink(db, link)
    # What a killed build leaves: files of a process that no longer runs.
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = [os.path.join(tmp, "real.db.rejects.tmp-%d" % dead.pid),
             os.path.join(tmp, ".real.db.tmp-%d" % dead.pid)]
    for s in stale:
        open(s, "w").close()
    mine = os.path.join(tmp, "real.db.rejects.tmp-%d" % os.getpid())
    open(mine, "w").close()
    recs = write_records(os.path.join(tmp, "recs2"), RECORDS[:2])
    p = cli.run(["index", "--no-thumbs", "--quiet", "--db", link, recs])
    if p.returncode != 0:
        fail("index --db LINK_TO_INDEX: %r" % p.stderr)
    if not os.path.islink(link) or os.readlink(link) != db:
        fail("the symlink to the index was replaced")
    if cli.info_json(db).get("items") != 2:
        fail("the index the link names was not rebuilt")
    if stat.S_IMODE(os.stat(db).st_mode) != 0o600:
        fail("the rebuilt index lost mode 600: %o" % os.stat(db).st_mode)
    for s in stale:
        if os.path.exists(s):
            fail("stale %s left behind" % os.path.basename(s))
    if not os.path.exists(mine):
        fail("a running process's temporary file was removed")


# ---- 2. crashes and hangs ----

def damaged_copies(tmp, good):
    data = open(good, "rb").read()
    page = 4096
    out = {"empty": b"", "8k": data[:8192], "half": data[:len(data) // 2],
           "all but the last page": data[:len(data) - page]}
    # Byte flips where the catalog must notice: the meta pages' sizes.
    meta = bytearray(data)
    struct.pack_into("<Q", meta, 16 + 120, 1 << 40)   # last_pg of meta 0
    struct.pack_into("<Q", meta, page + 16 + 120, 1 << 40)
    out["meta: pages past the end"] = bytes(meta)
    psz = bytearray(data)
    struct.pack_into("<I", psz, page + 16 + 24, 3147264)
    out["meta 1: another page size"] = bytes(psz)
    # A node's flags in an item page: LMDB would follow them into a NULL
    # sub-cursor (SEGV); info --check names it, the fault guard the rest.
    nf = bytearray(data)
    for pg in range(2, len(nf) // page):
        pgno, _, flags, lower, _ = struct.unpack_from("<QHHHH", nf, pg * page)
        if pgno != pg or flags != 2 or lower < 20:
            continue
        p0 = pg * page + struct.unpack_from("<H", nf, pg * page + 16)[0]
        if struct.unpack_from("<HH", nf, p0 + 4) == (0, 4):
            struct.pack_into("<H", nf, p0 + 4, 4)   # F_DUPDATA
            out["item page: node flags"] = bytes(nf)
            break
    rnd = random.Random(12)
    for k in range(6):
        b = bytearray(data)
        for _ in range(rnd.choice([1, 8, 64])):
            i = rnd.randrange(2 * page, len(b))
            b[i] ^= 1 << rnd.randrange(8)
        out["random flips %d" % k] = bytes(b)
    paths = {}
    for name, blob in out.items():
        p = os.path.join(tmp, "d-%s.db" % name.replace(" ", "-").replace(":", ""))
        with open(p, "wb") as f:
            f.write(blob)
        paths[name] = p
    return paths


def case_damaged(tmp):
    """Truncated, empty and byte-flipped files: exit 1 with the damaged
    message from info, query, stats and browse, never a signal."""
    recs = os.path.join(tmp, "gen")
    p = cli.run(["gen", "--format", "records", "--items", "40", "--seed", "4",
                 recs])
    if p.returncode != 0:
        fail("gen: %r" % p.stderr)
        return
    good = os.path.join(tmp, "good.db")
    p = cli.run(["index", "--quiet", "--db", good, recs])
    if p.returncode != 0:
        fail("index: %r" % p.stderr)
        return
    for what, p in every_reader(good, "good"):
        if p.returncode != 0:
            fail("%s on a sound index: exit %d %r" % (what, p.returncode,
                                                      p.stderr[-200:]))
    copies = damaged_copies(tmp, good)
    if "item page: node flags" not in copies:
        fail("no item page found to damage")
    for name, path in copies.items():
        for what, p in every_reader(path, name):
            where = "%s on %s" % (what, name)
            if name.startswith("random") or (name.startswith("item page")
                                             and what not in ("query",
                                                              "info --check")):
                # A flip may hit a thumbnail: then it reads fine (or info
                # --check alone sees it); never a signal, never a raw code.
                if no_signal(p, where) and p.returncode not in (0, 1):
                    fail("%s: exit %d" % (where, p.returncode))
                if p.returncode == 1 and DAMAGED.encode() not in p.stderr \
                        and b"not a rummage index" not in p.stderr:
                    fail("%s: %r" % (where, p.stderr[-300:]))
            else:
                expect_damaged(p, where)


def mdb_pairs(db, table):
    out = subprocess.run(["mdb_dump", "-n", "-s", table, db],
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    lines = out.split("\n")
    body = lines[lines.index("HEADER=END") + 1:lines.index("DATA=END")]
    return [(bytes.fromhex(body[i].strip()), bytes.fromhex(body[i + 1].strip()))
            for i in range(0, len(body), 2)]


def mdb_put(db, table, pairs):
    text = ["VERSION=3", "format=bytevalue", "type=btree", "HEADER=END"]
    for k, v in pairs:
        text += [" " + k.hex(), " " + v.hex()]
    text.append("DATA=END")
    subprocess.run(["mdb_load", "-n", "-s", table, db],
                   input=("\n".join(text) + "\n").encode(), check=True)
    for lock in (db + "-lock",):
        if os.path.exists(lock):
            os.unlink(lock)


def case_crafted(tmp):
    """Sizes, counts and ids from the file are checked before use."""
    base = build(tmp, "base.db")
    # A uuid entry past the item count: was SEGV in facets_tally.
    db = os.path.join(tmp, "uuid.db")
    shutil.copy(base, db)
    mdb_put(db, "uuids", [(b"a1", struct.pack("<I", 0xFFFFFF00))])
    expect_damaged(cli.run(["query", "--db", db, "uuid:a1"]), "query uuid:X")
    # The browser says so on its screen (its status line) and goes on.
    p = browse(db, frames=40, extra=["--query", "uuid:a1"])
    if no_signal(p, "browse uuid:X") and (p.returncode not in (0, 1) or
                                          b"damaged" not in p.stdout + p.stderr):
        fail("browse uuid:X: exit %d, no damage reported" % p.returncode)
    expect_damaged(cli.run(["info", "--check", "--db", db]), "info --check uuid")
    # Huge dict_sizes: was 15.6 GB and a minute per query.
    db = os.path.join(tmp, "dict.db")
    shutil.copy(base, db)
    info = json.loads(dict(mdb_pairs(db, "meta"))[b"info"])
    info["dict_sizes"] = [1 << 40] * len(info["dict_sizes"])
    mdb_put(db, "meta", [(b"info", json.dumps(info).encode())])
    t0 = time.time()
    expect_damaged(cli.run(["query", "--db", db, ""], timeout=60), "dict_sizes")
    if time.time() - t0 > 10:
        fail("huge dict_sizes: %.1f s to refuse" % (time.time() - t0))
    # An item record that cannot be decoded: was "3 items", no rows, exit 0.
    # (query --json lists uuids from their own column, reading no record:
    # the readers of records are the table, jsonl and info --check.)
    db = os.path.join(tmp, "rec.db")
    shutil.copy(base, db)
    k, v = mdb_pairs(db, "items")[0]
    mdb_put(db, "items", [(k, v[:6] + bytes(len(v) - 6))])
    for args in (["query"], ["query", "--format", "jsonl"]):
        expect_damaged(cli.run(args + ["--db", db, ""]), " ".join(args) +
                       " with a bad record")
    expect_damaged(cli.run(["info", "--check", "--db", db]), "info --check rec")
    # Extreme timestamps: was a UBSan overflow in chart.c.
    db = os.path.join(tmp, "ts.db")
    shutil.copy(base, db)
    mdb_put(db, "columns", [(b"ts", struct.pack("<3q", 2**63 - 1, 0, -2**63))])
    for what, p in every_reader(db, "ts"):
        no_signal(p, "%s with extreme timestamps" % what)
        if what == "info --check":
            expect_damaged(p, "info --check with extreme timestamps")
        elif p.returncode not in (0, 1):
            fail("%s with extreme timestamps: exit %d %r" %
                 (what, p.returncode, p.stderr[-300:]))


def jpeg(path, w=64, h=48, progressive=False):
    args = ["convert", "-size", "%dx%d" % (w, h), "xc:red"]
    if progressive:
        args += ["-interlace", "JPEG"]
    subprocess.run(args + [path], check=True)


def case_photos(tmp):
    """FIFO photos do not block; huge progressive JPEGs are refused; photo
    paths stay inside the image root; the accounting adds up."""
    root = os.path.join(tmp, "root")
    os.makedirs(os.path.join(root, "img"))
    outside = os.path.join(tmp, "outside")
    os.makedirs(outside)
    jpeg(os.path.join(root, "img", "ok.jpg"))
    jpeg(os.path.join(outside, "secret.jpg"))
    os.mkfifo(os.path.join(root, "img", "fifo.jpg"))
    os.symlink(os.path.join(outside, "secret.jpg"),
               os.path.join(root, "img", "link.jpg"))
    # A 10000x10000 progressive JPEG header (the data is tiny): 300 MB of
    # coefficients to decode.
    small = os.path.join(tmp, "p.jpg")
    jpeg(small, progressive=True)
    data = bytearray(open(small, "rb").read())
    i = data.index(b"\xff\xc2")
    struct.pack_into(">HH", data, i + 5, 10000, 10000)
    with open(os.path.join(root, "img", "huge.jpg"), "wb") as f:
        f.write(data)

    def item(uuid, paths):
        return {"uuid": uuid, "timestamp": "2024-01-01T00:00:00Z",
                "images": [{"path": p} for p in paths]}
    recs = [item("good", ["img/ok.jpg"]),
            item("fifo", ["img/fifo.jpg"]),
            item("huge", ["img/huge.jpg"]),
            item("dotdot", ["../outside/secret.jpg", "img/../../outside/nothing.jpg"]),
            item("abs", [os.path.join(outside, "secret.jpg"), "/etc/shadow"]),
            item("link", ["img/link.jpg"]),
            item("many", ["img/none-%d.jpg" % k for k in range(300)])]
    d = write_records(os.path.join(root, "recs"), recs)
    db = os.path.join(tmp, "photos.db")
    p = cli.run(["index", "--db", db, "--image-root", root, "--threads", "2", d],
                timeout=60)
    out = p.stdout.decode(errors="replace")
    if p.returncode != 0:
        fail("index with hostile photos: exit %d %r" % (p.returncode, p.stderr))
        return
    a = cli.info_json(db)["accounting"]
    total = a["thumbs"] + a["photos_missing"] + a["photos_corrupt"] + \
        a.get("photos_skipped", 0)
    if a["photos"] != 308 or total != a["photos"] or a["thumbs"] != 1 or \
            a.get("photos_skipped") != 44:
        fail("accounting does not add up: %r" % a)
    if "44 past an item's 256th" not in out:
        fail("the summary does not account for photos past the 256th: %r" % out)
    rej = open(db + ".rejects", encoding="utf-8").read()
    if "not a regular file" not in rej:
        fail("the FIFO photo is not reported: %r" % rej)
    if "would need more than" not in rej:
        fail("the huge progressive JPEG is not reported")
    for n in range(2):
        if rej.count("photo %d of item dotdot: photo outside the image root" % n) != 1:
            fail("photo %d of dotdot: not refused as outside the root" % n)
    # The existing and the missing file outside the root read the same.
    if "photo 0 of item abs: photo outside the image root" not in rej or \
            "photo 1 of item abs: photo outside the image root" not in rej:
        fail("absolute paths outside the root are not refused: %r" % rej)
    if "photo 0 of item link: photo outside the image root (through a symbolic" \
            not in rej:
        fail("a symlink out of the root is followed")
    # z on the FIFO photo in the browser: refused at once, no freeze.
    try:
        p = browse(db, frames=5, graphics="blocks", timeout=30,
                   extra=["--item", "fifo", "--script", "z"])
        if not no_signal(p, "browse z on a FIFO") or \
                b"not a regular file" not in p.stdout:
            fail("browse z on a FIFO photo: exit %d, no 'not a regular file'"
                 % p.returncode)
    except subprocess.TimeoutExpired:
        fail("z on a FIFO photo freezes the browser")
    # Under a root that holds them, absolute paths are fine (--image-root).
    d2 = write_records(os.path.join(tmp, "recs-abs"),
                       [item("abs2", [os.path.join(outside, "secret.jpg")])])
    db2 = os.path.join(tmp, "abs.db")
    p = cli.run(["index", "--quiet", "--db", db2, "--image-root", outside, d2])
    if p.returncode != 0 or cli.info_json(db2)["accounting"]["thumbs"] != 1:
        fail("an absolute path under --image-root was not used")


def case_many_labels(tmp):
    """One photo with 300k distinct labels: linear, not quadratic."""
    labels = [{"name": "L%06d" % i, "confidence": 90.0} for i in range(300000)]
    labels += [{"name": "L000007", "confidence": 99.5}]   # a duplicate
    recs = [{"uuid": "big", "timestamp": "2024-01-01T00:00:00Z",
             "brands": ["X"], "images": [{"labels": labels}]}]
    t0 = time.time()
    db = build(tmp, "labels.db", recs)
    t1 = time.time()
    status, got, err = cli.query_json(db, "", facet_limit=3)
    t2 = time.time()
    if status != 0:
        fail("query over 300k labels: %r" % err)
        return
    if t1 - t0 > 20 or t2 - t1 > 20:
        fail("300k labels: index %.1f s, query %.1f s" % (t1 - t0, t2 - t1))
    p = cli.run(["query", "--db", db, "label:L000007"])
    if p.returncode != 0 or b"1 item" not in p.stdout:
        fail("label:L000007 after dedup: %r" % p.stdout[:200])
    t3 = time.time()
    p = browse(db, frames=2, timeout=60)
    if p.returncode != 0 or time.time() - t3 > 20:
        fail("browse over 300k labels: exit %d in %.1f s" %
             (p.returncode, time.time() - t3))


# ---- 4. nothing raw from the data ----

def case_raw(tmp):
    """Rejects, errors, --db paths, options and JSON stay terminal-safe."""
    osc52 = "A\u001b]52;c;SGVsbG8=\u0007"
    # One photo exists, so the two missing ones are each listed (with none
    # found at all, one line would say so instead, naming no photo path).
    recs = [{"uuid": "p1", "timestamp": "2024-01-01T00:00:00Z",
             "images": [{"path": osc52}, {"path": "x\n/forged:1: fake"},
                        {"path": "ok.jpg"}]},
            '{"uuid": "q1", "timestamp": \x1b]0;X\x07}',
            {"uuid": "j1", "timestamp": "2024-01-02T00:00:00Z",
             "brands": ["Za\u200bra\u009b\u009d\u009c\u0085\u202e\u2028"]}]
    d = write_records(os.path.join(tmp, "raw-recs"), recs)
    jpeg(os.path.join(d, "ok.jpg"))
    db = os.path.join(tmp, "raw.db")
    p = cli.run(["index", "--db", db, d])
    if p.returncode != 0:
        fail("index raw: %r" % p.stderr)
        return
    rej = open(db + ".rejects", "rb").read()
    for bad in RAW[:2]:
        if bad in rej:
            fail("raw %r in the rejects file: %r" % (bad, rej))
    lines = rej.decode().strip().split("\n")
    if len(lines) != 3 or any(":" not in ln for ln in lines):
        fail("rejects lines forged or lost: %r" % lines)
    # --json: the same strings, escaped, even to a terminal.
    p = cli.run(["query", "--db", db, "--json", "uuid:j1"])
    for bad in RAW:
        if bad in p.stdout:
            fail("query --json writes raw %r" % bad)
    got = json.loads(p.stdout)
    if list(got["facets"]["brand"]) != [recs[2]["brands"][0]]:
        fail("query --json changed the brand: %r" % got["facets"]["brand"])
    # The table marks the zero-width space.
    p = cli.run(["query", "--db", db, "uuid:j1"], env=dict(os.environ,
                LANG="C.UTF-8", LC_ALL="C.UTF-8"))
    if b"Za\\u{200B}ra" not in p.stdout:
        fail("zero-width space not marked: %r" % p.stdout)
    # Errors quoting the query, --db, options and invalid UTF-8.
    for args in (["query", "--db", db, "date:\x1b]0;X\x07"],
                 ["query", "--db", db, "brand:\"\x1b[2J"],
                 ["query", "--db", os.path.join(tmp, "n\x1b]0;X\x07.db"), ""],
                 ["query", "--db", db, "--\x1b[2Jx", ""],
                 ["info", "--\x1b[2J"],
                 ["query", "--db", db.encode() + b"\xff\xfe", "x"],
                 ["query", "--db", db, b"date:\xff\xfe"],
                 ["index", "--db", os.path.join(tmp, "i\x1b]0;X\x07.db"),
                  "--no-thumbs", d],
                 ["index", "--db", os.path.join(tmp, "j.db"), "--no-thumbs",
                  os.path.join(tmp, "no\x1b]0;X\x07dir")]):
        p = cli.run(args)
        for stream in (p.stdout, p.stderr):
            for bad in RAW[:2] + [b"\xff"]:
                if bad in stream:
                    fail("%r prints raw %r: %r" % (args, bad, stream[-200:]))


# ---- 5. messages and numbers ----

def case_full_disk(tmp):
    """A full disk: 'no space left on device', the old index intact."""
    small = os.path.join(tmp, "small")
    os.mkdir(small)
    recs = os.path.join(tmp, "big-recs")
    p = cli.run(["gen", "--format", "records", "--items", "60", "--seed", "5",
                 recs])
    if p.returncode != 0:
        fail("gen: %r" % p.stderr)
        return
    old = build(tmp, "old.db")
    script = ("mount -t tmpfs -o size=512k tmpfs '%s' && cp '%s' '%s/x.db' && "
              "'%s' index --quiet --db '%s/x.db' '%s'; echo \"rc=$?\"; "
              "'%s' info --json --db '%s/x.db'" %
              (small, old, small, cli.rummage_path(), small, recs,
               cli.rummage_path(), small))
    # A private mount namespace (unshare -rm works without root too).
    p = subprocess.run(["unshare", "-rm", "sh", "-c", script],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    out, err = p.stdout.decode(), p.stderr.decode()
    if "rc=1" not in out or "no space left on device" not in err or \
            "Input/output error" in err:
        fail("full disk: %r %r" % (out[-300:], err[-300:]))
    elif '"items":3' not in out:
        fail("full disk: the old index is not intact: %r" % out[-300:])


def case_timestamps(tmp):
    """Years 0000-9999 in UTC: rejected outside, shown right inside."""
    recs = [{"uuid": "late", "timestamp": "9999-12-31T23:59:59.999-23:59"},
            {"uuid": "last", "timestamp": "9999-12-31T23:59:59.999Z"},
            {"uuid": "first", "timestamp": "0000-01-01T00:00:00+00:00"}]
    d = write_records(os.path.join(tmp, "ts-recs"), recs)
    db = os.path.join(tmp, "ts.db")
    p = cli.run(["index", "--quiet", "--no-thumbs", "--db", db, d])
    if p.returncode != 0:
        fail("index timestamps: %r" % p.stderr)
        return
    rej = open(db + ".rejects", encoding="utf-8").read()
    if ":1: timestamp:" not in rej or "9999 UTC" not in rej:
        fail("9999-12-31T23:59:59.999-23:59 not rejected: %r" % rej)
    p = cli.run(["query", "--db", db, "date:9999"])
    if b"9999-12-31 23:59:59" not in p.stdout or b"1 item" not in p.stdout:
        fail("date:9999: %r" % p.stdout)
    p = cli.run(["info", "--json", "--db", db])
    info = json.loads(p.stdout)
    if info.get("last") != "9999-12-31T23:59:59.999Z" or \
            info.get("first") != "0000-01-01T00:00:00.000Z":
        fail("first/last: %r %r" % (info.get("first"), info.get("last")))
    p = cli.run(["stats", "--db", db])
    no_signal(p, "stats over years 0000 and 9999")


def case_settings(tmp):
    """A config that is a directory, a theme that is a FIFO: errors."""
    db = build(tmp, "cfg.db")
    cfg = os.path.join(tmp, "xdg")
    os.makedirs(os.path.join(cfg, "rummage", "config"))
    env = dict(os.environ, XDG_CONFIG_HOME=cfg)
    p = cli.run(["browse", "--db", db, "--max-frames", "1"], env=env,
                stdin=subprocess.DEVNULL, timeout=20)
    if p.returncode != 2 or b"not a regular file (a directory)" not in p.stderr:
        fail("config directory: exit %d %r" % (p.returncode, p.stderr))
    fifo = os.path.join(tmp, "t.theme")
    os.mkfifo(fifo)
    try:
        p = cli.run(["browse", "--db", db, "--theme", fifo, "--max-frames", "1"],
                    stdin=subprocess.DEVNULL, timeout=20)
    except subprocess.TimeoutExpired:
        fail("a FIFO theme hangs the browser")
        return
    if p.returncode != 2 or b"not a regular file (a FIFO)" not in p.stderr:
        fail("FIFO theme: exit %d %r" % (p.returncode, p.stderr))


CASES = [case_db_not_ours, case_db_symlink_and_mode, case_damaged,
         case_crafted, case_photos, case_many_labels, case_raw,
         case_full_disk, case_timestamps, case_settings]


def main():
    only = sys.argv[1:]
    for case in CASES:
        if only and case.__name__[5:] not in only:
            continue
        tmp = tempfile.mkdtemp(prefix="rummage-hostile-files-")
        before = len(cli.failures)
        try:
            case(tmp)
        except Exception as e:   # a broken expectation is a failure too
            fail("%s raised %s: %s" % (case.__name__, type(e).__name__, e))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print("%s - %s" % ("ok" if len(cli.failures) == before else "FAIL",
                           case.__doc__.split("\n")[0]), flush=True)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
