#!/usr/bin/env python3
"""Values holding a NUL ("A\\u0000B" in a record) in the browser: the list,
the detail and the facet sidebar show the NUL escaped (A\\x00B), never cut
at it; in the sidebar "A\\u0000B" and "A" are two values, selecting "A"
does not mark "A\\u0000B", and selecting "A\\u0000B" (which no query can
spell) says so instead of filtering on "A".

    tests/ui/test_nul.py [build/rummage]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import (Tmux, TempDir, fail, make_index, record,  # noqa: E402
                    rummage_path, total_on, write_records)

NUL_BRAND = "A\u0000B"
NUL_LABEL = "Je\u0000ans"


def records():
    # Three items of "A\0B" (the newest first), two of "A": the brand facet
    # lists A\0B first (count order).
    recs = [record("nul%d" % i, 100 - i, NUL_BRAND,
                   labels=((NUL_LABEL, 99.0), ("Clothing", 95.0)))
            for i in range(3)]
    recs += [record("plain%d" % i, 10 + i, "A") for i in range(2)]
    return recs


def main():
    with TempDir() as tmp:
        recs = os.path.join(tmp, "records")
        write_records(recs, records())
        db = make_index(tmp, records=recs)
        t = Tmux()
        try:
            run_session(t, db)
        finally:
            t.kill()
    print("all NUL tests passed")


def run_session(t, db):
    t.start([rummage_path(), "browse", "--db", db],
            env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                 "RUMMAGE_GRAPHICS": "none", "XDG_CONFIG_HOME": "/nonexistent",
                 "TERM": "tmux-256color"})
    s = t.wait_for(" items")
    if total_on(s) != 5:
        fail("want 5 items (records with \\u0000 are indexed)", s)
    if "\0" in s:
        fail("a raw NUL reached the screen", s)
    if "A\\x00B" not in s:
        fail("the list does not show the brand A\\x00B", s)
    print("ok - the list shows A\\x00B")

    # The detail of the newest item: brand and label whole, NUL escaped.
    t.keys("Enter")
    s = t.wait_for("Je\\x00ans")
    if "A\\x00B" not in s:
        fail("the detail does not show the brand A\\x00B", s)
    print("ok - the detail shows A\\x00B and Je\\x00ans")
    t.keys("Escape")
    t.wait(lambda s: "Item nul0" not in s, "the list again")

    # The sidebar: two values, A\0B first.
    t.keys("Tab")
    s = t.wait(lambda s: "2 values" in s, "the brand facet with 2 values")
    rows = [ln for ln in s.splitlines() if "A\\x00B" in ln]
    if not rows:
        fail("the sidebar does not list A\\x00B", s)
    # Enter on A\0B: no query can spell it; the query stays empty.
    t.keys("Enter")
    s = t.wait_for("cannot be written in a query")
    if total_on(s) != 5:
        fail("selecting A\\x00B filtered the list", s)
    # j, Enter: brand:A, which the NUL values are not.
    t.keys("j", "Enter")
    s = t.wait(lambda s: " 1 brand:" in s.splitlines()[1], "a brand:A chip")
    if total_on(s) != 2:
        fail("brand:A should find the 2 items of A, not A\\x00B's", s)
    side = [ln for ln in s.splitlines() if "A\\x00B" in ln]
    if not side or "\u2022" in side[0].split("A\\x00B")[0][-4:]:
        fail("A\\x00B is marked selected by brand:A", s)
    print("ok - the sidebar keeps A\\x00B and A apart")
    t.keys("q")
    t.wait_exit()


if __name__ == "__main__":
    main()
