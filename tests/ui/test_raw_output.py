#!/usr/bin/env python3
"""The raw byte stream: the browser runs on a pseudo-terminal over an index
whose records hold hostile strings (ESC [ 2 J, an OSC 52 clipboard write,
BEL, C1 controls, bidi overrides), walks through every view, and every
byte it writes is checked: none of those sequences may appear raw, and
their visible escapes must (so the strings were shown, not dropped).
Run in a UTF-8 locale and in the C locale.

    tests/ui/test_raw_output.py [build/rummage]
"""

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import (TempDir, fail, make_index, record, rummage_path,  # noqa
                    write_records)

CLEAR = "\u001b[2JZAP"
OSC52 = "\u001b]52;c;SGVsbG8=\u0007"
BEL = "ding\u0007dong"
C1 = "\u009b31mCSI"
RLO = "\u202eRLOLABEL"
ISOLATE = "\u2066iso\u2069"
RED = "\u001b[31mRED"

# What must never reach the terminal, as bytes.
FORBIDDEN = [b"\x1b[2JZAP", b"\x1b]52", b"\x07", b"\xc2\x9b", b"\x1b[31mRED",
             b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\xe2\x81\xa9"]
# What must be visible instead (the sanitized forms), in a UTF-8 locale.
VISIBLE = [b"\\e[2JZAP", b"\\e]52;c;SGVsbG8=\\x07", b"ding\\x07dong",
           b"\\u{009B}31mCSI", b"\\u{202E}RLOLABEL"]


def hostile_records():
    recs = []
    # The hostile items are the newest: they are on the first screen.
    recs.append(record("hostile1", 300, CLEAR, ptype=BEL, color=C1,
                       size=RLO, labels=((RLO, 99.0), (OSC52, 90.0)),
                       texts=((RED, 99.0), (ISOLATE, 95.0), (OSC52, 80.0))))
    recs.append(record("hostile2", 299, OSC52, ptype=RLO, color=CLEAR,
                       size=C1, labels=((RLO, 98.0), (BEL, 97.0))))
    recs.append(record("hostile3", 298, C1 + "\u0085", ptype=RED,
                       color=ISOLATE, labels=((RLO, 97.0), (CLEAR, 60.0))))
    recs.append(record("hostile4", 297, RLO, ptype=OSC52, color=BEL,
                       labels=((RLO, 96.0),)))
    for i in range(30):
        recs.append(record("plain%02d" % i, i, "Brand%d" % (i % 4),
                           labels=((RLO, 91.0), ("Clothing", 95.0))))
    return recs


def run_on_pty(argv, env, rows=40, cols=120):
    """Run argv on a new pty of rows x cols; every byte it wrote."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ,
                struct.pack("HHHH", rows, cols, 0, 0))
    p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                         env=env, close_fds=True, start_new_session=True)
    os.close(slave)
    out = bytearray()
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            p.kill()
            fail("the browser wrote nothing for 60 s")
        try:
            data = os.read(master, 65536)
        except OSError:
            break                   # EIO: the child closed the pty
        if not data:
            break
        out += data
    status = p.wait(timeout=60)
    os.close(master)
    return status, bytes(out)


def check(out, utf8, what, visible=True):
    for seq in FORBIDDEN:
        at = out.find(seq)
        if at >= 0:
            fail("%s: raw %r at byte %d: ...%r..." %
                 (what, seq, at, out[max(0, at - 40):at + 40]))
    if utf8:
        try:
            text = out.decode("utf-8")
        except UnicodeDecodeError as e:
            fail("%s: invalid UTF-8 written at byte %d: %r" %
                 (what, e.start, out[max(0, e.start - 20):e.start + 20]))
        for ch in text:
            o = ord(ch)
            if 0x80 <= o <= 0x9f or o in (0x061c, 0x200e, 0x200f, 0x2028,
                                          0x2029) or \
                    0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069:
                fail("%s: raw U+%04X written" % (what, o))
        for seq in VISIBLE if visible else []:
            if seq not in out:
                fail("%s: the escaped form %r was never shown" % (what, seq))
    else:
        high = [b for b in out if b >= 0x80]
        if high:
            fail("%s: %d non-ASCII bytes in the C locale" % (what, len(high)))
        if b"\\e[2JZAP" not in out:
            fail("%s: the escaped brand was never shown" % what)
    print("ok - %s: %d bytes, nothing raw" % (what, len(out)))


# Every view: list and facets, detail, charts, each facet tab, selecting
# a hostile value (a chip with hostile text), the facet search, help, the
# query bar with the hostile query, export prompts, undo.
SCRIPT = ("<Enter>jjjn<Esc>v<Down><Down><PageDown>n<Esc>"
          "<Tab><Enter>l<Enter>l<Enter>l<Enter>l<Enter>l<Enter>"
          "/Z<Esc>x?<Esc>:<End> <Left><Enter>e<Esc>u<Tab><Enter>jq")


def main():
    with TempDir() as tmp:
        write_records(os.path.join(tmp, "records"), hostile_records())
        db = make_index(tmp, records=os.path.join(tmp, "records"))
        base = dict(os.environ, TERM="xterm-256color",
                    RUMMAGE_GRAPHICS="none", XDG_CONFIG_HOME="/nonexistent")
        for loc, utf8 in (("C.UTF-8", True), ("C", False)):
            env = dict(base, LANG=loc, LC_ALL=loc)
            for extra in ([], ["--item", "hostile1"]):
                status, out = run_on_pty([rummage_path(), "browse", "--db",
                                          db, "--script", SCRIPT] + extra,
                                         env)
                if status != 0:
                    fail("browse exited %d: %r" % (status, out[-2000:]))
                check(out, utf8, "browse %s %s" % (loc, " ".join(extra)))
            # The photo pane in blocks mode writes its own text too.
            env2 = dict(env, RUMMAGE_GRAPHICS="blocks")
            status, out = run_on_pty([rummage_path(), "browse", "--db", db,
                                      "--script", "<Enter>]]<Esc>q"], env2)
            if status != 0:
                fail("browse (blocks) exited %d" % status)
            check(out, utf8, "browse %s with the photo pane" % loc)
        # Smoke mode (htop's -n): draw, exit; plain `rummage` browses
        # $RUMMAGE_DB.
        env = dict(base, LANG="C.UTF-8", LC_ALL="C.UTF-8", RUMMAGE_DB=db)
        for argv in ([rummage_path(), "browse", "--db", db, "--max-frames",
                      "2"], [rummage_path(), "--max-frames", "1"]):
            status, out = run_on_pty(argv, env)
            if status != 0 or b"34 items" not in out:
                fail("%s: status %d, %r" % (" ".join(argv[1:]), status,
                                            out[-300:]))
            check(out, True, " ".join(argv[1:]), visible=False)
    print("all raw output tests passed")


if __name__ == "__main__":
    main()
