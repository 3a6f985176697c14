#!/usr/bin/env python3
"""The sidebar shows what `rummage query --json --disjunctive` counts: two
brands and a type selected and a colour excluded with the facet keys,
then, on every sidebar tab (brand ... text, date), the values and numbers
on screen equal `query --json --disjunctive --facet-limit 0` for the query
the query bar shows, including the "counts: OR" mark of a facet with a
selection, the marks of selected and excluded values, and the text tab's
value search. Brands that need quotes (a blank, an apostrophe) go through
select, chip and removal and come back out unchanged.

    tests/ui/test_facets.py [build/rummage]
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uitest import (Tmux, TempDir, fail, make_index, query_on,  # noqa: E402
                    record, rummage_path, run, total_on, write_records)

WIDTH, HEIGHT = 200, 50
BRANDS = ["Levi's Jeans", "Comme des Gar\u00e7ons", "Zara", "H&M",
          "O'Neill", "Acne Studios"]
TYPES = ["Jeans", "Dress"]
COLORS = ["blue", "black", "white", "red", "light blue"]


def records():
    """240 items over a year; brand, type and colour vary independently;
    two OCR fragments of each item are its own, so that the text tab of
    the query has more values than the screen has rows."""
    recs = []
    for i in range(240):
        texts = [("LOT %d" % i, 90.0), ("REF-%d" % i, 60.0),
                 ("MADE IN", 80.0 - i % 3 * 20), ("SIZE", 99.0)]
        if i % 4 == 0:
            texts.append(("LEVI'S", 70.0))
        recs.append(record(
            "item%03d" % i, i * 5 // 4, BRANDS[i % len(BRANDS)],
            ptype=TYPES[i // 7 % len(TYPES)],
            color=COLORS[i // 3 % len(COLORS)], size="SML"[i // 11 % 3],
            labels=(("Clothing", 99.0), ("Denim", 30.0 + i % 70)),
            texts=texts))
    return recs


def answer(db, q):
    """What `rummage query --json --disjunctive` answers for q."""
    args = ["query", "--db", db, "--json", "--disjunctive",
            "--facet-limit", "0", "--limit", "0"]
    r = run(args + (["--", q] if q.startswith("-") else [q]))
    if r.returncode != 0:
        fail("rummage query %r failed: %s" % (q, r.stderr))
    return json.loads(r.stdout)


def sidebar(screen):
    """The sidebar of a screen: (tabs, summary, [(mark, name, count)])."""
    lines = screen.splitlines()
    if len(lines) < 5 or "\u2502" not in lines[2]:
        return None
    w = lines[2].index("\u2502")
    namew = w - 2 - 8 - 11          # as sidebar.c lays out w >= 40
    rows = []
    for line in lines[4:-1]:
        part = line[:w]
        if not part.strip():
            break
        count = part[2 + namew:2 + namew + 8].strip()
        if not count.isdigit():
            return None
        rows.append((part[0], part[2:2 + namew].rstrip(), int(count)))
    # The shown tab is marked with a triangle before its name.
    return ([tab.lstrip("\u25b8") for tab in lines[2][:w].split()],
            lines[3][:w].strip(), rows)


def check_tab(t, db, q, key, disjunctive, marks, search=None):
    """The tab on screen shows facet `key` of q's answer (filtered by
    search, a case-folded substring, when given), and its tab is the one
    marked."""
    want_all = list(answer(db, q)["facets"][key].items())
    want = want_all
    if search:
        want = [(v, c) for v, c in want_all
                if search.casefold() in v.casefold()]

    def shown(s):
        sb = sidebar(s)
        if sb is None or not sb[2]:
            return False
        n = min(len(want), len(sb[2]))
        return [(name, c) for _, name, c in sb[2][:n]] == want[:n]

    s = t.wait(shown, "the %s tab to show the counts of rummage query" % key)
    tabs, summary, rows = sidebar(s)
    marked = re.findall(r"\u25b8(\S+)", s.splitlines()[2])
    if len(marked) != 1 or marked[0].rstrip("\u2026").lower() != \
            key[:len(marked[0].rstrip("\u2026"))]:
        fail("%s: the marked tab is %r" % (key, marked), s)
    if len(rows) < min(len(want), HEIGHT - 5):
        fail("%s: %d rows on screen, rummage query has %d values" %
             (key, len(rows), len(want)), s)
    if search:
        m = re.match(r"(\d+)/(\d+) matching", summary)
        if not m or int(m.group(1)) != len(want) or \
                int(m.group(2)) != len(want_all):
            fail("%s: search %r says %r, want %d/%d" %
                 (key, search, summary, len(want), len(want_all)), s)
    else:
        m = re.match(r"(\d+) values", summary)
        if not m or int(m.group(1)) != len(want):
            fail("%s: %r, rummage query has %d values" %
                 (key, summary, len(want)), s)
        if ("counts: OR, as if unselected" in summary) != disjunctive:
            fail("%s: the disjunctive mark is %r, rummage query says %s" %
                 (key, summary, disjunctive), s)
    for mark, name, _ in rows:
        if marks.get(name, " ") != mark:
            fail("%s: %r is marked %r, want %r" %
                 (key, name, mark, marks.get(name, " ")), s)
    print("ok - %s tab: %d values, %d on screen, equal to rummage query%s" %
          (key, len(want), len(rows), " (disjunctive)" if disjunctive
           else ""))
    return s


def chips(s):
    return s.splitlines()[1]


def select(t, key, needle, chip):
    """In the sidebar: search needle, pick the first match with key
    (Enter or x), clear the search; wait for chip in the chips."""
    t.keys("/")
    t.text(needle)
    t.keys("Enter", key)
    s = t.wait(lambda s: chip in chips(s), "the chip %r" % chip)
    t.keys("Escape")
    t.wait(lambda s: "matching" not in s.splitlines()[3], "search cleared")
    return s


def main():
    with TempDir() as tmp:
        write_records(os.path.join(tmp, "records"), records())
        db = make_index(tmp, records=os.path.join(tmp, "records"))
        t = Tmux("facets")
        try:
            session(t, db)
        finally:
            t.kill()
    print("all facet tests passed")


def session(t, db):
    t.start([rummage_path(), "browse", "--db", db],
            env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                 "RUMMAGE_GRAPHICS": "none",
                 "XDG_CONFIG_HOME": "/nonexistent",
                 "TERM": "tmux-256color"}, width=WIDTH, height=HEIGHT)
    t.wait_for(" items")
    t.keys("Tab")
    s = t.wait(lambda s: sidebar(s) is not None, "the sidebar")
    # The tabs are the facets rummage query counts, in the same order.
    tabs = sidebar(s)[0]
    keys = list(answer(db, "")["facets"].keys())
    if not tabs or tabs[0].lower() != keys[0] or "text" not in keys or \
            "date" not in keys:
        fail("tabs %r, rummage query's facets %r" % (tabs, keys), s)

    # Two brands (both need quotes), a type, an excluded colour.
    select(t, "Enter", "levi", 'brand:"Levi\'s Jeans"')
    select(t, "Enter", "comme", 'brand:"Comme des Gar\u00e7ons"')
    t.keys("l")
    select(t, "Enter", "jeans", "type:Jeans")
    t.keys("l")
    s = select(t, "x", "black", "-color:black")
    q = query_on(s)
    want_q = ('brand:"Levi\'s Jeans" brand:"Comme des Gar\u00e7ons" '
              'type:Jeans -color:black')
    if q != want_q:
        fail("query bar %r, want %r" % (q, want_q), s)
    a = answer(db, q)
    if total_on(s) != a["total"] or a["total"] == 0:
        fail("total %d, rummage query %d" % (total_on(s), a["total"]), s)
    if sorted(a["disjunctive"]) != ["brand", "type"]:
        fail("rummage query's disjunctive facets: %r" % a["disjunctive"])
    print("ok - %r: %d items, as rummage query says" % (q, a["total"]))

    # Every tab, from the first: h back to brand (round the table).
    marks = {"Levi's Jeans": "\u2022", "Comme des Gar\u00e7ons": "\u2022",
             "Jeans": "\u2022", "black": "-"}
    t.keys("h", "h")
    for i, key in enumerate(keys):
        if i > 0:
            t.keys("l")
        check_tab(t, db, q, key, key in a["disjunctive"], marks)
        if key == "text":
            # The value search over the text tab, then cleared.
            t.keys("/")
            t.text("lot 1")
            t.keys("Enter")   # keep the search, leave its editing
            check_tab(t, db, q, key, False, marks, search="lot 1")
            t.keys("Escape")
            check_tab(t, db, q, key, False, marks)
    t.keys("l")   # round to the first tab again
    check_tab(t, db, q, keys[0], True, marks)

    # Chips: the quoted brands come back out unchanged. 1 removes the
    # first; Enter on the second brand again toggles it off; Backspace
    # removes the last chip.
    t.keys("1")
    s = t.wait(lambda s: "Levi" not in chips(s), "chip 1 removed")
    q = query_on(s)
    if q != 'brand:"Comme des Gar\u00e7ons" type:Jeans -color:black':
        fail("after removing chip 1: %r" % q, s)
    if total_on(s) != answer(db, q)["total"]:
        fail("total after removing chip 1", s)
    if " 1 brand:\"Comme des Gar\u00e7ons\" " not in chips(s):
        fail("the chip of a quoted brand: %r" % chips(s), s)
    select(t, "Enter", "comme", " 1 type:Jeans")
    s = t.screen()
    if query_on(s) != "type:Jeans -color:black":
        fail("toggling the brand off: %r" % query_on(s), s)
    t.keys("BSpace")
    s = t.wait(lambda s: "-color" not in chips(s), "Backspace")
    if query_on(s) != "type:Jeans" or total_on(s) != \
            answer(db, "type:Jeans")["total"]:
        fail("Backspace: %r" % query_on(s), s)
    # The brand with an apostrophe selected again, then x flips it to an
    # exclusion in place.
    select(t, "Enter", "o'neill", "brand:O'Neill")
    select(t, "x", "o'neill", "-brand:O'Neill")
    s = t.screen()
    if query_on(s) != "type:Jeans -brand:O'Neill":
        fail("x on a selected brand: %r" % query_on(s), s)
    if total_on(s) != answer(db, query_on(s))["total"]:
        fail("total after excluding O'Neill", s)
    print("ok - quoted brands: select, chip, remove, toggle, exclude")

    t.keys("q")
    t.wait_exit()
    print("ok - quit with status 0, nothing reported at exit")


if __name__ == "__main__":
    main()
