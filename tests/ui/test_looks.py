#!/usr/bin/env python3
"""How the browser looks: colours from the theme, none with NO_COLOR,
ASCII glyphs with LANG=C, themes by name, wide (CJK) brand names keeping
the list's columns aligned.

    tests/ui/test_looks.py [build/rummage]
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import (Tmux, TempDir, display_width, fail, make_index,  # noqa
                    query_on, query_total, record, run, rummage_path,
                    total_on, write_records)

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
UTF8 = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "RUMMAGE_GRAPHICS": "none",
        "XDG_CONFIG_HOME": "/nonexistent", "TERM": "tmux-256color"}


def colour_params(screen):
    """The SGR parameters that set a colour."""
    found = []
    for m in SGR.finditer(screen):
        params = [p for p in re.split(r"[;:]", m.group(1)) if p]
        for p in params:
            n = int(p)
            if 30 <= n <= 38 or 40 <= n <= 48 or 90 <= n <= 97 or \
                    100 <= n <= 107:
                found.append(n)
    return found


def session(db, env, args=(), width=120, height=30, name="s"):
    t = Tmux(name)
    t.start([rummage_path(), "browse", "--db", db] + list(args), env=env,
            width=width, height=height)
    return t


def main():
    with TempDir() as tmp:
        brands = ["ユニクロ", "無印良品", "Chloé", "Comme des Garçons",
                  "이랜드", "Ａｐｒｉｌ", "Zara", "H&M", 'The "Kooples"',
                  "Back\\slash 'n' \"quote\""]
        recs = [record("item%03d" % i, i, brands[i % len(brands)],
                       labels=(("Clothing", 99.0), ("Denim", 40.0 + i)))
                for i in range(40)]
        write_records(os.path.join(tmp, "records"), recs)
        db = make_index(tmp, records=os.path.join(tmp, "records"))

        # Colours by default.
        t = session(db, UTF8, name="colour")
        try:
            t.wait_for(" items")
            s = t.screen(escapes=True)
            if not colour_params(s):
                fail("no colours with the default theme", s)
            print("ok - colours by default")
            # Wide names: the sidebar border stays in one column.
            plain = t.screen()
            cols = set()
            for line in plain.splitlines()[2:-1]:
                if "\u2502" in line:
                    cols.add(display_width(line[:line.index("\u2502")]))
            if len(cols) != 1:
                fail("the sidebar border moves with wide names: %r" % cols,
                     plain)
            # ... and the list's columns too: "size" column starts at the
            # same display column on every row.
            starts = set()
            header = plain.splitlines()[2]
            want = display_width(header[:header.rindex("size")])
            for line in plain.splitlines()[3:-1]:
                m = re.search(r"blue +M ", line)
                if m:
                    starts.add(display_width(line[:m.end() - 2]))
            if starts != {want}:
                fail("list columns misaligned with CJK names: %r vs %d" %
                     (starts, want), plain)
            print("ok - CJK names keep the columns aligned")
        finally:
            t.kill()

        # NO_COLOR: attributes only.
        env = dict(UTF8, NO_COLOR="1")
        t = session(db, env, name="nocolor")
        try:
            t.wait_for(" items")
            s = t.screen(escapes=True)
            if colour_params(s):
                fail("colours with NO_COLOR set: %r" % colour_params(s)[:5],
                     s)
            if "\x1b[7m" not in s and not re.search(r"\x1b\[[0-9;]*\b7m", s):
                fail("no reverse video with NO_COLOR (the bars)", s)
            print("ok - NO_COLOR")
        finally:
            t.kill()

        # LANG=C: ASCII only, '#' bars, '|' borders.
        env = dict(UTF8, LANG="C", LC_ALL="C")
        t = session(db, env, name="ascii")
        try:
            s = t.wait_for(" items")
            bad = sorted(set(ch for ch in s if ord(ch) > 126))
            if bad:
                fail("non-ASCII characters in a C locale: %r" % bad, s)
            if "|" not in s or "#" not in s:
                fail("no ASCII border or bars in a C locale", s)
            if "?" not in s:
                fail("CJK names are not shown as '?' in a C locale", s)
            print("ok - LANG=C ASCII glyphs")
        finally:
            t.kill()

        # Values with quotes and backslashes survive the round trip
        # through the query text: select, count, toggle off.
        t = session(db, UTF8, name="quotes")
        try:
            t.wait_for(" items")
            for needle, want in (("Koop", 'The "Kooples"'),
                                 ("slash", "Back\\slash 'n' \"quote\"")):
                t.keys("Tab", "/")
                t.text(needle)
                t.keys("Enter", "Enter")
                s = t.wait(lambda s: " 1 brand:" in s.splitlines()[1],
                           "a chip for %r" % want)
                q = query_on(s)
                n = total_on(s)
                if n != 4 or n != query_total(db, q):
                    fail("brand %r: %d items on screen, query %r" %
                         (want, n, q), s)
                t.keys("Enter")  # toggles it off again
                s = t.wait(lambda s: "no filters" in s, "the chip to go")
                t.keys("Escape", "Escape")
            print("ok - values with quotes and backslashes round-trip")
        finally:
            t.kill()

        # Themes by name; an unknown one is an error before the screen.
        for theme in ("default", "light", "mono"):
            t = session(db, UTF8, ["--theme", theme], name=theme)
            try:
                t.wait_for(" items")
            finally:
                t.kill()
        r = run(["browse", "--db", db, "--theme", "no-such-theme"])
        if r.returncode != 2 or "no-such-theme" not in r.stderr:
            fail("an unknown theme: status %d, %r" % (r.returncode, r.stderr))
        print("ok - themes")

        # The config file: a theme, the threshold and a rebound key.
        cfg = os.path.join(tmp, "xdg", "rummage")
        os.makedirs(cfg)
        with open(os.path.join(cfg, "config"), "w") as f:
            f.write("[main]\ntheme = mono\nthreshold = 70\n"
                    "[key-bindings]\nundo = U  # capital only\n"
                    "help = F1 H\n")
        env = dict(UTF8, XDG_CONFIG_HOME=os.path.join(tmp, "xdg"))
        t = session(db, env, name="config")
        try:
            s = t.wait_for("conf>=70")
            t.keys("+")
            t.wait_for("conf>=75")
            t.keys("u")  # no longer undo
            t.keys("U")
            t.wait_for("conf>=70")
            t.keys("H")
            s = t.wait_for("rummage keys")
            if not re.search(r"U +undo", s):
                fail("help does not show the rebound undo key", s)
            print("ok - config file: theme, threshold, key bindings")
        finally:
            t.kill()
        with open(os.path.join(cfg, "config"), "a") as f:
            f.write("[key-bindings]\nno-such-action = x\n")
        r = run(["browse", "--db", db], env=dict(os.environ, **env))
        if r.returncode != 2 or "config:8" not in r.stderr:
            fail("a bad config line: status %d, %r" % (r.returncode,
                                                      r.stderr))
        print("ok - a bad config line is reported with its line")

        # 8- and 88-colour terminals get colours they have; a terminal
        # without colours gets attributes only.
        for term, colours in (("screen", True), ("rxvt-unicode", True),
                              ("xterm-mono", False)):
            t = session(db, dict(UTF8, TERM=term), name=term)
            try:
                t.wait_for(" items")
                s = t.screen(escapes=True)
                got = colour_params(s)
                if bool(got) != colours:
                    fail("%s: colours %r, expected %s" % (term, got[:5],
                                                         colours), s)
                if not colours and "\x1b[7m" not in s:
                    fail("%s: no reverse video without colours" % term, s)
                print("ok - %s: %s" % (term, "colours" if colours else
                                       "attributes only"))
            finally:
                t.kill()

        # A bad TERM gives a message, not a mess; so does no terminal.
        t = session(db, dict(UTF8, TERM="dumb"), name="dumb")
        try:
            s = t.wait_for("rummage-exit=")
            if "rummage-exit=1" not in s or "cursor addressing" not in s:
                fail("TERM=dumb: no message", s)
        finally:
            t.kill()
        r = run(["browse", "--db", db], stdin=subprocess.DEVNULL)
        if r.returncode != 1 or "needs a terminal" not in r.stderr or \
                r.stdout:
            fail("no terminal: status %d, %r" % (r.returncode, r.stderr))
        print("ok - TERM=dumb and no terminal refused with a message")
    print("all looks tests passed")


if __name__ == "__main__":
    main()
