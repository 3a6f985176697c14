#!/usr/bin/env python3
"""Crash safety of `rummage index` (issue 2 §3, §5), from the outside.

  kill        SIGKILL the indexer in the middle of a rebuild, at several
              points (early, half-way, after reading all input), then query
              the previous index: it answers exactly as before. A rebuild that
              cannot read its input (a missing directory, a truncated gzip
              part) fails without touching the index either.
              Finally a full rebuild succeeds over whatever the kills left.
  concurrent  query the index again and again while it is being rebuilt:
              every answer is the old index's or the new one's, never an
              error; afterwards the new one's.

Answers are checked against the reference implementation, not against
timing. `mid-build` is established by watching how much input the indexer
has read (/proc/PID/io), then confirming it was still running when killed.

    RUMMAGE=build/rummage python3 tests/crash/run_crash.py kill|concurrent|all
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import cli          # noqa: E402
import gen          # noqa: E402
import reference    # noqa: E402
from reference import fold  # noqa: E402

QUERIES = ["", "brand:zara", "label:Denim -color:black", "type:Jeans type:Dress"]
from cli import fail, failures  # noqa: E402


def expected(ds):
    """{query: (total, items, facets)} the reference gives for ds."""
    out = {}
    for q in QUERIES:
        r = reference.run_query(ds, q)
        out[q] = (r["total"], r["items"], r["facets"])
    return out


def answer(db, q):
    """(status, (total, items, folded facets) or stderr) from rummage."""
    status, got, err = cli.query_json(db, q)
    if status != 0:
        return status, err.strip()
    got = dict(got)
    facets = {f: [(fold(k), c) for k, c in pairs] for f, pairs in dict(got["facets"]).items()}
    return 0, (got["total"], got["items"], facets)


def check_answers(db, want, label):
    for q in QUERIES:
        status, got = answer(db, q)
        if status != 0:
            fail("%s: query %r exit %d: %s" % (label, q, status, got))
        elif got != want[q]:
            fail("%s: query %r: total %r, expected %r (or items/facets differ)" % (
                label, q, got[0], want[q][0]))


def make_input(work, name, items, seed, copies):
    """A record directory: one generated set, its part files repeated
    `copies` times (the repeats are duplicates with equal timestamps and
    the same content, so the result equals one copy's)."""
    src = os.path.join(work, name + "-src")
    if not os.path.isdir(src):
        gen.generate(src, items, seed)
        # Plain files only, so bytes read == bytes of input.
        for f in os.listdir(src):
            if f.endswith(".gz"):
                import gzip
                with gzip.open(os.path.join(src, f)) as z, \
                        open(os.path.join(src, f[:-3]), "wb") as o:
                    o.write(z.read())
                os.unlink(os.path.join(src, f))
    d = os.path.join(work, "%s-x%d" % (name, copies))
    if not os.path.isdir(d):
        os.makedirs(d)
        parts = sorted(f for f in os.listdir(src) if f.startswith("part-"))
        for k in range(copies):
            for f in parts:
                os.link(os.path.join(src, f), os.path.join(d, "part-%03d-%s" % (k, f[5:])))
    size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    return src, d, size


def start_index(db, inputs):
    return subprocess.Popen([cli.rummage_path(), "index", "--db", db, "--no-thumbs",
                             "--quiet", inputs], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def bytes_read(pid):
    try:
        with open("/proc/%d/io" % pid) as f:
            for line in f:
                if line.startswith("rchar:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def kill_at(db, inputs, threshold):
    """Start a rebuild, SIGKILL it once it has read `threshold` bytes.
    True if it was killed while running, False if it finished first."""
    p = start_index(db, inputs)
    while p.poll() is None:
        n = bytes_read(p.pid)
        if n is not None and n >= threshold:
            break
        time.sleep(0.002)
    running = p.poll() is None
    if running:
        os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    p.stderr.close()
    return running


def test_kill(work):
    _, small, _ = make_input(work, "A", 300, 1, 1)
    db = os.path.join(work, "kill.db")
    p = cli.index(db, [small])
    if p.returncode != 0:
        fail("kill: first index exited %d" % p.returncode)
        return
    ds_a = reference.Dataset([small])
    want_a = expected(ds_a)
    check_answers(db, want_a, "kill: before")

    # Input that cannot be read: the build fails, the index stays.
    p = cli.index(db, [os.path.join(work, "no-such-dir")])
    if p.returncode == 0:
        fail("kill: index of a missing directory exited 0")
    check_answers(db, want_a, "kill: after a failed rebuild")
    # A gzip'd part cut short is input that cannot be read either.
    cut = os.path.join(work, "truncated-gz")
    os.makedirs(cut)
    import gzip
    with open(os.path.join(small, sorted(f for f in os.listdir(small)
                                         if f.startswith("part-"))[0]), "rb") as f:
        data = gzip.compress(f.read())
    with open(os.path.join(cut, "part-00000.json.gz"), "wb") as f:
        f.write(data[:len(data) // 2])
    p = cli.index(db, [cut])
    if p.returncode == 0:
        fail("kill: index of a truncated gzip part exited 0")
    check_answers(db, want_a, "kill: after a rebuild from a truncated gzip")

    copies, killed = 4, 0
    for attempt in range(4):
        src_b, big, size = make_input(work, "B", 4000, 2, copies)
        killed = 0
        for frac in (0.1, 0.5, 1.0):
            if kill_at(db, big, int(size * frac)):
                killed += 1
                print("kill: SIGKILLed after reading %d%% of %d bytes" % (frac * 100, size),
                      flush=True)
                check_answers(db, want_a, "kill: after SIGKILL at %d%%" % (frac * 100))
                try:
                    items = cli.info_json(db).get("items")
                except (AssertionError, ValueError) as e:
                    items = str(e)[:200]
                if items != len(ds_a.items):
                    fail("kill: info.items = %r after SIGKILL at %d%%, expected %d" % (
                        items, frac * 100, len(ds_a.items)))
        if killed >= 2:
            break
        copies *= 2    # the indexer was too quick to catch: more input
    if killed == 0:
        fail("kill: the indexer always finished before it could be killed")
        return

    # A rebuild over whatever the kills left behind works.
    p = cli.index(db, [big])
    if p.returncode != 0:
        fail("kill: rebuild after the kills exited %d: %s" % (
            p.returncode, p.stderr.decode(errors="replace")[:300]))
        return
    check_answers(db, expected(reference.Dataset([src_b])), "kill: after the rebuild")


def test_concurrent(work):
    _, small, _ = make_input(work, "A", 300, 1, 1)
    db = os.path.join(work, "conc.db")
    if cli.index(db, [small]).returncode != 0:
        fail("concurrent: first index failed")
        return
    want_a = expected(reference.Dataset([small]))
    copies = 4
    for attempt in range(4):
        src_b, big, _ = make_input(work, "B", 4000, 2, copies)
        want_b = expected(reference.Dataset([src_b]))
        p = start_index(db, big)
        during, seen_b = 0, False
        while p.poll() is None:
            for q in QUERIES:
                running = p.poll() is None
                status, got = answer(db, q)
                if status != 0:
                    fail("concurrent: query %r during the rebuild: exit %d: %s" % (
                        q, status, got))
                    continue
                if got == want_b[q]:
                    seen_b = True
                elif got == want_a[q]:
                    if seen_b:
                        fail("concurrent: query %r went back to the old index" % q)
                else:
                    fail("concurrent: query %r during the rebuild: neither old nor new "
                         "answer (total %r)" % (q, got[0]))
                if running and p.poll() is None:
                    during += 1
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
        if p.returncode != 0:
            fail("concurrent: the rebuild exited %d: %s" % (p.returncode, err[:300]))
            return
        check_answers(db, want_b, "concurrent: after the rebuild")
        if during >= 3:
            print("concurrent: %d queries answered while the index was rebuilt" % during)
            return
        copies *= 2
        # Back to A for the next, longer try.
        if cli.index(db, [small]).returncode != 0:
            fail("concurrent: re-index of A failed")
            return
    fail("concurrent: the rebuild was always too quick to query during it")


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    work = tempfile.mkdtemp(prefix="rummage-crash-")
    try:
        if what in ("kill", "all"):
            test_kill(work)
        if what in ("concurrent", "all"):
            test_concurrent(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return cli.verdict()


if __name__ == "__main__":
    sys.exit(main())
